// Rows of any file a user brings, mapped by the presets: the one way from a file to samples and traces.
// import streams them into the store (importer.ts, with its own parallel JSONL path); the replay server,
// evaluation benchmarks and decontamination's eval files read them here.
import { checkInputFile } from './input-file';
import type { PresetName } from './catalog';
import { checkFieldSizes, typeName, type Row } from './fields';
import { formatOf, type RawItem } from './formats';
import { checkFieldMap } from './field-map';
import { checkPresetFits, detectPreset, mapWithPreset, presetByName, UnknownSchemaError, type Preset } from './presets';
import { LineError, type SampleRecord } from './record';
import { withoutMissingValues } from './missing';

export interface RecordOptions {
  /** A preset name, or auto (the default): detected from the first row. */
  preset?: PresetName;
  /** field=column pairs that override the preset's columns (`--map`). */
  fieldMap?: Record<string, string>;
  /** The flag the field map came from, named in its errors (default --map; --eval-map, --benchmark-map). */
  mapFlag?: string;
  teacher?: string;
  /** The source of samples whose rows name none (`--source`; default: the file name). */
  source?: string;
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

/**
 * The preset given by name, else the one the first row's columns fit. The field map and the preset are checked
 * against the first row before any row is mapped: a map to a missing column, an unknown map key or a preset that
 * does not fit is one LineError at that row, not an error per row.
 */
export function choosePreset(name: PresetName | undefined, line: number, firstRow: () => Row, fieldMap?: Record<string, string>, mapFlag = '--map', importing?: boolean): Preset {
  const explicit = !!name && name !== 'auto';
  let preset: Preset | undefined;
  if (explicit) {
    preset = presetByName(name);
    if (!preset) throw new Error(`unknown preset '${name}'`);
  }
  let row: Row;
  try {
    row = firstRow();
  } catch (e) {
    // With a named preset an unreadable first row is that row's error, reported with the others.
    if (preset) return preset;
    // Without one, the schema is detected from this row: a refusal of the file as a whole (line 0), which skipping bad
    // rows would not change.
    throw new LineError(0, `${(e as Error).message}; the schema cannot be detected from the first row (line ${line}): name the preset`);
  }
  try {
    checkFieldMap(fieldMap, row, mapFlag);
    preset ??= detectPreset(row, fieldMap, mapFlag, importing);
    checkPresetFits(preset, row, { fieldMap }, explicit, mapFlag);
    return preset;
  } catch (e) {
    // A refusal of the file as a whole (line 0): skipping bad rows would not change it.
    throw new LineError(0, `${(e as Error).message} (read from the first row, line ${line})`, undefined, e instanceof UnknownSchemaError ? e.columns : undefined);
  }
}

/** The preset for a file's rows (given, or fitting the first row) and all its rows; null when it has none. */
export async function presetForRows(items: AsyncGenerator<RawItem[]>, name: PresetName | undefined, fieldMap?: Record<string, string>, mapFlag?: string, importing?: boolean):
  Promise<{ preset: Preset; rows: AsyncGenerator<RawItem[]> } | null> {
  const head = await items.next();
  if (head.done || !head.value.length) return null;
  const first = head.value[0];
  const preset = choosePreset(name, first.line, () => {
    if (first.error !== undefined || !first.value || typeof first.value !== 'object' || Array.isArray(first.value)) throw new LineError(first.line, first.error ?? 'expected an object');
    return first.value as Row;
  }, fieldMap, mapFlag, importing);
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
  const checked = await checkInputFile(file);
  if (!checked.ok) throw fail(0, checked.problem);
  let opened: Awaited<ReturnType<typeof presetForRows>>;
  try {
    // Read for eval, curate's decontamination and serve-replay, never stored: no 'nothing was imported' in its errors.
    opened = await presetForRows((await formatOf(file)).read(file), opts.preset, opts.fieldMap, opts.mapFlag, false);
  } catch (e) {
    if (e instanceof LineError) throw e.file ? e : fail(e.line, e.message);
    throw fail(0, (e as Error).message);
  }
  if (!opened) throw fail(0, 'file has no rows');
  const { preset, rows } = opened;
  return { file, preset, records: mapRecords(rows, preset, opts, file) };
}

async function* mapRecords(items: AsyncGenerator<RawItem[]>, preset: Preset, opts: RecordOptions, file: string): AsyncGenerator<SourceRecord> {
  const mapOpts = { fieldMap: opts.fieldMap, teacher: opts.teacher, source: opts.source, file };
  try {
    for await (const batch of items) {
      for (const it of batch) {
        if (it.error !== undefined) { yield { line: it.line, error: it.error, unreadable: true }; continue; }
        const v = it.value;
        if (!v || typeof v !== 'object' || Array.isArray(v)) { yield { line: it.line, error: `expected a JSON object, got ${typeName(v)}`, unreadable: true }; continue; }
        try {
          if (opts.maxFieldChars !== undefined) checkFieldSizes(v as Row, opts.maxFieldChars);
          yield { line: it.line, record: withoutMissingValues(mapWithPreset(preset, v as Row, mapOpts)) };
        } catch (e) {
          yield { line: it.line, error: (e as Error).message };
        }
      }
    }
  } catch (e) {
    if (e instanceof LineError) throw e.file ? e : new LineError(e.line, e.message, file, e.columns);
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
