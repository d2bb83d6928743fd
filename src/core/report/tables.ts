// The report's tables as plain rows of text (rendered to Markdown by `markdownTable`): the scaling metrics per
// method and data set, accuracy ± standard error per budget, the computational cost and each run's configuration.
import { benchmarkTitle, type ReportData, type ReportRun } from './data';
import { budgetLabel } from './charts';

export interface Table { headers: string[]; align: ('l' | 'r')[]; rows: string[][] }

export const pct = (x: number | null, digits = 1) => (x === null ? '–' : `${(x * 100).toFixed(digits)}%`);
export const int = (x: number | null) => (x === null ? '–' : Math.round(x).toLocaleString('en-US'));
const slope = (x: number | null) => (x === null ? '–' : x === 0 ? '0' : x.toExponential(2));
const fixed = (x: number | null, d: number) => (x === null ? '–' : x.toFixed(d));

/** Markdown pipe table; cell text has its pipes and line breaks escaped. */
export function markdownTable(t: Table): string {
  const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const lines = [`| ${t.headers.map(cell).join(' | ')} |`, `|${t.align.map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|`];
  for (const r of t.rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

const runColumn = (data: ReportData) => data.runs.length > 1;

/** Control, over-budget, Budget Error, Scaling (raw and per 1,000 tokens) and Max Performance per method and data set. */
export function metricsTable(data: ReportData): Table {
  const several = runColumn(data);
  const headers = [...(several ? ['run'] : []), 'data set', 'method', 'Control', 'over budget', 'Budget Error', 'Scaling (per token)', 'Scaling (per 1,000 tokens)', 'Max Performance', 'points'];
  const align: ('l' | 'r')[] = [...(several ? ['l' as const] : []), 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'];
  const order = (b: string) => data.benchmarks.indexOf(b);
  const rows = [...data.summaries].sort((a, b) => order(a.benchmark) - order(b.benchmark) || data.runs.findIndex((r) => r.name === a.run) - data.runs.findIndex((r) => r.name === b.run) || (a.series < b.series ? -1 : a.series > b.series ? 1 : 0))
    .map((s) => [...(several ? [s.run] : []), benchmarkTitle(s.benchmark), s.series, pct(s.control), pct(s.over_budget),
      s.budget_error === null ? '–' : `${s.budget_error.toFixed(1)}%`, slope(s.scaling), fixed(s.scaling_per_1k, 3), pct(s.max_performance), String(s.points)]);
  return { headers, align, rows };
}

/** Accuracy ± standard error (and mean thinking tokens) per budget: one row per run, data set and method variant. */
export function accuracyTable(data: ReportData): Table {
  const several = runColumn(data);
  const budgets = [...new Set(data.rows.map((r) => r.budget))].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
  const groups = new Map<string, ReportData['rows']>();
  for (const r of data.rows) {
    const k = JSON.stringify([data.benchmarks.indexOf(r.benchmark), r.benchmark, data.runs.findIndex((x) => x.name === r.run), r.run, r.method_key]);
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(r);
  }
  const rows = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, rs]) => [
    ...(several ? [rs[0].run] : []), benchmarkTitle(rs[0].benchmark), rs[0].series,
    ...budgets.map((b) => {
      const r = rs.find((x) => x.budget === b);
      return r ? `${pct(r.accuracy)} ± ${pct(r.stderr)} (${int(r.mean_thinking_tokens)} tok${r.repeats > 1 ? `, ${r.repeats}×` : ''})` : '';
    }),
  ]);
  return {
    headers: [...(several ? ['run'] : []), 'data set', 'method', ...budgets.map((b) => (b === null ? 'no limit' : `budget ${budgetLabel(b)}`))],
    align: [...(several ? ['l' as const] : []), 'l', 'l', ...budgets.map(() => 'r' as const)], rows,
  };
}

export interface CostRow {
  run: string; series: string; results: number; requests: number | null; prompt_tokens: number | null; generated_tokens: number | null;
  thinking_tokens: number; wall_s: number;
}

/** Requests, prompt and generated tokens, thinking tokens and summed generation time per run and method variant. */
export function costRows(data: ReportData): CostRow[] {
  const out = new Map<string, CostRow>();
  const seriesOf = new Map(data.rows.map((r) => [`${r.run}\u0000${r.method_key}`, r.series]));
  for (const p of data.points) {
    const series = seriesOf.get(`${p.run}\u0000${p.method}`) ?? p.method;
    const k = `${p.run}\u0000${series}`;
    let c = out.get(k);
    if (!c) out.set(k, (c = { run: p.run, series, results: 0, requests: 0, prompt_tokens: 0, generated_tokens: 0, thinking_tokens: 0, wall_s: 0 }));
    c.results++;
    // A sum is only as known as its least known part: one unrecorded row makes the total unknown.
    c.requests = c.requests === null || p.requests === null ? null : c.requests + p.requests;
    c.prompt_tokens = c.prompt_tokens === null || p.prompt_tokens === null ? null : c.prompt_tokens + p.prompt_tokens;
    c.generated_tokens = c.generated_tokens === null || p.generated_tokens === null ? null : c.generated_tokens + p.generated_tokens;
    c.thinking_tokens += p.thinking_tokens ?? 0;
    c.wall_s += (p.wall_ms ?? 0) / 1000;
  }
  return [...out.values()];
}

export function costTable(data: ReportData): Table {
  const several = runColumn(data);
  const rows = costRows(data).map((c) => [...(several ? [c.run] : []), c.series, int(c.results), int(c.requests), int(c.prompt_tokens), int(c.generated_tokens),
    int(c.thinking_tokens), `${c.wall_s.toFixed(1)} s`]);
  return {
    headers: [...(several ? ['run'] : []), 'method', 'results', 'requests', 'prompt tokens', 'generated tokens', 'thinking tokens', 'generation time (summed)'],
    align: [...(several ? ['l' as const] : []), 'l', 'r', 'r', 'r', 'r', 'r', 'r'], rows,
  };
}

/** A run's configuration as key/value rows (nested values as JSON). */
export function configTable(run: ReportRun): Table {
  const rows: string[][] = [
    ['status', run.status], ['backend', run.replay ? 'replay (recorded traces, not a model)' : run.backend ?? '–'],
    ['started', run.started_at ?? '–'], ['finished', run.finished_at ?? '–'], ['wall time', run.wall_s === null ? '–' : `${run.wall_s.toFixed(1)} s`],
    ...(run.error ? [['error', run.error]] : []),
    ...Object.entries(run.config).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  ];
  return { headers: ['setting', 'value'], align: ['l', 'l'], rows };
}
