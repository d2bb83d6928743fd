// distillery metrics --run NAME
import type { Db } from '../../core/store/db';
import { findRun, runResults } from '../../core/store/runs';
import { findGenerateRun } from '../../core/store/generations';
import { metricsRows, metricsSummary, type MetricsRow, type MetricsSummary } from '../../core/metrics';
import { CliError, type RegisterCommand } from '../context';
import { formatTable } from '../table';
import { knownRuns } from './teachers';

export interface MetricsResult { run: string; backend: string | null; replay: boolean; rows: MetricsRow[]; summary: MetricsSummary[] }

export function runMetrics(db: Db, run: string): MetricsResult {
  const r = findRun(db, run);
  if (!r) {
    // A generation run, or several runs, named where one evaluation run goes: say which command reads them.
    if (findGenerateRun(db, run)) throw new CliError(`'${run}' is a generation run (distillery generate), not an evaluation run: metrics reads what distillery eval stores; compare generation runs with distillery teachers --run ${run},OTHER${knownRuns(db, ['eval'])}`);
    const several = run.split(',').map((x) => x.trim()).filter(Boolean);
    if (several.length > 1 && several.every((x) => findRun(db, x))) throw new CliError(`metrics takes one run, not ${several.length}: run it once per run, or compare them with distillery report --run ${several.join(',')} --out DIR`);
    throw new CliError(`no evaluation run named '${run}'${knownRuns(db, ['eval'])}`);
  }
  const points = runResults(db, r.id);
  const rows = metricsRows(points);
  return { run, backend: r.backend, replay: r.backend === 'replay', rows, summary: metricsSummary(rows, points) };
}

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null, d = 1) => (x === null ? '-' : x.toFixed(d));

export function formatMetrics(m: MetricsResult): string {
  const lines: string[] = [];
  if (m.replay) lines.push('REPLAY RUN: answers come from recorded traces through the replay server; these numbers are not a model\'s.');
  lines.push(`run ${m.run}`, '');
  lines.push(formatTable(
    [{ header: 'benchmark' }, { header: 'method' }, { header: 'variant' }, { header: 'budget', align: 'right' }, { header: 'n', align: 'right' },
      { header: 'accuracy ± s.e.', align: 'right' }, { header: 'thinking tokens', align: 'right' }],
    m.rows.map((r) => [r.benchmark, r.method, r.method === 'budget-forcing' ? `wait=${r.wait}` : r.prompt ?? '', r.budget ?? 'inf', r.n,
      `${pct(r.accuracy)} ± ${pct(r.stderr)}`, num(r.mean_thinking_tokens, 0)])));
  lines.push('');
  lines.push(formatTable(
    [{ header: 'benchmark' }, { header: 'method' }, { header: 'wait', align: 'right' }, { header: 'control', align: 'right' },
      { header: 'over budget', align: 'right' }, { header: 'budget error', align: 'right' }, { header: 'scaling /1k tok', align: 'right' },
      { header: 'max perf.', align: 'right' }],
    m.summary.map((s) => [s.benchmark, s.method, s.wait, pct(s.control), pct(s.over_budget),
      s.budget_error === null ? '-' : `${s.budget_error.toFixed(1)}%`, num(s.scaling_per_1k, 3), pct(s.max_performance)])));
  return lines.join('\n');
}

export const registerMetrics: RegisterCommand = (program, ctx) => {
  program.command('metrics')
    .description('accuracy per budget and test-time scaling metrics (control, budget error, scaling, max performance) of an evaluation run')
    .requiredOption('--run <name>', 'evaluation run')
    .action((o: { run: string }) => {
      const db = ctx.openDb('read');
      let m: MetricsResult;
      try { m = runMetrics(db, o.run); } finally { db.close(); }
      ctx.emit(m, formatMetrics);
    });
};
