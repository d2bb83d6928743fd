// An evaluation run's accuracy rows as the editor shows them (`runs/metrics`, the runs dashboard's table), and the
// method's display form they use.
import type { Db } from '../store/db';
import { findRun, runError, runResults } from '../store/runs';
import { metricsRows } from '../metrics';
import { parseMethodKey } from '../scaling/keys';
import type { RunMetrics } from '../../shared/protocol';

/** A method key as the metrics table names it: "budget-forcing/wait=2", "class-conditional/short", "truncation". */
export function displayMethod(key: string): string {
  const m = parseMethodKey(key);
  return m.method === 'budget-forcing' ? `budget-forcing/wait=${m.wait}` : m.prompt ? `${m.method}/${m.prompt}` : m.method;
}

/** Accuracy per benchmark, method and budget of an evaluation run; null when there is no such run. */
export function runMetrics(db: Db, name: string): RunMetrics | null {
  const run = findRun(db, name);
  if (!run) return null;
  const points = runResults(db, run.id);
  const rows = metricsRows(points).map((r) => ({
    benchmark: r.benchmark, method: r.method === 'budget-forcing' ? `budget-forcing/wait=${r.wait}` : r.prompt ? `${r.method}/${r.prompt}` : r.method,
    budget: r.budget, n: r.n, accuracy: r.accuracy, stderr: r.stderr, meanThinkingTokens: r.mean_thinking_tokens,
  })).sort((a, b) => a.benchmark.localeCompare(b.benchmark) || a.method.localeCompare(b.method) || (a.budget ?? Infinity) - (b.budget ?? Infinity));
  return { run: run.name, status: run.status, error: runError(db, run.id), datasets: [...new Set(points.map((p) => `eval:${p.benchmark}`))], replay: run.backend === 'replay', rows };
}
