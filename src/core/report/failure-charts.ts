// Plots of where scaling fails (failures.ts): accuracy by budget with the flat or falling steps marked, mean
// thinking tokens by budget against the budget itself, and the right → wrong flips per step.
import { benchmarkTitle, type ReportData } from './data';
import { budgetLabel, seriesScale, type ChartSpec } from './charts';
import { findFailures } from './failures';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const budgeted = (data: ReportData) => data.rows.filter((r) => r.method !== 'class-conditional' && r.method !== 'none');

export function failureCharts(data: ReportData): ChartSpec[] {
  const rows = budgeted(data);
  if (!rows.length) return [];
  const failures = findFailures(data);
  const budgets = [...new Set(rows.map((r) => r.budget))].sort((a, b) => (a ?? Infinity) - (b ?? Infinity)).map(budgetLabel);
  const titles = data.benchmarks.map(benchmarkTitle);
  const several = data.runs.length > 1;
  const color = { field: 'series', type: 'nominal', title: 'method', scale: seriesScale(data) };
  const facet = { column: { field: 'benchmark_title', type: 'nominal', title: null, sort: titles, header: { labelFontSize: 13, labelFontWeight: 'bold' } } };
  const x = { field: 'budget_label', type: 'ordinal', sort: budgets, title: 'thinking-token budget', axis: { labelAngle: 0 } };
  const dash = several ? { strokeDash: { field: 'run', type: 'nominal', title: 'run' } } : {};
  const falls = new Set(failures.pairs.map((p) => JSON.stringify([p.run, p.benchmark, p.method, p.budget_b])));
  const values = rows.map((r) => ({
    run: r.run, benchmark: r.benchmark, benchmark_title: benchmarkTitle(r.benchmark), method: r.method_key, series: r.series, budget: r.budget,
    budget_label: budgetLabel(r.budget), accuracy: r.accuracy, tokens: r.mean_thinking_tokens, budget_value: r.budget,
    step: falls.has(JSON.stringify([r.run, r.benchmark, r.method_key, r.budget])) ? 'no gain' : 'gain',
  }));
  const accuracy: ChartSpec = {
    id: 'failures-accuracy', title: 'Accuracy by budget (flat or falling steps marked)',
    spec: {
      $schema: SCHEMA, title: 'Accuracy by budget: a cross marks a step that did not gain', data: { values }, facet,
      spec: {
        width: 240, height: 200,
        layer: [
          { mark: { type: 'line', point: false }, encoding: { x, y: { field: 'accuracy', type: 'quantitative', title: 'accuracy', axis: { format: '.0%' }, scale: { domain: [0, 1] } }, color, detail: { field: 'run' }, ...dash } },
          { mark: { type: 'point', filled: true, size: 70, cursor: 'pointer' }, encoding: { x, y: { field: 'accuracy', type: 'quantitative' }, color,
            shape: { field: 'step', type: 'nominal', title: 'from the budget before', scale: { domain: ['gain', 'no gain'], range: ['circle', 'cross'] } },
            tooltip: [{ field: 'run' }, { field: 'series', title: 'method' }, { field: 'budget_label', title: 'budget' }, { field: 'accuracy', format: '.1%' }, { field: 'step' }] } },
        ],
      },
    },
  };
  const tokens: ChartSpec = {
    id: 'failures-tokens', title: 'Mean thinking tokens by budget (dashed: the budget)',
    spec: {
      $schema: SCHEMA, title: 'Mean thinking tokens by budget: below the dashed line, the budget went unused', data: { values }, facet,
      spec: {
        width: 240, height: 200,
        layer: [
          { transform: [{ filter: 'datum.budget_value != null' }], mark: { type: 'line', color: '#999', strokeDash: [4, 3] },
            encoding: { x, y: { field: 'budget_value', type: 'quantitative', title: 'mean thinking tokens' }, detail: { field: 'series' } } },
          // The line and its points apart, as in the accuracy chart: a line with points gets circles in the runs'
          // legend, and a filled circle shows no dash, so every run looked the same there.
          { mark: { type: 'line', point: false }, encoding: { x, y: { field: 'tokens', type: 'quantitative', title: 'mean thinking tokens' }, color, detail: { field: 'run' }, ...dash } },
          { mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y: { field: 'tokens', type: 'quantitative' }, color, detail: { field: 'run' },
            tooltip: [{ field: 'run' }, { field: 'series', title: 'method' }, { field: 'budget_label', title: 'budget' }, { field: 'tokens', format: ',.0f', title: 'mean thinking tokens' }] } },
        ],
      },
    },
  };
  const out = [accuracy, tokens];
  if (failures.flips.length) {
    const counts = new Map<string, Record<string, unknown> & { flips: number }>();
    for (const f of failures.flips) {
      const step = `${budgetLabel(f.budget_a)} → ${budgetLabel(f.budget_b)}`;
      const k = JSON.stringify([f.run, f.benchmark, f.method, step]);
      const c = counts.get(k) ?? counts.set(k, { run: f.run, benchmark: f.benchmark, benchmark_title: benchmarkTitle(f.benchmark), method: f.method, series: f.series, budget: f.budget_b, step, flips: 0 }).get(k)!;
      c.flips++;
    }
    out.push({
      id: 'failures-flips', title: 'Questions right at a budget and wrong at the next',
      spec: {
        $schema: SCHEMA, title: 'Questions that flip from right to wrong when the budget grows', data: { values: [...counts.values()] }, facet,
        spec: {
          width: 240, height: 160,
          mark: { type: 'bar', cursor: 'pointer' },
          encoding: {
            x: { field: 'step', type: 'nominal', title: 'budget step', axis: { labelAngle: 0 } }, xOffset: { field: 'series' },
            y: { field: 'flips', type: 'quantitative', title: 'questions right → wrong', axis: { tickMinStep: 1 } }, color,
            tooltip: [{ field: 'run' }, { field: 'series', title: 'method' }, { field: 'step' }, { field: 'flips' }],
          },
        },
      },
    });
  }
  return out;
}
