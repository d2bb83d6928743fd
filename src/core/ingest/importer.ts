// Imports trace files into the store. Each file is all-or-nothing in one transaction unless skipBad,
// which keeps the good rows and lists the bad ones. Content hashes make a re-import add nothing twice.
import { open, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { Db } from '../store/db';
import { ensureDataset, touchDataset } from '../store/datasets';
import { SampleWriter } from '../store/sample-writer';
import type { ImportError, ImportFileResult, ImportOptions, ImportProgress, ImportResult, PresetName } from '../../shared/protocol';
import { detectPreset, presetByName, type Preset } from './presets';
import { emptyBatch, mapRow, type MapOptions } from './map-rows';
import { packText } from './pack-text';
import { readFirstJsonLine, readJsonl, type SourceBatch } from './readers/jsonl';
import { readJsonArray, type RawItem } from './readers/json-array';
import { readParquet } from './readers/parquet';
import { readCsv } from './readers/csv';
import type { Row } from './fields';

export interface ImportRunOptions extends ImportOptions {
  onProgress?: (p: Omit<ImportProgress, 'token'>) => void;
  signal?: AbortSignal;
  /** Parse worker threads for JSONL (default: see readJsonl). */
  workers?: number;
}

export class ImportCancelled extends Error {
  constructor() { super('import cancelled'); }
}

/** Errors listed per file; beyond this only the count grows. */
const MAX_LISTED_ERRORS = 1000;
export const DEFAULT_MAX_FIELD_BYTES = 32 << 20;

type Format = 'jsonl' | 'json' | 'parquet' | 'csv';

/** By extension; a .json file is a JSON array when its first character is '[' (else one object per line). */
export async function formatOf(path: string): Promise<Format> {
  const ext = extname(path).toLowerCase();
  if (ext === '.parquet') return 'parquet';
  if (ext === '.csv') return 'csv';
  if (ext !== '.json') return 'jsonl';
  const fh = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(64 << 10), 0, 64 << 10, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').trimStart();
    return head.startsWith('[') ? 'json' : 'jsonl';
  } finally {
    await fh.close();
  }
}

export function defaultDatasetName(file: string): string {
  return basename(file).replace(/\.(jsonl|ndjson|json|parquet|csv)$/i, '');
}

