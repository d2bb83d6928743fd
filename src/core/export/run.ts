// `distillery export`: a selection's samples and chosen traces, in a trainer's format, with a manifest and a
// dataset card beside them. Streams the database (one sample at a time), writes each file under a temporary
// name and renames them all at the end.
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { dirname, join, relative, resolve } from 'node:path';
import type { Db } from '../store/db';
import { datasetSourceFiles, selectionAnnotations, selectionHasTeacherPairs } from '../store/export-rows';
import { findSelection, selectionSampleIds } from '../store/selections';
import { InvalidInputError, NotFoundError } from '../errors';
import { conversationRenderer } from '../prompt/chat';
import type { DelimiterStyle } from '../ingest/delimiters';
import { VERSION } from '../version';
import { containerOf, openSink, type Row, type Sink } from './containers';
import { DEFAULT_STYLE, rowFormat, sharegptDatasetInfo, type ExportFormat } from './formats';
import type { TraceChoice } from './traces';
import { recipeKeepRule } from '../curate/stages/verified';
import type { SplitName } from './split';
import { checkTargets, dataPaths, finishKilledCommits, Staging } from './paths';
import { summarize, type TokenSummary } from './token-stats';
import { startCountPool, type CountPool } from '../tokenize/parallel';
import { resolveTokenizer } from '../tokenize/model';
import { tokenizerTables } from '../tokenize/tables';
import { samplesWithoutTextTokens, saveTextTokens } from '../store/text-tokens';
import { addCounts, chunkProcessor, emptyCounts, type ChunkResult, type ChunkSettings, type SplitKey } from './chunk';
import type { WorkerReply, WorkerRequest } from './worker';
import { datasetCard, type ExportCounts } from './card';
import { DEFAULT_PARQUET_COMPRESSION, type EncodedGroup, type ParquetCompression } from './parquet-groups';
import { snappyCodec } from './snappy';

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
  /** Selections at least this large are built on worker threads (JSON containers, 3+ cores) or have their
   *  question and answer tokens counted on a tokenizer thread (default 4,000 questions). */
  workerThreshold?: number;
  /** Worker threads for that (default: $DISTILLERY_EXPORT_THREADS, else one per core, at most 4; fewer than 2 means
   *  the main thread does it all). */
  threads?: number;
  /** Parquet: how pages are compressed (default snappy, pyarrow's default, native when the module loads; brotli the smallest file; none). */
  parquetCompression?: ParquetCompression;
  /** Questions per Parquet row group when built on worker threads (default 1,024; tests make it small). */
  parquetGroupQuestions?: number;
  /** Questions per JSON chunk when built on worker threads (default 256; tests make it small, so chunk memory is reused). */
  jsonChunkQuestions?: number;
  /** With worker threads, where missing question/answer counts are made: 'caller' (this thread, beside writing, with one
   *  export worker fewer), 'thread' (a tokenizer thread). Default: 'caller' when the first questions have no stored
   *  counts (a first export), else 'thread' (a repeat export rarely counts at all); $DISTILLERY_EXPORT_COUNT pins it too. */
  countOn?: 'caller' | 'thread';
  /** With counting on this thread: the chunks waiting to be counted here from which the export worker that takes the
   *  next chunk counts it itself (default 2; 0: the workers count every chunk; Infinity: never, as
   *  $DISTILLERY_EXPORT_SHARE_COUNT=0 does, to compare on one machine). */
  countBacklog?: number;
  /** New question/answer counts stored per statement while the export runs (default 4,096; tests make it small). */
  countSaveBatch?: number;
  /** The export worker's script (default: out/export-worker.js beside this bundle); tests pass one that fails. */
  workerScript?: string;
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
  tokens: TokenSummary;
  /** Question/answer token counts of the exported traces: read from the database (an earlier export), or counted now. */
  text_token_counts: { stored: number; counted: number };
  /** What the user should know about how the files were written (the native Snappy not loading); absent when nothing. */
  notes?: string[];
}

