// `distillery export`: a selection's samples and chosen traces, in a trainer's format, with a manifest and a
// dataset card beside them. Streams the database (one sample at a time), writes each file under a temporary
// name and renames them all at the end.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Db } from '../store/db';
import { exportSamples, selectionHasTeacherPairs, selectionSourceFiles } from '../store/export-rows';
import { findSelection } from '../store/selections';
import { InvalidInputError, NotFoundError } from '../errors';
import { conversationRenderer } from '../prompt/chat';
import type { DelimiterStyle } from '../ingest/delimiters';
import { VERSION } from '../version';
import { containerOf, openSink, type Sink } from './containers';
import { DEFAULT_STYLE, rowFormat, sharegptDatasetInfo, type ExportFormat } from './formats';
import { chooseTraces, sampleRejected, type TraceChoice } from './traces';
import { splitOf, type SplitName } from './split';
import { checkTargets, dataPaths, ensureFolder, Staging } from './paths';
import { startTokenCounter, type TokenCounter, type TokenSummary } from './token-stats';
import { datasetCard, type ExportCounts } from './card';

export interface ExportOptions {
  selection: string;
  format: ExportFormat;
  out: string;
  traces?: TraceChoice;
  thinkingFormat?: DelimiterStyle;
  system?: string;
  /** Share of samples in the train file (0 < split < 1); none: one file. */
  split?: number;
  seed?: number;
  chatTemplate?: string;
  force?: boolean;
  /** Recorded in the manifest. */
  dbPath: string;
  /** Exact Qwen token counts for the card (default true). */
  tokenStats?: boolean;
  onProgress?: (samples: number, total: number) => void;
}

export interface ExportedFile { path: string; kind: 'data' | 'manifest' | 'card' | 'dataset_info'; split?: SplitName | 'all'; rows?: number; bytes: number; sha256: string }

export interface ExportSummary {
  selection: string;
  version: number;
  format: ExportFormat;
  traces: TraceChoice;
  thinking_format: DelimiterStyle;
  folder: string;
  files: ExportedFile[];
  counts: ExportCounts;
  tokens: TokenSummary | null;
}