export async function importFiles(db: Db, opts: ImportRunOptions): Promise<ImportResult> {
  const started = performance.now();
  if (!opts.files.length) throw new Error('no files given');
  const dataset = opts.dataset ?? defaultDatasetName(opts.files[0]);
  const result: ImportResult = { dataset, rows: 0, traces: 0, skipped: 0, errors: [], new_samples: 0, new_traces: 0, files: [], bytes: 0, seconds: 0 };
  for (const f of opts.files) {
    const file = resolve(f);
    const r = await importOneFile(db, file, dataset, opts, result.errors);
    result.files.push(r);
    if (r.ok) {
      result.rows += r.rows;
      result.traces += r.traces;
      result.skipped += r.skipped;
      result.new_samples += r.new_samples;
      result.new_traces += r.new_traces;
    }
  }
  result.bytes = (await Promise.all(opts.files.map((f) => stat(f).then((s) => s.size, () => 0)))).reduce((a, b) => a + b, 0);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

async function importOneFile(db: Db, file: string, dataset: string, opts: ImportRunOptions, errors: ImportError[]): Promise<ImportFileResult> {
  const fr: ImportFileResult = { file, preset: opts.preset ?? 'auto', rows: 0, traces: 0, new_samples: 0, new_traces: 0, skipped: 0, ok: false };
  const fail = (line: number, message: string) => { errors.push({ file, line, message }); return fr; };

  let size: number, mtimeMs: number;
  try {
    ({ size, mtimeMs } = await stat(file));
  } catch {
    return fail(0, 'file not found');
  }
  if (size === 0) return fail(0, 'file is empty');

  let source: AsyncGenerator<SourceBatch>;
  let preset: Preset;
  const mapOpts = (p: Preset): MapOptions => ({
    preset: p.name, fieldMap: opts.fieldMap, teacher: opts.teacher, maxFieldChars: opts.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES,
  });
  try {
    const format = await formatOf(file);
    if (format === 'jsonl') {
      // The whole first line, however long (a first row with a huge field must get its own clear error).
      const first = await readFirstJsonLine(file);
      if (!first) return fail(0, 'file has no rows (only blank lines)');
      preset = choosePreset(opts.preset, first.line, () => {
        try {
          return JSON.parse(first.text) as Row;
        } catch (e) {
          throw new LineError(first.line, `invalid JSON: ${(e as Error).message}; cannot detect the schema (pass --preset)`);
        }
      }, opts.fieldMap);
      source = readJsonl(file, mapOpts(preset), { workers: opts.workers, signal: opts.signal });
    } else {
      const items = format === 'json' ? readJsonArray(file) : format === 'parquet' ? readParquet(file) : readCsv(file);
      const peeked = await peekFirstRow(items);
      if (!peeked.first) return fail(0, 'file has no rows');
      const v = peeked.first;
      preset = choosePreset(opts.preset, v.line, () => {
        if (v.error !== undefined || !v.value || typeof v.value !== 'object') throw new LineError(v.line, v.error ?? 'expected an object');
        return v.value as Row;
      }, opts.fieldMap);
      source = mapItems(peeked.all, mapOpts(preset));
    }
  } catch (e) {
    return fail(e instanceof LineError ? e.line : 0, (e as Error).message);
  }
  fr.preset = preset.name;

  const listError = (line: number, message: string) => {
    if (errors.length < MAX_LISTED_ERRORS) errors.push({ file, line, message });
  };
  let bad = 0;
  let bytes = 0;
  db.exec('BEGIN IMMEDIATE');
  try {
    const datasetId = ensureDataset(db, dataset, preset.kind);
    const fileId = Number(db.prepare(`INSERT INTO dataset_files (dataset_id, path, size, mtime_ms, preset, rows, traces, new_samples, new_traces, skipped)
      VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0)`).run(datasetId, file, size, Math.round(mtimeMs), preset.name).lastInsertRowid);
    const writer = new SampleWriter(db, datasetId, fileId);
    for await (const batch of source) {
      if (opts.signal?.aborted) throw new ImportCancelled();
      for (const e of batch.errors) listError(e.line, e.message);
      bad += batch.errors.length;
      // Without skipBad, the first bad row dooms the file: keep scanning only to list every error.
      if (bad === 0 || opts.skipBad) {
        const w = writer.write(batch.samples);
        fr.new_samples += w.newSamples;
        fr.new_traces += w.newTraces;
      }
      fr.rows += batch.rows;
      fr.traces += batch.traces;
      bytes += batch.bytes;
      opts.onProgress?.({ file, bytes, totalBytes: size, rows: fr.rows });
    }
    if (bad && !opts.skipBad) {
      db.exec('ROLLBACK');
      return { ...fr, rows: 0, traces: 0, new_samples: 0, new_traces: 0 };
    }
    if (fr.rows === 0) {
      db.exec('ROLLBACK');
      if (!bad) listError(0, 'file has no rows');
      return { ...fr, skipped: bad };
    }
    fr.skipped = bad;
    db.prepare('UPDATE dataset_files SET rows = ?, traces = ?, new_samples = ?, new_traces = ?, skipped = ? WHERE id = ?')
      .run(fr.rows, fr.traces, fr.new_samples, fr.new_traces, fr.skipped, fileId);
    touchDataset(db, datasetId);
    db.exec('COMMIT');
    fr.ok = true;
    return fr;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (e instanceof ImportCancelled || opts.signal?.aborted) throw new ImportCancelled();
    return fail(e instanceof LineError ? e.line : 0, (e as Error).message);
  } finally {
    await source.return(undefined as never);
  }
}

class LineError extends Error {
  constructor(readonly line: number, message: string) { super(message); }
}

function choosePreset(name: PresetName | undefined, line: number, firstRow: () => Row, fieldMap?: Record<string, string>): Preset {
  if (name && name !== 'auto') {
    const p = presetByName(name);
    if (!p) throw new Error(`unknown preset '${name}'`);
    return p;
  }
  const row = firstRow();
  try {
    return detectPreset(row, fieldMap);
  } catch (e) {
    throw new LineError(line, (e as Error).message);
  }
}

async function peekFirstRow(items: AsyncGenerator<RawItem[]>): Promise<{ first?: RawItem; all: AsyncGenerator<RawItem[]> }> {
  const head = await items.next();
  if (head.done || !head.value.length) return { all: items };
  async function* all() {
    yield head.value as RawItem[];
    yield* items;
  }
  return { first: head.value[0], all: all() };
}

async function* mapItems(items: AsyncGenerator<RawItem[]>, opts: MapOptions): AsyncGenerator<SourceBatch> {
  try {
    for await (const chunk of items) {
      const out = emptyBatch();
      for (const it of chunk) {
        if (it.error !== undefined) out.errors.push({ line: it.line, message: it.error });
        else mapRow(it.value, it.line, opts, out);
      }
      packText(out.samples);
      yield { ...out, bytes: 0 };
    }
  } catch (e) {
    const m = /^line (\d+): (.*)$/s.exec((e as Error).message);
    throw m ? new LineError(Number(m[1]), m[2]) : e;
  }
}
