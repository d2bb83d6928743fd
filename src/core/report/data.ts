// Everything a report or the runs dashboard shows of some evaluation runs, read once: the runs (configuration,
// backend, status, timing), one point per result, the metrics rows and summaries (src/core/metrics) per stored
// method key, and the curation funnel of the selection a run names, if any.
import type { Db } from '../store/db';
import { reportResultRows, reportRunRow } from '../store/report-rows';
import { findSelection } from '../store/selections';
import { metricsRows, metricsSummary, type MetricsRow, type MetricsSummary, type ResultPoint } from '../metrics';
import { parseMethodKey } from '../scaling/keys';
import type { FunnelRow } from '../curate/stages';

export interface ReportRun {
  name: string;
  status: string;
  /** 'replay' when Distillery's replay server answered: recorded traces, never a model's numbers. */
  backend: string | null;
  replay: boolean;
  model: string | null;
  config: Record<string, unknown>;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** finished_at − started_at, in seconds (null while running or never started). */
  wall_s: number | null;
  /** The selection (NAME or NAME@VERSION) the run names as its training data, if any. */
  selection: string | null;
}

/** One result: a question at one method, budget and repeat. `method` is the stored method key. */
export interface ReportPoint extends ResultPoint {
  run: string;
  result_id: number;
  sample_id: number;
  continuations: number | null;
  finish_reasons: string[];
  wall_ms: number | null;
  /** Cost, where the run recorded it (older runs: null). */
  requests: number | null;
  prompt_tokens: number | null;
  generated_tokens: number | null;
}

/** A metrics row of one run and one stored method key; `series` names the method variant for legends. */
export interface ReportRow extends MetricsRow {
  run: string;
  method_key: string;
  series: string;
}

export interface ReportSummary extends MetricsSummary {
  run: string;
  /** The legend name of the method variant (class-conditional short and long together). */
  series: string;
}

export interface ReportFunnel {
  run: string | null;
  selection: string;
  version: number;
  rows: FunnelRow[];
}

export interface ReportData {
  runs: ReportRun[];
  /** The benchmarks the runs have, MATH500, AIME24, GPQA first. */
  benchmarks: string[];
  points: ReportPoint[];
  rows: ReportRow[];
  summaries: ReportSummary[];
  funnels: ReportFunnel[];
}

export class UnknownRunError extends Error {
  constructor(readonly names: string[], readonly known: string[] = []) {
    super(`no evaluation run named ${names.map((n) => `'${n}'`).join(', ')}`);
  }
}

const BENCHMARK_ORDER = ['math500', 'aime24', 'gpqa'];
const BENCHMARK_TITLES: Record<string, string> = { math500: 'MATH500', aime24: 'AIME24', gpqa: 'GPQA-Diamond' };

/** How a benchmark is titled in plots and tables. */
export const benchmarkTitle = (b: string) => BENCHMARK_TITLES[b] ?? b;

export function benchmarkOrder(names: Iterable<string>): string[] {
  const rank = (b: string) => { const i = BENCHMARK_ORDER.indexOf(b); return i < 0 ? BENCHMARK_ORDER.length : i; };
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The legend name of a stored method key: "truncation", "budget forcing ×2", "budget forcing ×1 'Hmm'", "class-conditional short". */
export function seriesName(methodKey: string): string {
  const m = parseMethodKey(methodKey);
  switch (m.method) {
    case 'budget-forcing': return `budget forcing ×${m.wait}${m.word && m.word !== 'Wait' ? ` '${m.word}'` : ''}`;
    case 'class-conditional': return m.prompt ? `class-conditional ${m.prompt}` : 'class-conditional';
    case 'none': return 'no control';
    default: return m.method;
  }
}

/** The series of a summary (method and continuations; class-conditional's two prompts are one method). */
const summarySeries = (s: MetricsSummary) =>
  s.method === 'budget-forcing' ? `budget forcing ×${s.wait}` : s.method === 'none' ? 'no control' : s.method;

const seconds = (from: string | null, to: string | null) =>
  from && to ? Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000) : null;

