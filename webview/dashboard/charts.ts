// Draws one chart: a Vega-Lite spec compiled to Vega and run with Vega's expression interpreter, so nothing is
// compiled with `new Function` and the page's CSP needs no 'unsafe-eval'. A click on a mark whose datum names a
// run, benchmark, method and budget opens those samples.
import { parse, View, Warn } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { expressionInterpreter } from 'vega-interpreter';
import type { ChartPoint } from '../../src/shared/protocol';
import { chartPoint } from './model';

/** Renders `spec` into `el` (SVG); returns the view (finalize it before dropping the element). */
export async function drawChart(el: HTMLElement, spec: Record<string, unknown>, onPoint: (p: ChartPoint) => void): Promise<View> {
  // The report's specs are drawn for paper: on their own white background, as in the report's SVG files.
  const vl = { background: 'white', padding: 8, ...spec } as unknown as TopLevelSpec;
  const runtime = parse(compile(vl).spec, undefined, { ast: true });
  const view = new View(runtime, { expr: expressionInterpreter, renderer: 'svg', container: el, hover: true, logLevel: Warn });
  view.addEventListener('click', (_event, item) => {
    const p = chartPoint(item?.datum);
    if (p) onPoint(p);
  });
  await view.runAsync();
  return view;
}
