// Presets: how each schema users bring (docs/data-formats.md) maps to samples and traces. The one column mapping:
// import, the replay server, evaluation benchmarks and decontamination's eval files all read rows through it
// (rows.ts). Names and descriptions are in catalog.ts; the presets themselves in presets-traces.ts and
// presets-eval.ts. A field map (logical field → column or path) overrides any preset's column names.
import { basename } from 'node:path';
import { stripDataExtension, type PresetName } from './catalog';
import { columnsSeen, FieldMapError, suggestMap } from './field-map';
import { rootColumn, type Row } from './fields';
import type { Preset, PresetOptions } from './preset-types';
import { aime, gpqa, math500, mcq, qa, verl } from './presets-eval';
import { apps, openthoughtsMetadata, taco } from './presets-code';
import { generic, openthoughts, s1, s1k, sft, skythought, skythoughtResults, stratos } from './presets-traces';
import { JsonText, type SampleRecord } from './record';

export type { Preset, PresetOptions } from './preset-types';

/** Every preset by name: the compiler checks catalog.ts's names all have one. */
const BY_NAME: Record<Exclude<PresetName, 'auto'>, Preset> = {
  s1, s1k, stratos, openthoughts, skythought, 'skythought-results': skythoughtResults, sft, math500, aime, gpqa, mcq, verl, qa, generic,
  apps, taco, 'openthoughts-metadata': openthoughtsMetadata,
};

/** Listing order, and the order that breaks a tie between presets fitting a row equally well. */
export const PRESETS: readonly Preset[] = [s1k, s1, stratos, openthoughts, openthoughtsMetadata, skythought, skythoughtResults, sft, math500, gpqa, mcq, aime, verl, taco, apps, qa, generic];

export function presetByName(name: string): Preset | undefined {
  return Object.hasOwn(BY_NAME, name) ? BY_NAME[name as keyof typeof BY_NAME] : undefined;
}

/** No preset fits a row; `columns` are the columns it has (the editor offers them to map by hand). */
export class UnknownSchemaError extends Error {
  constructor(message: string, readonly columns: string[] = []) {
    super(message);
  }
}

/**
 * Picks the preset for a row: every preset whose required columns are there (and that nothing in the row rules
 * out) is scored by how many of the row's columns it reads; trace presets come first, so a row with a thinking
 * column keeps its traces even when it also looks like an evaluation set. Refuses, listing the columns seen and
 * a `--map` that would read them, when none fits.
 */
export function detectPreset(row: Row, fieldMap?: Record<string, string>, mapFlag = '--map', importing = mapFlag === '--map'): Preset {
  const columns = new Set(Object.keys(row));
  let best: { preset: Preset; score: number } | undefined;
  for (const p of PRESETS) {
    if (!p.detect(columns, row)) continue;
    const score = (p.kind === 'traces' ? 1000 : 0) + p.columns.filter((c) => columns.has(c)).length;
    if (!best || score > best.score) best = { preset: p, score };
  }
  if (best) return best.preset;
  if (fieldMap && (fieldMap.question || columns.has('question'))) return generic;
  // import and serve-replay have --preset beside --map; an evaluation file's map (--eval-map, --benchmark-map) has none.
  // Only import imports (serve-replay reads its --traces the same way, storing nothing).
  const own = mapFlag === '--map';
  throw new UnknownSchemaError(
    `no preset fits the columns [${[...columns].join(', ')}]${importing ? '; nothing was imported' : ''}. ` +
    `Name the columns with ${suggestMap(row, mapFlag)} (fields: question, answer, solution, thinking, attempt, response, grade, source, domain; ` +
    `a path such as prompt[0].value or reward_model.ground_truth also works)${own ? ', or pass --preset' : ''}.`, [...columns]);
}

/**
 * Checks, before any row is stored, that a preset reads the file's first row: a field it cannot read, or a traces
 * preset that finds none of its trace columns, is one error for the whole file (not one per row).
 */
export function checkPresetFits(preset: Preset, row: Row, opts: PresetOptions, explicit: boolean, mapFlag = '--map'): void {
  const how = explicit ? `--preset ${preset.name}` : `the detected preset ${preset.name}`;
  const instead = () => {
    const other = explicit ? tryDetect(row) : undefined;
    return other && other !== preset ? `the columns fit --preset ${other.name} (or leave --preset out to detect it)` : `try ${suggestMap(row, mapFlag)}`;
  };
  try {
    preset.map(row, opts);
  } catch (e) {
    throw new FieldMapError(`${how} does not fit this file (first row: ${(e as Error).message}); ${columnsSeen(row)}; ${instead()}`);
  }
  // A traces preset needs one of its trace columns (or a mapped one) in the file; a row whose trace is null is fine.
  const fm = opts.fieldMap ?? {};
  const mapped = !!(fm.thinking || fm.response || fm.conversations || fm.responses);
  const columns = preset.traceColumns ?? [];
  if (preset.kind === 'traces' && preset !== generic && !mapped && !columns.some((c) => Object.hasOwn(row, c))) {
    throw new FieldMapError(`${how} found none of its trace columns (${columns.join(', ')}) in the first row, so it would store 0 traces; ${columnsSeen(row)}; ${instead()}`);
  }
}

function tryDetect(row: Row): Preset | undefined {
  try { return detectPreset(row); } catch { return undefined; }
}

/**
 * Maps a row through its preset and completes the sample: a source from the rows, else `--source`, else the file
 * name (never the preset's name); every column the preset does not read is kept in the metadata.
 */
export function mapWithPreset(preset: Preset, row: Row, opts: PresetOptions): SampleRecord {
  const record = preset.map(row, opts);
  if (!record.source) record.source = opts.source ?? (opts.file ? stripDataExtension(basename(opts.file)) : null);
  const unused = unusedColumns(preset, row, opts);
  if (unused) record.metadata = withUnused(record.metadata, unused);
  return record;
}

/** Each preset's own columns as a set, made once (unusedColumns runs on every row). */
const presetColumns = new WeakMap<Preset, ReadonlySet<string>>();

function unusedColumns(preset: Preset, row: Row, opts: PresetOptions): Record<string, unknown> | null {
  let own = presetColumns.get(preset);
  if (!own) presetColumns.set(preset, own = new Set(preset.columns));
  let read = own;
  if (opts.fieldMap) {
    const withMapped = new Set(own);
    for (const column of Object.values(opts.fieldMap)) withMapped.add(rootColumn(row, column));
    read = withMapped;
  }
  let out: Record<string, unknown> | null = null;
  for (const k in row) {
    if (!Object.hasOwn(row, k)) continue;
    const v = row[k];
    if (read.has(k) || v === undefined) continue;
    (out ??= {})[k] = v;
  }
  return out;
}

/** The preset's own metadata wins over a column of the same name; metadata that is not an object is kept under `metadata`. */
function withUnused(metadata: unknown, unused: Record<string, unknown>): unknown {
  if (metadata === undefined || metadata === null) return unused;
  if (metadata instanceof JsonText) return { ...unused, metadata: JSON.parse(metadata.text) };
  if (typeof metadata === 'object' && !Array.isArray(metadata)) return { ...unused, ...metadata };
  return { ...unused, metadata };
}
