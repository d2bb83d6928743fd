// The runs dashboard's data, served by the engine: every run with its progress, the metrics and charts of the
// evaluation runs chosen, and the review filter behind a chart point. Charts are the report's Vega-Lite specs
// (data inline): the webview draws them, the report renders the same specs to SVG files.
import type { Db } from '../store/db';
import { dashboardRuns, runMethodKeys, runPointSampleIds } from '../store/run-dashboard';
import type { ChartPoint, PointSamples, RunMetrics, RunsDashboard } from '../../shared/protocol';
import { loadReportData } from '../report/data';
import { reportCharts, type ChartSpec } from '../report/charts';
import { displayMethod, runMetrics } from './run-metrics';
import { trainPoints } from '../store/train-runs';
import { lossChart } from '../train/loss-chart';

/** The dashboard for the runs named (names of no evaluation run have no metrics or charts; they are skipped). */
export function runsDashboard(db: Db, names: readonly string[]): RunsDashboard {
  const runs = dashboardRuns(db);
  const metrics = [...new Set(names)].map((n) => runMetrics(db, n)).filter((m): m is RunMetrics => m !== null);
  // Training runs chosen draw their loss curves (live: the engine re-reads them as the trainer logs steps).
  const losses = [...new Set(names)].filter((n) => runs.some((r) => r.name === n && r.kind === 'train'))
    .map((n) => trainPoints(db, n)).filter((t) => t !== null && t.points.length > 0)
    .map((t) => ({ ...lossChart(t!.run, t!.points), id: `loss:${t!.run}` }));
  return { runs, metrics, charts: [...dashboardCharts(db, metrics.map((m) => m.run)), ...losses] };
}

/**
 * Every chart of the evaluation runs named: the report's own (the same specs its SVG files are drawn from). A list
 * of any ChartSpec, so other kinds of run can add theirs.
 */
export function dashboardCharts(db: Db, evalRuns: readonly string[]): ChartSpec[] {
  if (!evalRuns.length) return [];
  const data = loadReportData(db, [...evalRuns]);
  return data.points.length ? reportCharts(data) : [];
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