function parseList(json: string | null): string[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

export interface ReportDataOptions {
  /** A selection whose funnel the report shows besides those the runs name (NAME or NAME@VERSION). */
  selection?: string;
}

export function loadReportData(db: Db, runNames: string[], opts: ReportDataOptions = {}): ReportData {
  const found = runNames.map((n) => [n, reportRunRow(db, n)] as const);
  const missing = found.filter(([, r]) => !r).map(([n]) => n);
  if (missing.length) throw new UnknownRunError(missing);
  const runs: ReportRun[] = [];
  const points: ReportPoint[] = [];
  const rows: ReportRow[] = [];
  const summaries: ReportSummary[] = [];
  const funnels: ReportFunnel[] = [];
  for (const [name, r] of found) {
    const row = r!;
    let config: Record<string, unknown> = {};
    try { config = JSON.parse(row.config) as Record<string, unknown>; } catch { /* a hand-edited row: shown empty */ }
    const selection = typeof config.selection === 'string' ? config.selection : null;
    runs.push({
      name, status: row.status, backend: row.backend, replay: row.backend === 'replay', model: typeof config.model === 'string' ? config.model : null,
      config, error: row.error, created_at: row.created_at, started_at: row.started_at, finished_at: row.finished_at,
      wall_s: seconds(row.started_at, row.finished_at), selection,
    });
    const runPoints: ReportPoint[] = reportResultRows(db, row.id).map((p) => ({
      run: name, result_id: p.result_id, sample_id: p.sample_id, benchmark: p.benchmark, method: p.method, budget: p.budget, repeat: p.repeat,
      grade: p.grade, thinking_tokens: p.thinking_tokens, continuations: p.continuations, finish_reasons: parseList(p.finish_reasons),
      wall_ms: p.wall_ms, requests: p.requests ?? (p.finish_reasons ? parseList(p.finish_reasons).length : null),
      prompt_tokens: p.prompt_tokens, generated_tokens: p.generated_tokens,
    }));
    points.push(...runPoints);
    // Rows per stored method key, so every row knows its key (metricsRows groups by it but keeps the parsed parts).
    const byKey = new Map<string, ReportPoint[]>();
    for (const p of runPoints) (byKey.get(p.method) ?? byKey.set(p.method, []).get(p.method)!).push(p);
    const runRows: ReportRow[] = [];
    for (const [key, ps] of byKey) runRows.push(...metricsRows(ps).map((m) => ({ ...m, run: name, method_key: key, series: seriesName(key) })));
    runRows.sort((a, b) => compareRows(a, b));
    rows.push(...runRows);
    summaries.push(...metricsSummary(runRows, runPoints).map((s) => ({ ...s, run: name, series: summarySeries(s) })));
    if (selection) {
      const f = funnelOf(db, selection, name);
      if (f) funnels.push(f);
    }
  }
  if (opts.selection && !funnels.some((f) => f.selection === opts.selection)) {
    const f = funnelOf(db, opts.selection, null);
    if (!f) throw new UnknownSelectionError(opts.selection);
    funnels.push(f);
  }
  return { runs, benchmarks: benchmarkOrder(points.map((p) => p.benchmark)), points, rows, summaries, funnels };
}

export class UnknownSelectionError extends Error {
  constructor(readonly selection: string) {
    super(`no selection named '${selection}'`);
  }
}

function funnelOf(db: Db, ref: string, run: string | null): ReportFunnel | null {
  const s = findSelection(db, ref);
  if (!s) return null;
  return { run, selection: s.name, version: s.version, rows: Array.isArray(s.funnel) ? (s.funnel as FunnelRow[]) : [] };
}

function compareRows(a: ReportRow, b: ReportRow): number {
  const ob = benchmarkOrder([a.benchmark, b.benchmark]);
  if (a.benchmark !== b.benchmark) return ob[0] === a.benchmark ? -1 : 1;
  if (a.method_key !== b.method_key) return a.method_key < b.method_key ? -1 : 1;
  return (a.budget ?? Number.POSITIVE_INFINITY) - (b.budget ?? Number.POSITIVE_INFINITY);
}
