// distillery metrics --run NAME
import { openDatabase } from '../../core/store/db';
import { findRun, runResults } from '../../core/store/runs';
import { metricsRows, metricsSummary, type MetricsRow, type MetricsSummary } from '../../core/metrics';
import { CliError, type RegisterCommand } from '../context';

export interface MetricsResult { run: string; backend: string | null; replay: boolean; rows: MetricsRow[]; summary: MetricsSummary[] }

export function runMetrics(dbPath: string, run: string): MetricsResult {
  const db = openDatabase(dbPath);
  try {
    const r = findRun(db, run);
    if (!r) throw new CliError(`no evaluation run named '${run}'`);
    const points = runResults(db, r.id);
    const rows = metricsRows(points);
    return { run, backend: r.backend, replay: r.backend === 'replay', rows, summary: metricsSummary(rows, points) };
  } finally {
    db.close();
  }
}

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null, d = 1) => (x === null ? '-' : x.toFixed(d));

export function formatMetrics(m: MetricsResult): string {
  const lines: string[] = [];
  if (m.replay) lines.push('REPLAY RUN: answers come from recorded traces through the replay server; these numbers are not a model\'s.');
  lines.push(`run ${m.run}`);
  lines.push(`${'benchmark'.padEnd(10)} ${'method'.padEnd(18)} ${'variant'.padEnd(8)} ${'budget'.padStart(6)} ${'n'.padStart(5)} ${'accuracy'.padStart(16)} ${'think tok'.padStart(10)}`);
  for (const r of m.rows) {
    const variant = r.method === 'budget-forcing' ? `wait=${r.wait}` : r.prompt ?? '';
    lines.push(`${r.benchmark.padEnd(10)} ${r.method.padEnd(18)} ${variant.padEnd(8)} ${String(r.budget ?? 'inf').padStart(6)} ${String(r.n).padStart(5)} ${`${pct(r.accuracy)} ± ${pct(r.stderr)}`.padStart(16)} ${num(r.mean_thinking_tokens, 0).padStart(10)}`);
  }
  lines.push('');
  lines.push(`${'benchmark'.padEnd(10)} ${'method'.padEnd(18)} ${'wait'.padStart(4)} ${'control'.padStart(8)} ${'over'.padStart(7)} ${'budget err'.padStart(10)} ${'scaling/1k'.padStart(10)} ${'max perf'.padStart(8)}`);
  for (const s of m.summary) {
    lines.push(`${s.benchmark.padEnd(10)} ${s.method.padEnd(18)} ${String(s.wait).padStart(4)} ${pct(s.control).padStart(8)} ${pct(s.over_budget).padStart(7)} ${(s.budget_error === null ? '-' : `${s.budget_error.toFixed(1)}%`).padStart(10)} ${num(s.scaling_per_1k, 3).padStart(10)} ${pct(s.max_performance).padStart(8)}`);
  }
  return lines.join('\n');
}

export const registerMetrics: RegisterCommand = (program, ctx) => {
  program.command('metrics')
    .description('accuracy per budget and test-time scaling metrics (control, budget error, scaling, max performance) of an evaluation run')
    .requiredOption('--run <name>', 'evaluation run')
    .action((o: { run: string }) => {
      ctx.emit(runMetrics(ctx.dbPath(), o.run), formatMetrics);
    });
};