export async function exportSelection(db: Db, o: ExportOptions): Promise<ExportSummary> {
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
  // Without --traces, the selection's recipe decides when it has a keep rule (Stratos: verified; OpenThoughts: all).
  const choice = o.traces ?? recipeKeepRule(sel.recipe) ?? 'best';

  const folder = dirname(out);
  const paths = dataPaths(out, o.split !== undefined);
  const extras = { manifest: join(folder, 'manifest.json'), card: join(folder, 'README.md'), info: join(folder, 'dataset_info.json') };
  const sharegpt = o.format === 'sharegpt';
  // An export to this folder killed while moving its files into place is finished first: its files are whole.
  const notes = finishKilledCommits(folder);
  checkTargets([...Object.values(paths), extras.manifest, extras.card, ...(sharegpt ? [extras.info] : [])], o.force ?? false);

  const settings: ChunkSettings = {
    format: o.format, container, style, system: o.system, chatTemplate: o.chatTemplate, choice, split: o.split, seed,
    teacherPairs: (o.format === 's1' || o.format === 'parquet') && choice !== 'best' && selectionHasTeacherPairs(db, sel.id),
    tokenizer: resolveTokenizer(), parquetCompression: o.parquetCompression ?? DEFAULT_PARQUET_COMPRESSION,
  };
  // The native Snappy not loading is no reason to fail: the JavaScript one writes the same format, and the user is told.
  const snappyNote = container === 'parquet' && settings.parquetCompression === 'snappy' ? snappyCodec().note : undefined;
  if (snappyNote) notes.push(snappyNote);
  const fmt = rowFormat(o.format, { style, system: o.system, chat: conversationRenderer(o.chatTemplate), teacherPairs: settings.teacherPairs });
  const sinks = new Map<SplitKey, { sink: Sink; path: string; rows: number }>();
  const counts = emptyCounts();
  counts.selected = sel.count;
  const thinking: number[] = [];
  const questionTokens: number[] = [];
  const answerTokens: number[] = [];
  const newCounts: number[] = [];
  /** Counts made now, for the next export of these traces (a cache: not kept where the database is read-only), stored
   *  a batch at a time while the export runs: at the end nothing else would overlap them (59K: 0.2-0.4 s on one thread). */
  let saved = 0;
  const saveCounts = (all: boolean) => {
    if (newCounts.length - saved < (all ? 1 : (o.countSaveBatch ?? SAVE_BATCH) * 3)) return;
    // While the export runs, never wait for another writer: counts it could not store now go with the next batch.
    if (saveTextTokens(db, settings.tokenizer, saved ? newCounts.slice(saved) : newCounts, all ? 2000 : 0) || all) saved = newCounts.length;
  };
  const datasets = new Set<number>();
  const staging = new Staging(folder, out);
  try {
    for (const [split, path] of Object.entries(paths) as [SplitKey, string][]) {
      const tmp = staging.tmpFor(path);
      try {
        sinks.set(split, { sink: openSink(container, tmp, fmt.parquet, settings.parquetCompression), path, rows: 0 });
      } catch (e) {
        throw new InvalidInputError(`cannot write ${path}: ${(e as Error).message} (choose a writable folder for --out; nothing was written)`);
      }
    }
    const take = (r: Omit<ChunkResult, 'out'>, out: { key: SplitKey; rows: number; chunk?: Uint8Array; json?: string[]; objects?: Row[]; group?: EncodedGroup }[]) => {
      for (const x of out) {
        const t = sinks.get(x.key)!;
        if (x.group) t.sink.writeGroup(x.group);
        else if (x.objects) for (const row of x.objects) t.sink.write(row);
        else if (x.json) for (const j of x.json) t.sink.writeJson(j);
        else if (x.chunk !== undefined) t.sink.writeEncoded(x.chunk);
        t.rows += x.rows;
      }
      addCounts(counts, r.counts);
      for (const n of r.thinkingTokens) thinking.push(n);
      for (const n of r.questionTokens) questionTokens.push(n);
      for (const n of r.answerTokens) answerTokens.push(n);
      for (const n of r.newCounts) newCounts.push(n);
      saveCounts(false);
      for (const d of r.datasets) datasets.add(d);
    };
    // The one way to enumerate a selection (a mix's samples span data sets), in rank order.
    const items = selectionSampleIds(db, sel.id);
    const script = o.workerScript ?? workerScript();
    const dbFile = db.name;
    const threads = o.threads ?? defaultThreads();
    // A large export counts its questions' and answers' tokens on this thread or on one tokenizer thread beside the
    // others, started when the first texts without stored counts come (a repeat export reads them all from the database).
    const defer = items.length >= (o.workerThreshold ?? 4000);
    const inWorkers = Boolean(script) && threads >= 2 && defer && dbFile !== ':memory:' && existsSync(dbFile);
    // With workers, a first export counts on this thread, which otherwise only writes and hashes, and runs one export
    // worker fewer: no tokenizer thread to start, no second copy of every text, and on two cores both stay busy
    // (one worker reads and builds; this thread writes, hashes and counts). A repeat export keeps a worker per core.
    const countHere = inWorkers && (o.countOn ?? countOnFromEnv() ?? (needsCounting(db, items, settings.tokenizer) ? 'caller' : 'thread')) === 'caller';
    let pool: CountPool | null = null;
    const counting: Promise<void>[] = [];
    /** Chunks whose texts wait for this thread (or the tokenizer thread) to count them. */
    let uncounted = 0;
    const countLater = async (texts: string[], ids: number[]) => {
      if (!texts.length) return;
      pool ??= countHere ? startCountPool(1, undefined, { caller: true }) : startCountPool(1);
      uncounted++;
      const done = pool.count(texts).then((c) => {
        uncounted--;
        for (let k = 0; k < c.length; k += 2) { questionTokens.push(c[k]); answerTokens.push(c[k + 1]); newCounts.push(ids[k / 2], c[k], c[k + 1]); }
        saveCounts(false);
      });
      done.catch(() => undefined); // awaited below; a failure must not count as unhandled meanwhile
      counting.push(done);
      // A bounded queue: the texts waiting for the tokenizer stay a few chunks' worth.
      if (counting.length >= 16) await counting.shift();
    };
    try {
      if (inWorkers) {
        const chunk = container === 'parquet' ? o.parquetGroupQuestions ?? PARQUET_CHUNK : o.jsonChunkQuestions ?? CHUNK;
        // Parquet's workers also compress, about twice a JSON worker's work: they keep a core each, this thread counting beside them.
        const workers = countHere && container !== 'parquet' ? Math.max(1, threads - 1) : threads;
        // When this thread is behind with counting (two chunks or more wait), the next chunk is counted by the export
        // worker that takes it, which would otherwise wait for this thread: both threads stay busy, and on two
        // cores the export ends when the slower one does (59K first export: this thread was about 1.5x the worker's CPU).
        const backlog = o.countBacklog ?? (process.env.DISTILLERY_EXPORT_SHARE_COUNT === '0' ? Infinity : SHARE_BACKLOG);
        const share = countHere && backlog !== Infinity;
        // The tables are loaded (and this thread's tokenizer made) after the workers start, while they boot and read
        // their first chunks, not before (about 0.1 s of this thread's start-up at 59K).
        const tables = share ? () => { const t = sharedTables(settings.tokenizer); pool ??= startCountPool(1, undefined, { caller: true }); return t; } : undefined;
        await runInWorkers(script!, workers, dbFile, sel.id, settings, items, chunk, async (r, out) => { take(r, out); await countLater(r.countTexts, r.countIds); }, o.onProgress,
          share ? { countInWorker: () => uncounted >= backlog, tables } : {});
      } else {
        const proc = chunkProcessor(settings, defer);
        const anns = selectionAnnotations(db, sel.id);
        for (let i = 0; i < items.length; i += CHUNK) {
          const { out, ...rest } = proc(db, items.slice(i, i + CHUNK), anns);
          take(rest, Object.entries(out).map(([key, x]) => ({ key: key as SplitKey, rows: x!.rows, json: x!.json, chunk: x!.chunk, objects: x!.objects })));
          await countLater(rest.countTexts, rest.countIds);
          o.onProgress?.(Math.min(items.length, i + CHUNK), items.length);
        }
      }
      await Promise.all(counting);
    } finally {
      await (pool as CountPool | null)?.close();
    }
    saveCounts(true);
    const files: ExportedFile[] = [];
    for (const [split, x] of sinks) {
      const { bytes, sha256 } = x.sink.finish();
      files.push({ path: x.path, kind: 'data', split, rows: x.rows, bytes, sha256 });
    }
    const tokenSummary: TokenSummary = { thinking_tokens: summarize(thinking), question_tokens: summarize(questionTokens), answer_tokens: summarize(answerTokens) };
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
      export: { format: o.format, container, traces: choice, thinking_format: style, system: o.system ?? null, chat_template: o.chatTemplate ?? 'qwen2.5', split: o.split ?? null, seed,
        ...(container === 'parquet' ? { parquet_compression: settings.parquetCompression } : {}) },
      counts, tokens: tokenSummary,
      files: files.map((f) => ({ path: rel(f.path), kind: f.kind, split: f.split, rows: f.rows, bytes: f.bytes, sha256: f.sha256 })),
      // Each source file's path, size, modification time and SHA-256 as import read it (null for files imported before
      // Distillery stored it, and for Parquet sources, which are read in ranges).
      sources: datasetSourceFiles(db, datasets),
    };
    const manifestFile = writeSmall(staging, extras.manifest, 'manifest', JSON.stringify(manifest, null, 2) + '\n');
    const card = datasetCard({
      name: sel.name, version: sel.version, format: o.format, container, traces: choice, style,
      data: files.filter((f) => f.kind === 'data').map((f) => ({ split: f.split === 'all' ? 'train' : f.split!, path: rel(f.path) })),
      columns: fmt.columns, counts, tokens: tokenSummary, funnel: sel.funnel, recipe: sel.recipe, seed: sel.seed,
      ...(container === 'parquet' ? { compression: settings.parquetCompression } : {}),
    });
    const cardFile = writeSmall(staging, extras.card, 'card', card);
    staging.commit();
    return {
      selection: sel.name, version: sel.version, format: o.format, traces: choice, thinking_format: style, folder,
      files: [...files, manifestFile, cardFile], counts, tokens: tokenSummary,
      text_token_counts: { stored: questionTokens.length - newCounts.length / 3, counted: newCounts.length / 3 },
      ...(notes.length ? { notes } : {}),
    };
  } catch (e) {
    for (const x of sinks.values()) x.sink.close();
    staging.discard();
    throw e;
  }
}

