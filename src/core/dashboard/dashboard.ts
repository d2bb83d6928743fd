// The runs dashboard's data, served by the engine: every run with its progress, the metrics and charts of the
// evaluation runs chosen, and the review filter behind a chart point. Charts are plain Vega-Lite specs (data
// inline): the webview draws them, the report renders the same specs to SVG.
import type { Db } from '../store/db';
import { dashboardRuns, runMethodKeys, runPointSampleIds } from '../store/run-dashboard';
import type { ChartPoint, DashboardChart, PointSamples, RunMetrics, RunsDashboard } from '../../shared/protocol';
import { displayMethod, runMetrics } from './run-metrics';

/** The dashboard for the runs named (unknown names and runs of other kinds have no metrics; they are skipped). */
export function runsDashboard(db: Db, names: readonly string[]): RunsDashboard {
  const runs = dashboardRuns(db);
  const metrics = [...new Set(names)].map((n) => runMetrics(db, n)).filter((m): m is RunMetrics => m !== null);
  return { runs, metrics, charts: dashboardCharts(metrics) };
}

/** Every chart of the runs' metrics. A list of any ChartSpec: more kinds of run bring more charts. */
export function dashboardCharts(metrics: readonly RunMetrics[]): DashboardChart[] {
  const values = metrics.flatMap((m) => m.rows.map((r) => ({
    run: m.run, benchmark: r.benchmark, method: r.method, budget: r.budget, budgetLabel: r.budget === null ? 'inf' : String(r.budget),
    series: metrics.length > 1 ? `${m.run} · ${r.method}` : r.method,
    accuracy: r.accuracy, low: Math.max(0, r.accuracy - r.stderr), high: Math.min(1, r.accuracy + r.stderr), tokens: r.meanThinkingTokens, n: r.n,
  })));
  if (!values.length) return [];
  const x = { field: 'tokens', type: 'quantitative', title: 'mean thinking tokens' };
  const color = { field: 'series', type: 'nominal', title: metrics.length > 1 ? 'run · method' : 'method' };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    facet: { column: { field: 'benchmark', type: 'nominal', title: null } },
    spec: {
      width: 260, height: 200,
      layer: [
        { mark: { type: 'rule' }, encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color } },
        { mark: { type: 'line', point: { size: 70, filled: true } }, encoding: {
          x, y: { field: 'accuracy', type: 'quantitative', title: 'accuracy', axis: { format: '.0%' }, scale: { domain: [0, 1] } }, color,
          order: { field: 'tokens' },
          tooltip: [{ field: 'run' }, { field: 'benchmark' }, { field: 'method' }, { field: 'budgetLabel', title: 'budget' },
            { field: 'accuracy', format: '.1%' }, { field: 'tokens', format: '.0f', title: 'thinking tokens' }, { field: 'n' }],
        } },
        { mark: { type: 'text', dy: -10, fontSize: 10 }, encoding: { x, y: { field: 'accuracy', type: 'quantitative' }, text: { field: 'budgetLabel' }, color } },
      ],
    },
    resolve: { scale: { x: 'independent' } },
  };
  return [{ id: 'scaling', title: 'Accuracy against thinking tokens (labels: budget)', spec }];
}

/**
 * The review filter listing the samples behind a chart point. A chart may name a method by its stored key
 * ("budget-forcing/wait=2/word=Hmm"), its display form ("budget-forcing/wait=2") or its bare name: the run's keys
 * that match are looked up. One key: the run, method and budget filters the review panel shows; several: the
 * samples' ids. Nothing matched: an empty list (0 samples).
 */
export function pointSamples(db: Db, p: ChartPoint): PointSamples {
  const dataset = `eval:${p.benchmark}`;
  const budget = p.budget ?? null;
  const keys = runMethodKeys(db, p.run, p.benchmark);
  const exact = keys.filter((k) => k === p.method);
  const shown = keys.filter((k) => displayMethod(k) === p.method);
  const matched = exact.length ? exact : shown.length ? shown : keys.filter((k) => k.split('/')[0] === p.method);
  const ids = runPointSampleIds(db, p.run, p.benchmark, budget, matched);
  if (matched.length === 1) return { filter: { dataset, run: p.run, method: matched[0], budget }, samples: ids.length };
  return { filter: { dataset, ids }, samples: ids.length };
}
