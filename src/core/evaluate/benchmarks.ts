// Evaluation sets as `eval --benchmark` names them: math500[:N] (first N, default 100) and aime24 from the bundled
// samples/, gpqa=CSV[:N] (the user's GPQA-Diamond CSV; options shuffled into A-D with seed 42), or any JSONL
// with a question and an answer.
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { GradeKind } from '../grade';

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

export function loadBenchmark(spec: string): Benchmark {
  const { base, n } = splitCount(spec.trim());
  const lower = base.toLowerCase();
  if (lower === 'math500') return take({ name: 'math500', source: resolve(samplesDir(), 'math500.jsonl'), items: jsonlItems(resolve(samplesDir(), 'math500.jsonl'), 'math') }, n ?? DEFAULT_MATH500_N);
  if (lower === 'aime24') return take({ name: 'aime24', source: resolve(samplesDir(), 'aime24.jsonl'), items: jsonlItems(resolve(samplesDir(), 'aime24.jsonl'), 'integer') }, n);
  if (lower.startsWith('gpqa=')) {
    const file = resolve(base.slice(5));
    return take({ name: 'gpqa', source: file, items: gpqaItems(file) }, n);
  }
  if (/\.jsonl?$/i.test(base)) {
    const file = resolve(base);
    return take({ name: basename(file).replace(/\.jsonl?$/i, ''), source: file, items: jsonlItems(file, 'math') }, n);
  }
  throw new Error(`unknown benchmark '${spec}': use math500[:N], aime24, gpqa=FILE.csv[:N] or FILE.jsonl`);
}

function take(b: Benchmark, n: number | undefined): Benchmark {
  return n === undefined ? b : { ...b, items: b.items.slice(0, n) };
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (typeof v === 'number') return String(v);
  return undefined;
}

function jsonlItems(file: string, kind: GradeKind): BenchmarkItem[] {
  if (!existsSync(file)) throw new Error(`benchmark file not found: ${file}`);
  const items: BenchmarkItem[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(lines[i]) as Record<string, unknown>;
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
    const question = text(row.question) ?? text(row.problem) ?? text(row.prompt);
    const gold = text(row.answer) ?? text(row.gold) ?? text(row.gt) ?? text(row.solution);
    if (!question || gold === undefined) throw new Error(`${file}:${i + 1}: a benchmark row needs a question (or problem) and an answer`);
    items.push({ index: items.length, question, gold, kind, metadata: { line: i + 1, ...(row.unique_id ? { unique_id: row.unique_id } : {}), ...(row.id !== undefined ? { id: row.id } : {}) } });
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

export function gpqaItems(file: string, seed = 42): BenchmarkItem[] {
  if (!existsSync(file)) throw new Error(`GPQA CSV not found: ${file}`);
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  const random = seededRandom(seed);
  return rows.map((row, index) => {
    const question = row.Question?.trim();
    const correct = row['Correct Answer']?.trim();
    const wrong = [1, 2, 3].map((i) => row[`Incorrect Answer ${i}`]?.trim());
    if (!question || !correct || wrong.some((w) => !w)) throw new Error(`${file}: row ${index + 1} lacks Question, Correct Answer or Incorrect Answer 1..3`);
    const options = [correct, ...(wrong as string[])];
    // Fisher-Yates with the one generator over the file in order: fixed for a given file and seed.
    for (let i = options.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [options[i], options[j]] = [options[j], options[i]];
    }
    const gold = LETTERS[options.indexOf(correct)];
    const prompt = `${question}\n\n${options.map((o, i) => `${LETTERS[i]}) ${o}`).join('\n')}\n\nAnswer with the letter of the correct option.`;
    return { index, question: prompt, gold, kind: 'choice' as const, choices: options, metadata: { record_id: row['Record ID'] ?? null, domain: row['High-level domain'] ?? null } };
  });
}