const CHUNK = 256;
/** New question/answer counts stored per statement while an export runs. */
const SAVE_BATCH = 4096;
/** Chunks waiting to be counted on this thread from which an export worker counts the next chunk itself. */
const SHARE_BACKLOG = 2;

/** The tokenizer's tables as shared memory (workers adopt them instead of loading their own), when they are. */
function sharedTables(tokenizer: string): SharedArrayBuffer | undefined {
  try {
    const b = tokenizerTables(tokenizer).buffer;
    return b instanceof SharedArrayBuffer ? b : undefined;
  } catch {
    return undefined; // a worker that counts loads them itself, and reports what is wrong with them
  }
}
/** Questions probed for stored counts before the threads start. */
const PROBE = 256;

/** $DISTILLERY_EXPORT_COUNT=caller|thread pins where a first export counts (to compare the two on one machine). */
function countOnFromEnv(): 'caller' | 'thread' | undefined {
  const v = process.env.DISTILLERY_EXPORT_COUNT;
  return v === 'caller' || v === 'thread' ? v : undefined;
}

/** A first export: most of the first questions have no trace with stored counts (a repeat export has them all). */
function needsCounting(db: Db, items: readonly number[], tokenizer: string): boolean {
  const probe = items.slice(0, PROBE);
  return samplesWithoutTextTokens(db, probe, tokenizer) * 2 > probe.length;
}
/** Parquet: a worker's chunk is one row group, so larger ones (pyarrow's reference writes groups of 2,000 rows). */
const PARQUET_CHUNK = 1024;

