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

/** What every chart spec starts with: the schema, its title, the report's look. */
export const base = (title: string) => ({ $schema: SCHEMA, title, config: { font: 'sans-serif', view: { stroke: '#ddd' }, axis: { grid: true, gridColor: '#eee' }, legend: { labelLimit: 300 } } });

/** Accuracy against mean thinking tokens, one panel per benchmark, one series per method variant, points labelled by budget. */
export function scalingChart(data: ReportData): ChartSpec {
  const several = data.runs.length > 1;
  const { domain } = seriesScale(data);
  // Budgets whose points coincide (a model that stops before both) share one label; series alternate their labels
  // above-left and below-right, so two methods' labels at nearby points do not print over each other.
  // Points within a fiftieth of the panel of each other (any series) share one label too.
  const widest = new Map<string, number>();
  for (const r of data.rows) widest.set(r.benchmark, Math.max(widest.get(r.benchmark) ?? 1, r.mean_thinking_tokens));
  const labels = new Map<string, string[]>();
  const first = new Map<string, (typeof data.rows)[number]>();
  const at = (r: (typeof data.rows)[number]) => JSON.stringify([r.benchmark, Math.round(r.accuracy * 50), Math.round((r.mean_thinking_tokens / widest.get(r.benchmark)!) * 50)]);
  for (const r of data.rows) {
    const l = labels.get(at(r)) ?? labels.set(at(r), []).get(at(r))!;
    if (!l.includes(budgetLabel(r.budget))) l.push(budgetLabel(r.budget));
    if (!first.has(at(r))) first.set(at(r), r);
  }
  const values = data.rows.map((r) => {
    const shared = labels.get(at(r))!;
    return {
      run: r.run, benchmark: r.benchmark, benchmark_title: benchmarkTitle(r.benchmark), method: r.method_key, series: r.series,
      budget: r.budget, budget_label: budgetLabel(r.budget), accuracy: r.accuracy, stderr: r.stderr,
      lo: Math.max(0, r.accuracy - r.stderr), hi: Math.min(1, r.accuracy + r.stderr), tokens: r.mean_thinking_tokens, n: r.n, repeats: r.repeats,
      label: first.get(at(r)) === r ? shared.join(', ') : '',
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
  // Panels in the report's order: benchmark (MATH500, AIME24, GPQA first), then method, then run.
  const ordered = [...groups.values()].sort((a, b) => data.benchmarks.indexOf(a.benchmark) - data.benchmarks.indexOf(b.benchmark)
    || (a.series < b.series ? -1 : a.series > b.series ? 1 : 0) || data.runs.findIndex((r) => r.name === a.run) - data.runs.findIndex((r) => r.name === b.run));
  const panels: string[] = [];
  for (const g of ordered) {
    const top = Math.max(g.budget ?? 0, ...g.tokens, 1);
    const width = Math.max(1, Math.ceil(top / BINS));
    const counts = new Array<number>(Math.ceil(top / width) + 1).fill(0);
    for (const t of g.tokens) counts[Math.floor(t / width)]++;
    const panel = `${benchmarkTitle(g.benchmark)} · ${g.series}${several ? ` · ${g.run}` : ''}`;
    if (!panels.includes(panel)) panels.push(panel);
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
      row: { field: 'panel', type: 'nominal', title: null, sort: panels, header: { labelAngle: 0, labelAlign: 'left', labelFontSize: 11 } },
      column: { field: 'budget_label', type: 'nominal', title: 'budget', sort: budgets },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: 150, height: 70,
      layer: [
        { transform: [{ filter: "datum.kind === 'bin'" }], mark: { type: 'bar', color: '#4c78a8', opacity: several ? 0.6 : 0.9 },
          // Whole numbers on both axes: a cell of a budget not run has an empty domain, whose one tick Vega would
          // otherwise label 0.000000.
          encoding: { x: { field: 'bin_start', type: 'quantitative', bin: { binned: true }, title: 'thinking tokens', scale: { zero: true }, axis: { format: ',d', tickMinStep: 1 } }, x2: { field: 'bin_end' },
            y: { field: 'count', type: 'quantitative', title: 'generations', axis: { format: 'd', tickMinStep: 1 } },
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
  const several = data.funnels.length > 1;
  // A picks stage's `kept` is what it picked; the rest of the pool goes on beside it: the bar shows both.
  const values = data.funnels.flatMap((f, k) => f.rows.map((r, i) => {
    const picks = r.picked !== undefined && r.pool !== undefined;
    const kept = picks ? r.picked! + r.pool! : r.kept;
    return {
      selection: `${f.selection} v${f.version}`, stage: r.stage, order: k * 1000 + i, kept, dropped: r.dropped ?? 0, type: r.type,
      label: `${several ? `${f.selection} v${f.version} · ` : ''}${i}. ${r.stage}`,
      text: picks ? `${r.picked!.toLocaleString('en-US')} picked + ${r.pool!.toLocaleString('en-US')} go on` : kept.toLocaleString('en-US'),
    };
  }));
  // One chart, no facet: every bar and its count share the y scale, sorted by stage order.
  const y = { field: 'label', type: 'ordinal', sort: { field: 'order', op: 'min' }, title: null, axis: { labelLimit: 300 } };
  const spec = {
    ...base('Curation funnel: samples kept after each stage'),
    data: { values },
    width: 420,
    padding: { right: 110 },
    layer: [
      { mark: { type: 'bar', color: '#54a24b' }, encoding: {
        y, x: { field: 'kept', type: 'quantitative', title: 'samples kept (log scale)', scale: { type: 'symlog' } },
        tooltip: [{ field: 'selection' }, { field: 'stage' }, { field: 'type' }, { field: 'kept' }, { field: 'dropped' }] } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 }, encoding: { y, x: { field: 'kept', type: 'quantitative' }, text: { field: 'text' } } },
    ],
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
