// Presets of code problems, their tests stored with the sample (metadata `tests`, read by the code verifier):
// APPS (`question, solutions, input_output, difficulty, url, starter_code`), TACO (APPS's columns plus its tags,
// limits and source) and OpenThoughts-114k's metadata rows (`problem, deepseek_reasoning, deepseek_solution,
// ground_truth_solution, domain, source, test_cases, starter_code`, one DeepSeek-R1 trace each). Tests that are not
// JSON are kept as the text they are, so verification can say so (nothing is lost at import).
import { optString, reqString, valueAt, type Row } from './fields';
import { col, type Preset } from './preset-types';

/** A tests column as stored: the parsed JSON when it parses, else the raw text; null when absent or empty. */
function testsOf(row: Row, field: string): unknown {
  const v = valueAt(row, field);
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') return v;
  try { return JSON.parse(v); } catch { return v; }
}

/** APPS/TACO `solutions`: a JSON list of programs (as text); the first is the sample's solution. */
function solutionsOf(row: Row): { first: string | null; total: number } {
  let v: unknown = row.solutions;
  if (typeof v === 'string') {
    const text = v;
    try { v = JSON.parse(text); } catch { return { first: text, total: 1 }; }
  }
  if (!Array.isArray(v)) return { first: null, total: 0 };
  const first = v.find((x) => typeof x === 'string' && x.trim()) as string | undefined;
  return { first: first ?? null, total: v.length };
}

const TACO_ONLY = ['raw_tags', 'skill_types', 'tags', 'picture_num', 'Expected Time Complexity', 'Expected Auxiliary Space', 'memory_limit', 'time_limit', 'date', 'name'];
const isTaco = (c: Set<string>) => TACO_ONLY.filter((k) => c.has(k)).length >= 2;

function codeProblem(name: 'apps' | 'taco', columns: readonly string[], detect: (c: Set<string>) => boolean): Preset {
  return {
    name, kind: 'eval', columns,
    detect: (c) => c.has('question') && c.has('input_output') && detect(c),
    map(row, opts) {
      const tests = testsOf(row, col(opts, 'tests', 'input_output'));
      const sol = solutionsOf(row);
      const starter = optString(row, 'starter_code');
      const meta: Record<string, unknown> = { tests };
      if (starter && starter.trim()) meta.starter_code = starter;
      for (const k of ['problem_id', 'difficulty', 'url']) if (row[k] !== undefined && row[k] !== null && row[k] !== '') meta[k] = row[k];
      if (sol.total > 1) meta.solutions_total = sol.total;
      return {
        question: reqString(row, col(opts, 'question', 'question')),
        solution: opts.fieldMap?.solution ? optString(row, opts.fieldMap.solution) : sol.first,
        answer: null,
        source: optString(row, col(opts, 'source', 'source')),
        domain: optString(row, col(opts, 'domain', 'domain')) ?? 'code',
        metadata: meta,
        traces: [],
      };
    },
  };
}

/** APPS (codeparrot/apps): stdin/stdout tests, or call-based ones with `fn_name` inside input_output. */
export const apps = codeProblem('apps', ['problem_id', 'question', 'solutions', 'input_output', 'difficulty', 'url', 'starter_code'], (c) => !isTaco(c));

/** TACO (BAAI/TACO): APPS's columns and its own (tags, skill types, limits, source); the extra columns stay metadata. */
export const taco = codeProblem('taco', ['question', 'solutions', 'input_output', 'difficulty', 'url', 'starter_code', 'source'], isTaco);

/** OpenThoughts-114k's metadata config: code rows carry `test_cases`; maths, science and puzzles rows have none. */
export const openthoughtsMetadata: Preset = {
  name: 'openthoughts-metadata',
  kind: 'traces',
  columns: ['problem', 'deepseek_reasoning', 'deepseek_solution', 'ground_truth_solution', 'domain', 'source', 'test_cases', 'starter_code'],
  traceColumns: ['deepseek_reasoning', 'deepseek_solution'],
  detect: (c) => c.has('problem') && c.has('deepseek_reasoning') && c.has('test_cases'),
  map(row, opts) {
    const thinking = optString(row, col(opts, 'thinking', 'deepseek_reasoning'));
    const answer = optString(row, col(opts, 'attempt', 'deepseek_solution'));
    const tests = testsOf(row, col(opts, 'tests', 'test_cases'));
    const starter = optString(row, 'starter_code');
    const meta: Record<string, unknown> = {};
    if (tests !== null) meta.tests = tests;
    if (starter && starter.trim()) meta.starter_code = starter;
    return {
      question: reqString(row, col(opts, 'question', 'problem')),
      solution: optString(row, col(opts, 'solution', 'ground_truth_solution')),
      answer: null,
      source: optString(row, col(opts, 'source', 'source')),
      domain: optString(row, col(opts, 'domain', 'domain')),
      metadata: Object.keys(meta).length ? meta : null,
      traces: thinking !== null || answer !== null ? [{ producer: opts.teacher ?? 'deepseek-r1', thinking: thinking ?? '', answer: answer ?? '' }] : [],
    };
  },
};
