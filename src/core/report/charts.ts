// The report's plots as Vega-Lite specs: one spec, two renderings (SVG files through svg.ts, interactive in the
// runs dashboard). Every datum of a point that stands for results carries `run`, `benchmark`, `method` (the
// stored method key) and `budget` (null = unlimited), so a click resolves to the samples behind it.
import { benchmarkTitle, type ReportData } from './data';
import { failureCharts } from './failure-charts';

export interface ChartSpec { id: string; title: string; spec: Record<string, unknown> /* Vega-Lite */ }

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Method colours that stay the same in every chart (and for every number of runs). */
const PALETTE = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac', '#eeca3b'];

export const budgetLabel = (b: number | null) => (b === null ? '∞' : String(b));

/** The legend's series in a stable order, with their colours. */
export function seriesScale(data: ReportData): { domain: string[]; range: string[] } {
  const domain = [...new Set(data.rows.map((r) => r.series))].sort();
  return { domain, range: domain.map((_, i) => PALETTE[i % PALETTE.length]) };
}

const base = (title: string) => ({ $schema: SCHEMA, title, config: { font: 'sans-serif', view: { stroke: '#ddd' }, axis: { grid: true, gridColor: '#eee' }, legend: { labelLimit: 300 } } });

/** Accuracy against mean thinking tokens, one panel per benchmark, one series per method variant, points labelled by budget. */
export function scalingChart(data: ReportData): ChartSpec {
  const several = data.runs.length > 1;
  const { domain } = seriesScale(data);
  // Budgets whose points coincide (a model that stops before both) share one label; series alternate their labels
  // above-left and below-right, so two methods' labels at nearby points do not print over each other.
  const labels = new Map<string, string[]>();
  const at = (r: (typeof data.rows)[number]) => JSON.stringify([r.run, r.benchmark, r.method_key, r.accuracy.toFixed(4), r.mean_thinking_tokens.toFixed(1)]);
  for (const r of data.rows) (labels.get(at(r)) ?? labels.set(at(r), []).get(at(r))!).push(budgetLabel(r.budget));
  const values = data.rows.map((r) => {
    const shared = labels.get(at(r))!;
    return {
      run: r.run, benchmark: r.benchmark, benchmark_title: benchmarkTitle(r.benchmark), method: r.method_key, series: r.series,
      budget: r.budget, budget_label: budgetLabel(r.budget), accuracy: r.accuracy, stderr: r.stderr,
      lo: Math.max(0, r.accuracy - r.stderr), hi: Math.min(1, r.accuracy + r.stderr), tokens: r.mean_thinking_tokens, n: r.n, repeats: r.repeats,
      label: shared[0] === budgetLabel(r.budget) ? shared.join(', ') : '',
      // Below a point near 0% the label would sit among the axis labels: those go above, to the right.
      label_side: domain.indexOf(r.series) % 2 ? (r.accuracy < 0.1 ? 'above-right' : 'below') : 'above',
    };
  });
  const color = { field: 'series', type: 'nominal', title: 'method', scale: seriesScale(data) };
  const x = { field: 'tokens', type: 'quantitative', title: 'mean thinking tokens', scale: { zero: true, nice: true } };
  const y = { field: 'accuracy', type: 'quantitative', title: 'accuracy', axis: { format: '.0%' }, scale: { domain: [0, 1] } };
  const runEnc = several ? { shape: { field: 'run', type: 'nominal', title: 'run' } } : {};
  const dash = several ? { strokeDash: { field: 'run', type: 'nominal', title: 'run' } } : {};
  const tooltip = [
    { field: 'run', type: 'nominal' }, { field: 'series', type: 'nominal', title: 'method' }, { field: 'budget_label', type: 'nominal', title: 'budget' },
    { field: 'accuracy', type: 'quantitative', format: '.1%' }, { field: 'stderr', type: 'quantitative', format: '.1%', title: '± s.e.' },
    { field: 'tokens', type: 'quantitative', format: ',.0f', title: 'mean thinking tokens' }, { field: 'n', type: 'quantitative', title: 'results' },
  ];
  const titles = data.benchmarks.map(benchmarkTitle);
  const spec = {
    ...base('Accuracy against thinking tokens'),
    data: { values },
    facet: { column: { field: 'benchmark_title', type: 'nominal', title: null, sort: titles, header: { labelFontSize: 14, labelFontWeight: 'bold' } } },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 260, height: 240,
      layer: [
        { mark: { type: 'line', strokeWidth: 1.5, opacity: 0.7 }, encoding: { x, y, color, detail: { field: 'run' }, order: { field: 'tokens' }, ...dash } },
        { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } },
        { mark: { type: 'point', filled: true, size: 60, cursor: 'pointer' }, encoding: { x, y, color, tooltip, ...runEnc }, params: [{ name: 'pick', select: { type: 'point', on: 'click', fields: ['run', 'benchmark', 'method', 'budget'] } }] },
        { transform: [{ filter: "datum.label_side === 'above'" }], mark: { type: 'text', dx: -6, dy: -8, align: 'right', fontSize: 10 },
          encoding: { x, y, color, text: { field: 'label' } } },
        { transform: [{ filter: "datum.label_side === 'below'" }], mark: { type: 'text', dx: 6, dy: 12, align: 'left', fontSize: 10 },
          encoding: { x, y, color, text: { field: 'label' } } },
        { transform: [{ filter: "datum.label_side === 'above-right'" }], mark: { type: 'text', dx: 6, dy: -8, align: 'left', fontSize: 10 },
          encoding: { x, y, color, text: { field: 'label' } } },
      ],
    },
  };
  return { id: 'scaling', title: 'Accuracy against mean thinking tokens', spec };
}

