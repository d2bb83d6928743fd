// Rows of any file a user brings, mapped by the presets: the one way from a file to samples and traces.
// import streams them into the store (importer.ts, with its own parallel JSONL path); the replay server,
// evaluation benchmarks and decontamination's eval files read them here.
import { stat } from 'node:fs/promises';
import type { PresetName } from './catalog';
import { checkFieldSizes, typeName, type Row } from './fields';
import { formatOf, type RawItem } from './formats';
import { detectPreset, presetByName, type Preset } from './presets';
import { LineError, type SampleRecord } from './record';
import { withoutMissingValues } from './missing';

export interface RecordOptions {
  /** A preset name, or auto (the default): detected from the first row. */
  preset?: PresetName;
  /** field=column pairs that override the preset's columns (`--map`). */
  fieldMap?: Record<string, string>;
  teacher?: string;
  maxFieldChars?: number;
}

/**
 * One row of a file: its mapped record, or why it has none: it did not parse (`unreadable`: bad JSON or UTF-8,
 * not an object) or the preset could not map it (a missing or mistyped field).
 */
export interface SourceRecord { line: number; record?: SampleRecord; error?: string; unreadable?: boolean }

export interface RecordSource {
  file: string;
  preset: Preset;
  records: AsyncGenerator<SourceRecord>;
}

/** The preset given by name, else the one the first row's columns fit (a LineError at that row if none does). */
export function choosePreset(name: PresetName | undefined, line: number, firstRow: () => Row, fieldMap?: Record<string, string>): Preset {
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

/** The preset for a file's rows (given, or fitting the first row) and all its rows; null when it has none. */
export async function presetForRows(items: AsyncGenerator<RawItem[]>, name: PresetName | undefined, fieldMap?: Record<string, string>):
  Promise<{ preset: Preset; rows: AsyncGenerator<RawItem[]> } | null> {
  const head = await items.next();
  if (head.done || !head.value.length) return null;
  const first = head.value[0];
  const preset = choosePreset(name, first.line, () => {
    if (first.error !== undefined || !first.value || typeof first.value !== 'object') throw new LineError(first.line, first.error ?? 'expected an object');
    return first.value as Row;
  }, fieldMap);
  async function* rows() {
    yield head.value as RawItem[];
    yield* items;
  }
  return { preset, rows: rows() };
}

/**
 * Opens a file through its format and picks the preset. Problems with the file as a whole (missing, empty,
 * unreadable first row, no preset fits) throw a LineError carrying the file and place.
 */
export async function openRecords(file: string, opts: RecordOptions = {}): Promise<RecordSource> {
  const fail = (line: number, message: string) => new LineError(line, message, file);
  let size: number;
  try {
    ({ size } = await stat(file));
  } catch {
    throw fail(0, 'file not found');
  }
  if (size === 0) throw fail(0, 'file is empty');
  let opened: Awaited<ReturnType<typeof presetForRows>>;
  try {
    opened = await presetForRows((await formatOf(file)).read(file), opts.preset, opts.fieldMap);
  } catch (e) {
    if (e instanceof LineError) throw e.file ? e : fail(e.line, e.message);
    throw fail(0, (e as Error).message);
  }
  if (!opened) throw fail(0, 'file has no rows');
  const { preset, rows } = opened;
  return { file, preset, records: mapRecords(rows, preset, opts, file) };
}

async function* mapRecords(items: AsyncGenerator<RawItem[]>, preset: Preset, opts: RecordOptions, file: string): AsyncGenerator<SourceRecord> {
  const mapOpts = { fieldMap: opts.fieldMap, teacher: opts.teacher };
  try {
    for await (const batch of items) {
      for (const it of batch) {
        if (it.error !== undefined) { yield { line: it.line, error: it.error, unreadable: true }; continue; }
        const v = it.value;
        if (!v || typeof v !== 'object' || Array.isArray(v)) { yield { line: it.line, error: `expected a JSON object, got ${typeName(v)}`, unreadable: true }; continue; }
        try {
          if (opts.maxFieldChars !== undefined) checkFieldSizes(v as Row, opts.maxFieldChars);
          yield { line: it.line, record: withoutMissingValues(preset.map(v as Row, mapOpts)) };
        } catch (e) {
          yield { line: it.line, error: (e as Error).message };
        }
      }
    }
  } catch (e) {
    if (e instanceof LineError) throw e.file ? e : new LineError(e.line, e.message, file);
    throw new LineError(0, (e as Error).message, file);
  }
}

/** Every row of a file, mapped (for readers that keep them all: benchmarks, replay traces, eval files). */
export async function readRecords(file: string, opts: RecordOptions = {}): Promise<{ preset: Preset; records: SourceRecord[] }> {
  const src = await openRecords(file, opts);
  const records: SourceRecord[] = [];
  for await (const r of src.records) records.push(r);
  return { preset: src.preset, records };
}

/** `file:line: message` (no line for the file as a whole). */
export function placeOf(e: LineError, name = e.file ?? ''): string {
  return `${name}${e.line ? `:${e.line}` : ''}: ${e.message}`;
}