export async function exportSelection(db: Db, o: ExportOptions): Promise<ExportSummary> {
  const choice = o.traces ?? 'best';
  const style = o.thinkingFormat ?? DEFAULT_STYLE[o.format];
  const seed = o.seed ?? 42;
  const out = resolve(o.out);
  const container = containerOf(out);
  if (!container) throw new InvalidInputError(`--out ${o.out}: the file name must end in .jsonl, .json or .parquet (the container is chosen by extension)`);
  if (o.format === 'parquet' && container !== 'parquet') throw new InvalidInputError(`--format parquet writes Parquet: name --out ….parquet (or use --format s1 for s1's columns in ${container})`);
  if (o.format === 'stratos' && style !== 'sky') throw new InvalidInputError(`--format stratos uses Bespoke-Stratos's <|begin_of_thought|> delimiters: leave out --thinking-format (or pass sky), or use --format messages/sharegpt for ${style}`);
  if (o.split !== undefined && !(o.split > 0 && o.split < 1)) throw new InvalidInputError(`--split ${o.split}: the train share must be between 0 and 1 (e.g. 0.95)`);
  const sel = findSelection(db, o.selection);
  if (!sel) throw new NotFoundError(`no selection named '${o.selection}': list them with 'distillery selection' (nothing was written)`);

  const folder = dirname(out);
  const paths = dataPaths(out, o.split !== undefined);
  const extras = { manifest: join(folder, 'manifest.json'), card: join(folder, 'README.md'), info: join(folder, 'dataset_info.json') };
  const sharegpt = o.format === 'sharegpt';
  checkTargets([...Object.values(paths), extras.manifest, extras.card, ...(sharegpt ? [extras.info] : [])], o.force ?? false);
  ensureFolder(out);

  const fmt = rowFormat(o.format, {
    style, system: o.system, chat: conversationRenderer(o.chatTemplate),
    teacherPairs: (o.format === 's1' || o.format === 'parquet') && choice !== 'best' && selectionHasTeacherPairs(db, sel.id),
  });
  const staging = new Staging();
  const sinks = new Map<SplitName | 'all', { sink: Sink; path: string; rows: number }>();
  const counts: ExportCounts = { selected: sel.count, exported_samples: 0, rows: 0, rejected_samples: 0, no_trace: 0, rejected_traces: 0, per_split: {}, per_source: {}, per_label: {}, per_status: {}, per_producer: {} };
  let tokens: TokenCounter | null = null;
  try {
    for (const [split, path] of Object.entries(paths) as [SplitName | 'all', string][]) {
      const tmp = staging.tmpFor(path);
      try {
        sinks.set(split, { sink: openSink(container, tmp, fmt.parquet), path, rows: 0 });
      } catch (e) {
        throw new InvalidInputError(`cannot write ${path}: ${(e as Error).message} (choose a writable folder for --out; nothing was written)`);
      }
    }
    tokens = o.tokenStats === false ? null : startTokenCounter();
    let done = 0;
    for (const s of exportSamples(db, sel.id)) {
      done++;
      if (o.onProgress && done % 500 === 0) o.onProgress(done, sel.count);
      if (sampleRejected(s)) { counts.rejected_samples++; continue; }
      counts.rejected_traces += s.traces.filter((t) => t.humanLabels.some((l) => l === 'drop' || l === 'reject' || l === 'rejected')).length;
      const chosen = chooseTraces(s, choice);
      if (!chosen.length) { counts.no_trace++; continue; }
      const rows = fmt.rows(s, chosen);
      const target = sinks.get(o.split === undefined ? 'all' : splitOf(seed, s.hash, o.split))!;
      for (const r of rows) target.sink.write(r);
      target.rows += rows.length;
      counts.exported_samples++;
      counts.rows += rows.length;
      bump(counts.per_source, s.source ?? '(none)');
      bump(counts.per_status, s.status);
      for (const l of new Set(s.labels.map((x) => `${x.label} (${x.origin === 'human' ? 'person' : x.origin.replace(/^detector:/, 'detector ')})`))) bump(counts.per_label, l);
      for (const t of chosen) {
        bump(counts.per_producer, t.producer);
        if (tokens) await tokens.add(s.question, t.thinking, t.answer);
      }
    }
    o.onProgress?.(done, sel.count);
    const files: ExportedFile[] = [];
    for (const [split, x] of sinks) {
      const { bytes, sha256 } = x.sink.finish();
      counts.per_split[split] = x.rows;
      files.push({ path: x.path, kind: 'data', split, rows: x.rows, bytes, sha256 });
    }
    const tokenSummary = tokens ? await tokens.finish() : null;
    tokens = null;
    const rel = (p: string) => relative(folder, p);
    if (sharegpt) {
      const info: Record<string, unknown> = {};
      const name = sel.name.replace(/[^\w.-]+/g, '_');
      for (const f of files) info[f.split === 'all' || f.split === 'train' ? name : `${name}_${f.split}`] = sharegptDatasetInfo(rel(f.path), Boolean(o.system));
      files.push(writeSmall(staging, extras.info, 'dataset_info', JSON.stringify(info, null, 2) + '\n'));
    }
    const manifest = {
      tool: 'distillery', version: VERSION, created_at: new Date().toISOString(), database: resolve(o.dbPath),
      selection: { name: sel.name, version: sel.version, created_at: sel.created_at, seed: sel.seed, recipe: sel.recipe, funnel: sel.funnel },
      export: { format: o.format, container, traces: choice, thinking_format: style, system: o.system ?? null, chat_template: o.chatTemplate ?? 'qwen2.5', split: o.split ?? null, seed },
      counts, tokens: tokenSummary,
      files: files.map((f) => ({ path: rel(f.path), kind: f.kind, split: f.split, rows: f.rows, bytes: f.bytes, sha256: f.sha256 })),
      // dataset_files keeps each source's path, size and modification time (no content hash is stored at import).
      sources: selectionSourceFiles(db, sel.id),
    };
    const manifestFile = writeSmall(staging, extras.manifest, 'manifest', JSON.stringify(manifest, null, 2) + '\n');
    const card = datasetCard({
      name: sel.name, version: sel.version, format: o.format, container, traces: choice, style,
      data: files.filter((f) => f.kind === 'data').map((f) => ({ split: f.split === 'all' ? 'train' : f.split!, path: rel(f.path) })),
      columns: fmt.columns, counts, tokens: tokenSummary, funnel: sel.funnel, recipe: sel.recipe, seed: sel.seed,
    });
    const cardFile = writeSmall(staging, extras.card, 'card', card);
    staging.commit();
    return {
      selection: sel.name, version: sel.version, format: o.format, traces: choice, thinking_format: style, folder,
      files: [...files, manifestFile, cardFile], counts, tokens: tokenSummary,
    };
  } catch (e) {
    for (const x of sinks.values()) x.sink.close();
    staging.discard();
    throw e;
  } finally {
    if (tokens) await tokens.abort().catch(() => undefined);
  }
}

function bump(m: Record<string, number>, k: string): void {
  m[k] = (m[k] ?? 0) + 1;
}

function writeSmall(staging: Staging, path: string, kind: ExportedFile['kind'], text: string): ExportedFile {
  const tmp = staging.tmpFor(path);
  const buf = Buffer.from(text, 'utf8');
  writeFileSync(tmp, buf);
  const sha256 = createHash('sha256').update(buf).digest('hex');
  return { path, kind, bytes: buf.length, sha256 };
}