const BINS = 20;

/** Per method and budget: how many generations thought how long, with the budget drawn as a rule. */
export function histogramChart(data: ReportData): ChartSpec {
  const groups = new Map<string, { run: string; benchmark: string; method: string; series: string; budget: number | null; tokens: number[] }>();
  for (const p of data.points) {
    const k = JSON.stringify([p.run, p.benchmark, p.method, p.budget]);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { run: p.run, benchmark: p.benchmark, method: p.method, series: data.rows.find((r) => r.run === p.run && r.method_key === p.method)?.series ?? p.method, budget: p.budget, tokens: [] }));
    g.tokens.push(p.thinking_tokens ?? 0);
  }
  const values: Record<string, unknown>[] = [];
  const several = data.runs.length > 1;
  for (const g of groups.values()) {
    const top = Math.max(g.budget ?? 0, ...g.tokens, 1);
    const width = Math.max(1, Math.ceil(top / BINS));
    const counts = new Array<number>(Math.ceil(top / width) + 1).fill(0);
    for (const t of g.tokens) counts[Math.floor(t / width)]++;
    const panel = `${benchmarkTitle(g.benchmark)} · ${g.series}${several ? ` · ${g.run}` : ''}`;
    const common = { run: g.run, benchmark: g.benchmark, method: g.method, series: g.series, budget: g.budget, budget_label: budgetLabel(g.budget), panel };
    counts.forEach((count, i) => { if (count) values.push({ ...common, kind: 'bin', bin_start: i * width, bin_end: (i + 1) * width, count }); });
    if (g.budget !== null) values.push({ ...common, kind: 'budget', at: g.budget });
  }
  const budgets = [...new Set(data.points.map((p) => p.budget))].sort((a, b) => (a ?? Infinity) - (b ?? Infinity)).map(budgetLabel);
  // Every cell of the grid gets a datum: Vega lays out a facet grid's cells in order, so a missing budget of one
  // method would shift that method's later panels under the wrong budget's header.
  const cells = new Set(values.map((v) => `${v.panel}\u0000${v.budget_label}`));
  for (const panel of new Set(values.map((v) => v.panel as string))) {
    for (const b of budgets) if (!cells.has(`${panel}\u0000${b}`)) values.push({ panel, budget_label: b, kind: 'empty' });
  }
  const spec = {
    ...base('Thinking tokens per generation, by budget (rule: the budget)'),
    data: { values },
    facet: {
      row: { field: 'panel', type: 'nominal', title: null, header: { labelAngle: 0, labelAlign: 'left', labelFontSize: 11 } },
      column: { field: 'budget_label', type: 'nominal', title: 'budget', sort: budgets },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: 150, height: 70,
      layer: [
        { transform: [{ filter: "datum.kind === 'bin'" }], mark: { type: 'bar', color: '#4c78a8', opacity: several ? 0.6 : 0.9 },
          encoding: { x: { field: 'bin_start', type: 'quantitative', bin: { binned: true }, title: 'thinking tokens', scale: { zero: true } }, x2: { field: 'bin_end' },
            y: { field: 'count', type: 'quantitative', title: 'generations' },
            tooltip: [{ field: 'series', title: 'method' }, { field: 'budget_label', title: 'budget' }, { field: 'bin_start', title: 'from' }, { field: 'bin_end', title: 'to' }, { field: 'count' }] } },
        { transform: [{ filter: "datum.kind === 'budget'" }], mark: { type: 'rule', color: '#e45756', strokeWidth: 2, strokeDash: [4, 2] },
          encoding: { x: { field: 'at', type: 'quantitative' } } },
        { transform: [{ filter: "datum.kind === 'empty'" }], mark: { type: 'text', color: '#888', fontSize: 11 },
          encoding: { text: { value: 'not run' }, x: { value: 75 }, y: { value: 35 } } },
      ],
    },
  };
  return { id: 'histograms', title: 'Thinking tokens per budget', spec };
}

/** The curation funnel: samples kept after each stage of each selection the report names. */
export function funnelChart(data: ReportData): ChartSpec | null {
  if (!data.funnels.length) return null;
  const values = data.funnels.flatMap((f) => f.rows.map((r, i) => ({
    selection: `${f.selection} v${f.version}`, stage: r.stage, order: i, label: `${i}. ${r.stage}`, kept: r.kept, dropped: r.dropped ?? 0, type: r.type,
  })));
  const spec = {
    ...base('Curation funnel: samples kept after each stage'),
    data: { values },
    facet: { row: { field: 'selection', type: 'nominal', title: null } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 420,
      layer: [
        { mark: { type: 'bar', color: '#54a24b' }, encoding: {
          y: { field: 'label', type: 'ordinal', sort: { field: 'order' }, title: null },
          x: { field: 'kept', type: 'quantitative', title: 'samples kept', scale: { type: 'symlog' } },
          tooltip: [{ field: 'stage' }, { field: 'type' }, { field: 'kept' }, { field: 'dropped' }] } },
        { mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 }, encoding: {
          y: { field: 'label', type: 'ordinal', sort: { field: 'order' } }, x: { field: 'kept', type: 'quantitative' }, text: { field: 'kept', format: ',' } } },
      ],
    },
  };
  return { id: 'funnel', title: 'Curation funnel', spec };
}

/** Every chart of a report, in the order the report shows them. */
export function reportCharts(data: ReportData): ChartSpec[] {
  const out = [scalingChart(data), histogramChart(data)];
  const funnel = funnelChart(data);
  if (funnel) out.push(funnel);
  out.push(...failureCharts(data));
  return out;
}
