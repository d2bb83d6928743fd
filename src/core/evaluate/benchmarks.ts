// Evaluation sets as `eval --benchmark` names them: math500[:N] (first N, default 100) and aime24 from the bundled
// samples/, gpqa=FILE[:N] (the user's GPQA-Diamond file; options shuffled into A-D with seed 42), or any file import
// reads (JSONL, JSON, Parquet, CSV) with a question and an answer. Rows are read and mapped as import does (rows.ts).
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { GradeKind } from '../grade';
import { DATA_FILE_EXTENSIONS, stripDataExtension } from '../ingest/catalog';
import { LineError } from '../ingest/record';
import { checkInputFileSync } from '../ingest/input-file';
import { placeOf, readRecords, type RecordOptions, type SourceRecord } from '../ingest/rows';

/** How a benchmark file is read: as `import --preset/--map` (default: detected from the first row). */
export type BenchmarkReadOptions = Pick<RecordOptions, 'preset' | 'fieldMap' | 'mapFlag'>;

/** A benchmark that cannot be loaded: the user's spec or file, not a crash. */
/** `usage`: the spec names no benchmark, or a file that is not there (the caller's mistake, not the file's). */
export class BenchmarkError extends Error {
  constructor(message: string, readonly usage = false) {
    super(message);
  }
}

export interface BenchmarkItem {
  /** Position in the file (0-based), the stable order of a run. */
  index: number;
  question: string;
  /** Gold answer as the grader takes it (an option letter for GPQA). */
  gold: string;
  kind: GradeKind;
  choices?: string[];
  metadata?: Record<string, unknown>;
}

export interface Benchmark { name: string; source: string; items: BenchmarkItem[] }

export const DEFAULT_MATH500_N = 100;
const LETTERS = ['A', 'B', 'C', 'D'];

/** samples/ of the installed package: next to out/cli.js, or the current folder's (tests, the repository). */
export function samplesDir(): string {
  const candidates = [resolve(__dirname, '..', 'samples'), resolve(__dirname, '..', '..', 'samples'), resolve(__dirname, '..', '..', '..', 'samples'), resolve('samples')];
  return candidates.find((d) => existsSync(resolve(d, 'math500.jsonl'))) ?? resolve('samples');
}

function splitCount(spec: string): { base: string; n: number | undefined } {
  const m = /^(.*?):(\d+)$/.exec(spec);
  if (!m) return { base: spec, n: undefined };
  return { base: m[1], n: Number(m[2]) };
}

const isDataFile = (name: string) => stripDataExtension(name) !== name;

export async function loadBenchmark(spec: string, opts: BenchmarkReadOptions = {}): Promise<Benchmark> {
  const { base, n } = splitCount(spec.trim());
  const lower = base.toLowerCase();
  if (lower === 'math500') return take({ name: 'math500', source: resolve(samplesDir(), 'math500.jsonl'), items: await fileItems(resolve(samplesDir(), 'math500.jsonl'), 'math') }, n ?? DEFAULT_MATH500_N);
  if (lower === 'aime24') return take({ name: 'aime24', source: resolve(samplesDir(), 'aime24.jsonl'), items: await fileItems(resolve(samplesDir(), 'aime24.jsonl'), 'integer') }, n);
  if (lower.startsWith('gpqa=')) {
    const file = resolve(base.slice(5));
    return take({ name: 'gpqa', source: file, items: await gpqaItems(file, 42, opts) }, n);
  }
  if (isDataFile(base)) {
    const file = resolve(base);
    return take({ name: stripDataExtension(basename(file)), source: file, items: await fileItems(file, 'math', opts) }, n);
  }
  throw new BenchmarkError(`unknown benchmark '${spec}': use math500[:N], aime24, gpqa=FILE.csv[:N] or FILE.jsonl (or .${DATA_FILE_EXTENSIONS.filter((e) => e !== 'jsonl').join(', .')})`, true);
}

function take(b: Benchmark, n: number | undefined): Benchmark {
  return n === undefined ? b : { ...b, items: b.items.slice(0, n) };
}

async function records(file: string, opts: RecordOptions, what: string): Promise<SourceRecord[]> {
  // A path that is no file (missing, a folder, a named pipe, a link loop) is the caller's mistake; an empty file is
  // refused as input by its reader.
  const c = checkInputFileSync(file);
  if (!c.ok && c.problem.startsWith('file not found')) throw new BenchmarkError(`${what} not found: ${file}`, true);
  if (!c.ok && c.problem !== 'file is empty') throw new BenchmarkError(`${what} ${file} ${c.problem}`, true);
  try {
    return (await readRecords(file, opts)).records;
  } catch (e) {
    throw e instanceof LineError ? new BenchmarkError(placeOf(e, file)) : e;
  }
}

async function fileItems(file: string, kind: GradeKind, opts: BenchmarkReadOptions = {}): Promise<BenchmarkItem[]> {
  const items: BenchmarkItem[] = [];
  for (const r of await records(file, opts, 'benchmark file')) {
    const gold = r.record?.answer?.trim() || r.record?.solution?.trim() || undefined;
    if (!r.record || gold === undefined) {
      throw new BenchmarkError(`${file}:${r.line}: ${r.unreadable ? r.error : `a benchmark row needs a question (or problem) and an answer${r.error ? ` (${r.error})` : ''}`}`);
    }
    const meta = (r.record.metadata ?? {}) as Record<string, unknown>;
    items.push({ index: items.length, question: r.record.question.trim(), gold, kind, metadata: { line: r.line, ...(meta.unique_id ? { unique_id: meta.unique_id } : {}), ...(meta.id != null ? { id: meta.id } : {}) } });
  }
  return items;
}

/** mulberry32: a tiny seeded generator, so the option order is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** GPQA rows (the gpqa preset's columns, or a field map's): the correct option and three wrong ones, shuffled into A-D. */
export async function gpqaItems(file: string, seed = 42, opts: BenchmarkReadOptions = {}): Promise<BenchmarkItem[]> {
  const rows = await records(file, { ...opts, preset: 'gpqa' }, 'GPQA file');
  const random = seededRandom(seed);
  return rows.map((r, index) => {
    if (!r.record) throw new BenchmarkError(`${file}: row ${index + 1} lacks Question, Correct Answer or Incorrect Answer 1..3 (${r.error})`);
    const question = r.record.question;
    const m = r.record.metadata as { correct: string; incorrect: string[]; record_id: unknown; high_level_domain: unknown };
    const correct = m.correct;
    const options = [correct, ...m.incorrect];
    // Fisher-Yates with the one generator over the file in order: fixed for a given file and seed.
    for (let i = options.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [options[i], options[j]] = [options[j], options[i]];
    }
    const gold = LETTERS[options.indexOf(correct)];
    const prompt = `${question}\n\n${options.map((o, i) => `${LETTERS[i]}) ${o}`).join('\n')}\n\nAnswer with the letter of the correct option.`;
    return { index, question: prompt, gold, kind: 'choice' as const, choices: options, metadata: { record_id: m.record_id ?? null, domain: m.high_level_domain ?? null } };
  });
}
