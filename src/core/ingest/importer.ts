// Imports trace files into the store. Each file is all-or-nothing unless skipBad, which keeps the good rows and
// lists the bad ones; it is written in batches that commit about once a second, so other writers get turns
// (store/file-import.ts takes a refused file's batches back). Content hashes make a re-import add nothing twice
// (identity and gold rules: hash.ts, store/sample-writer.ts).
import { stat } from 'node:fs/promises';
import { checkInputFile } from './input-file';
import { basename, resolve } from 'node:path';
import type { Db } from '../store/db';
import { FileImport, TURN_MS } from '../store/file-import';
import { enterBulkJournal } from '../store/bulk-journal';
import type { ImportError, ImportFileResult, ImportOptions, ImportProgress, ImportResult } from '../../shared/protocol';
import { datasetNameOf } from './catalog';
import { formatOf, type RawItem } from './formats';
import { type Preset } from './presets';
import { FileDigest } from './file-digest';
import { choosePreset, presetForRows } from './rows';
import { emptyBatch, mapRow, type MapOptions } from './map-rows';
import { packText } from './pack-text';
import { readFirstJsonLine, readJsonl, type SourceBatch } from './readers/jsonl';
import { LineError } from './record';
import type { Row } from './fields';

export interface ImportRunOptions extends ImportOptions {
  onProgress?: (p: Omit<ImportProgress, 'token'>) => void;
  signal?: AbortSignal;
  /** Parse worker threads for JSONL (default: see readJsonl). */
  workers?: number;
  /** How long one committed batch may hold the write lock (ms; default file-import.ts DEFAULT_BATCH_MS). */
  batchMs?: number;
  /** Bytes of JSONL parsed per batch (default: see readJsonl). */
  chunkBytes?: number;
  /** Into an empty database that no other connection has open, write with a rollback journal (store/bulk-journal.ts). */
  bulkJournal?: boolean;
}

export class ImportCancelled extends Error {
  constructor() { super('import cancelled'); }
}

/** Errors listed per file; beyond this only the count grows. */
const MAX_LISTED_ERRORS = 1000;
/** Characters in one text field (32 M, as `--max-field-mb 32` and the error message count them: 10^6). */
export const DEFAULT_MAX_FIELD_BYTES = 32_000_000;

export function defaultDatasetName(file: string): string {
  return datasetNameOf(basename(file));
}

export async function importFiles(db: Db, opts: ImportRunOptions): Promise<ImportResult> {
  const started = performance.now();
  if (!opts.files.length) throw new Error('no files given');
  const dataset = opts.dataset ?? defaultDatasetName(opts.files[0]);
  const result: ImportResult = {
    dataset, rows: 0, traces: 0, skipped: 0, errors: [], new_samples: 0, new_traces: 0, files: [], bytes: 0, seconds: 0, gold_filled: 0, gold_conflicts: 0,
  };
  const bulk = opts.bulkJournal ? enterBulkJournal(db) : null;
  try {
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
        result.gold_filled += r.gold_filled;
        result.gold_conflicts += r.gold_conflicts;
      }
    }
  } finally {
    bulk?.leave();
  }
  result.bytes = (await Promise.all(opts.files.map((f) => stat(f).then((s) => s.size, () => 0)))).reduce((a, b) => a + b, 0);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