/**
 * One worker per core (at most 4), two on two cores: with the texts JSON-escaped by SQLite the workers read and
 * build while the main thread only writes and hashes, so both cores work for about 25% more CPU time in all (8K pool
 * rows: 2.7 CPU-s against 2.2 on the main thread alone; the wall time on an idle 2-core machine is for bench/export.mjs
 * to show). Parquet likewise: the workers read, build, encode and compress row groups. $DISTILLERY_EXPORT_THREADS
 * overrides it; 0 or 1 keeps everything on the main thread.
 */
function defaultThreads(): number {
  const env = process.env.DISTILLERY_EXPORT_THREADS;
  if (env !== undefined && env !== '' && Number.isInteger(Number(env))) return Number(env);
  return Math.min(4, availableParallelism());
}

/**
 * A large selection: worker threads (defaultThreads) each read, build and encode chunks of `size` questions through
 * their own read-only connection (JSON: the rows' bytes; Parquet: one encoded and compressed row group per chunk and
 * file); the main thread writes the chunks in rank order and hashes them. A few chunks per thread are in flight, so
 * memory stays bounded.
 */
async function runInWorkers(script: string, n: number, dbFile: string, selectionId: number, settings: ChunkSettings, items: number[], size: number,
  take: (r: Omit<ChunkResult, 'out'>, out: { key: SplitKey; rows: number; chunk?: Uint8Array; group?: EncodedGroup }[]) => Promise<void>,
  onProgress?: (done: number, total: number) => void, share: { countInWorker?: () => boolean; tables?: () => SharedArrayBuffer | undefined } = {}): Promise<void> {
  type Reply = Extract<WorkerReply, { result: unknown }>;
  const workers = Array.from({ length: n }, () => new Worker(script));
  const waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  /** Chunks posted to each worker and not yet answered. */
  const outstanding = new Array<number>(n).fill(0);
  let failure: Error | null = null;
  let closing = false;
  const fail = (e: Error) => { failure ??= e; for (const w of waiting.values()) w.reject(failure); waiting.clear(); };
  const total = Math.ceil(items.length / size);
  // Results come back in any order and are written in rank order; `window` bounds the chunks held meanwhile (at least
  // six: with one worker, this thread may be counting a chunk's texts when the next ones are ready).
  const window = Math.max(6, n * 3);
  const pending: Promise<Reply>[] = [];
  /** The worker each chunk went to (its row groups' page memory goes back there once written). */
  const owner = new Map<number, number>();
  let next = 0, written = 0;
  const submit = (seq: number, k: number): Promise<Reply> => {
    const p = new Promise<Reply>((resolve, reject) => {
      if (failure) { reject(failure); return; }
      waiting.set(seq, { resolve, reject });
      owner.set(seq, k);
      outstanding[k]++;
      workers[k].postMessage({ type: 'chunk', seq, items: items.slice(seq * size, (seq + 1) * size), container: settings.container, count: share.countInWorker?.() } satisfies WorkerRequest);
    });
    p.catch(() => undefined); // awaited in order below; a failure must not count as unhandled meanwhile
    return p;
  };
  // The next chunk goes to whichever worker has the fewest in hand (two at most, so none waits between chunks): a
  // worker that the system runs less, or that drew longer questions, takes fewer chunks instead of holding up the rest.
  const pump = () => {
    while (!failure && next < total && next - written < window) {
      let k = 0;
      for (let i = 1; i < n; i++) if (outstanding[i] < outstanding[k]) k = i;
      if (outstanding[k] >= 2) return;
      pending.push(submit(next++, k));
    }
  };
  workers.forEach((w, k) => {
    w.on('message', (m: WorkerReply) => {
      outstanding[k]--;
      const p = waiting.get(m.seq);
      waiting.delete(m.seq);
      if ('error' in m) { fail(new Error(`export worker failed: ${m.error}`)); p?.reject(failure!); } else p?.resolve(m);
      pump();
    });
    w.on('error', (e) => fail(new Error(`export worker failed: ${e.message}`)));
    w.on('exit', (code) => { if (!closing) fail(new Error(`export worker stopped (exit code ${code}) before the export was written`)); });
    // Counting is deferred to this thread or the one tokenizer thread (one tokenizer and cache in memory, not one per worker).
    w.postMessage({ type: 'init', dbPath: dbFile, selectionId, settings, deferCounts: true } satisfies WorkerRequest);
  });
  // The tokenizer's tables for chunks a worker is asked to count, loaded here while the workers start (a chunk that
  // says `count` comes after this message).
  const tables = share.tables?.();
  if (tables) for (const w of workers) w.postMessage({ type: 'tables', tables } satisfies WorkerRequest);
  try {
    for (let seq = 0; seq < total; seq++) {
      pump();
      const p = pending.shift();
      if (!p) throw failure ?? new Error('export worker failed');
      const r = await p;
      await take(r.result, [...r.bytes.map((b) => ({ key: b.key as SplitKey, rows: b.rows, chunk: b.data })),
        ...(r.groups ?? []).map((g) => ({ key: g.key as SplitKey, rows: g.rows, group: g.group }))]);
      // The chunk is in the file: its memory (a group's pages, JSON rows) goes back to its worker for the next chunks
      // (no new memory to map).
      const blocks = [...(r.groups ?? []).flatMap((g) => g.group.blocks ?? []), ...r.bytes.map((b) => b.data.buffer as ArrayBuffer)];
      if (blocks.length) workers[owner.get(seq)!].postMessage({ type: 'recycle', blocks } satisfies WorkerRequest, blocks);
      owner.delete(seq);
      written++;
      onProgress?.(Math.min(items.length, (seq + 1) * size), items.length);
    }
  } finally {
    closing = true;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The bundled worker sits in out/ beside cli.js; test bundles live a few folders below. */
function workerScript(): string | null {
  let dir = __dirname;
  for (let up = 0; up < 5; up++, dir = dirname(dir)) {
    const p = join(dir, 'export-worker.js');
    if (existsSync(p)) return p;
  }
  return null;
}

function writeSmall(staging: Staging, path: string, kind: ExportedFile['kind'], text: string): ExportedFile {
  const tmp = staging.tmpFor(path);
  const buf = Buffer.from(text, 'utf8');
  writeFileSync(tmp, buf);
  const sha256 = createHash('sha256').update(buf).digest('hex');
  return { path, kind, bytes: buf.length, sha256 };
}