async function importOneFile(db: Db, file: string, dataset: string, opts: ImportRunOptions, errors: ImportError[]): Promise<ImportFileResult> {
  const fr: ImportFileResult = {
    file, preset: opts.preset ?? 'auto', rows: 0, traces: 0, new_samples: 0, new_traces: 0, skipped: 0, ok: false, gold_filled: 0, gold_conflicts: 0,
  };
  const fail = (line: number, message: string, e?: unknown) => {
    const columns = e instanceof LineError ? e.columns : undefined; // choosePreset wraps UnknownSchemaError's columns
    errors.push({ file, line, message, ...(columns ? { columns } : {}) });
    return fr;
  };

  const checked = await checkInputFile(file);
  if (!checked.ok) return fail(0, checked.problem);
  const { size, mtimeMs } = checked;
  // The file's SHA-256, fed by the reader as it reads (the export manifest's provenance).
  const digest = new FileDigest();

  let source: AsyncGenerator<SourceBatch>;
  let preset: Preset;
  const mapOpts = (p: Preset): MapOptions => ({
    preset: p.name, fieldMap: opts.fieldMap, teacher: opts.teacher, source: opts.source, file, maxFieldChars: opts.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES,
  });
  try {
    const format = await formatOf(file);
    if (format.name === 'jsonl') {
      // The whole first line, however long (a first row with a huge field must get its own clear error).
      const first = await readFirstJsonLine(file);
      if (!first) return fail(0, 'file has no rows (only blank lines)');
      preset = choosePreset(opts.preset, first.line, () => {
        try {
          return JSON.parse(first.text) as Row;
        } catch (e) {
          throw new LineError(first.line, `invalid JSON: ${(e as Error).message}`);
        }
      }, opts.fieldMap);
      // JSONL, the common large case, is parsed, mapped and hashed in worker threads.
      // Each batch is written before the next is asked for, so its buffers are read and packed into again (recycle).
      source = readJsonl(file, mapOpts(preset), { workers: opts.workers, chunkBytes: opts.chunkBytes, signal: opts.signal, digest, recycle: true });
    } else {
      const opened = await presetForRows(format.read(file, digest), opts.preset, opts.fieldMap);
      if (!opened) return fail(0, 'file has no rows');
      preset = opened.preset;
      source = mapItems(opened.rows, mapOpts(preset));
    }
  } catch (e) {
    return fail(e instanceof LineError ? e.line : 0, (e as Error).message, e);
  }
  fr.preset = preset.name;

  const listError = (line: number, message: string) => {
    if (errors.length < MAX_LISTED_ERRORS) errors.push({ file, line, message });
  };
  let bad = 0;
  let bytes = 0;
  let tx: FileImport | undefined;
  // A field map that names no trace column asks for questions only (the documented route for evaluation sets).
  const mapsTraces = !opts.fieldMap || ['thinking', 'response', 'attempt'].some((k) => k in opts.fieldMap!);
  try {
    tx = new FileImport(db, dataset, preset.kind, { path: file, size, mtimeMs, preset: preset.name }, { batchMs: opts.batchMs });
    for await (const batch of source) {
      if (opts.signal?.aborted) throw new ImportCancelled();
      for (const e of batch.errors) listError(e.line, e.message);
      bad += batch.errors.length;
      // Without skipBad, the first bad row dooms the file: keep scanning only to list every error.
      if (bad === 0 || opts.skipBad) {
        const w = tx.write(batch.samples);
        fr.new_samples += w.newSamples;
        fr.new_traces += w.newTraces;
        fr.gold_filled += w.goldFilled;
        fr.gold_conflicts += w.goldConflicts;
      }
      fr.rows += batch.rows;
      fr.traces += batch.traces;
      if (batch.unknownProducer) fr.unknown_producer_traces = (fr.unknown_producer_traces ?? 0) + batch.unknownProducer;
      bytes += batch.bytes;
      // Commit a batch only while the file cannot be refused for what is already known: no bad row kept out, and
      // a trace preset has seen a trace. A later refusal then takes the batches back (file-import.ts).
      if ((bad === 0 || opts.skipBad) && fr.rows > 0 && !(preset.kind === 'traces' && mapsTraces && fr.traces === 0)) {
        if (tx.maybeCommit({ ...fr, skipped: bad })) await new Promise((r) => setTimeout(r, TURN_MS));
      }
      opts.onProgress?.({ file, bytes, totalBytes: size, rows: fr.rows });
    }
    if (bad && !opts.skipBad) {
      tx.rollback();
      return { ...fr, rows: 0, traces: 0, new_samples: 0, new_traces: 0, gold_filled: 0, gold_conflicts: 0 };
    }
    if (fr.rows === 0) {
      tx.rollback();
      if (!bad) listError(0, 'file has no rows');
      return { ...fr, skipped: bad };
    }
    if (preset.kind === 'traces' && fr.traces === 0 && mapsTraces) {
      // A trace preset that found no trace in any row would store questions that look like a traces set.
      tx.rollback();
      const cols = preset.traceColumns?.length ? ` (${preset.traceColumns.join(', ')} empty or null in every row)` : '';
      listError(0, `the ${preset.name} preset reads traces, but none of the ${fr.rows} rows has one${cols}: nothing imported. `
        + 'For questions without responses pass an evaluation preset (--preset qa), or name the trace columns with --map thinking=COL,answer=COL');
      return { ...fr, rows: 0, traces: 0, new_samples: 0, new_traces: 0, gold_filled: 0, gold_conflicts: 0, skipped: bad };
    }
    fr.skipped = bad;
    tx.setSha256(digest.hex(size));
    tx.commit(fr);
    fr.ok = true;
    return fr;
  } catch (e) {
    tx?.rollback();
    if (e instanceof ImportCancelled || opts.signal?.aborted) throw new ImportCancelled();
    return fail(e instanceof LineError ? e.line : 0, (e as Error).message, e);
  } finally {
    await source.return(undefined as never);
  }
}

/** Maps the rows of a non-JSONL format on this thread; a reader's LineError reaches the caller with its line. */
async function* mapItems(items: AsyncGenerator<RawItem[]>, opts: MapOptions): AsyncGenerator<SourceBatch> {
  for await (const chunk of items) {
    const out = emptyBatch();
    for (const it of chunk) {
      const before = out.errors.length;
      if (it.error !== undefined) out.errors.push({ line: it.line, message: it.error });
      else mapRow(it.value, it.line, opts, out, true); // packText below hashes the keys from the bytes
      // Several elements share a line in a minified array: the element's index tells them apart.
      if (it.element !== undefined) for (let i = before; i < out.errors.length; i++) out.errors[i].message += ` (array element ${it.element + 1})`;
    }
    packText(out.samples);
    yield { ...out, bytes: 0 };
  }
}
