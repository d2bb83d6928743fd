// Draws one chart: a Vega-Lite spec compiled to Vega and run with Vega's expression interpreter, so nothing is
// compiled with `new Function` and the page's CSP needs no 'unsafe-eval'. The chart takes the editor's colours;
// a click on a mark whose datum names a run, benchmark, method and budget opens those samples.
import { parse, View, Warn } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { expressionInterpreter } from 'vega-interpreter';
import type { ChartPoint } from '../../src/shared/protocol';
import { chartPoint } from './model';

/** Vega-Lite config from the theme's CSS variables (light, dark and high contrast follow the editor). */
function themeConfig(): Record<string, unknown> {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const fg = v('--vscode-foreground', '#333');
  const muted = v('--vscode-descriptionForeground', fg);
  const line = v('--vscode-panel-border', '#8884');
  const font = v('--vscode-font-family', 'sans-serif');
  const axis = { labelColor: muted, titleColor: fg, gridColor: line, domainColor: line, tickColor: line, labelFont: font, titleFont: font };
  return {
    background: null, font, view: { stroke: line },
    axis, legend: { labelColor: fg, titleColor: fg, labelFont: font, titleFont: font },
    header: { labelColor: fg, titleColor: fg, labelFont: font, titleFont: font, labelFontSize: 12, labelFontWeight: 'bold' },
    title: { color: fg, font }, text: { color: fg },
  };
}

/** Renders `spec` into `el` (SVG); returns the view (finalize it before dropping the element). */
export async function drawChart(el: HTMLElement, spec: Record<string, unknown>, onPoint: (p: ChartPoint) => void): Promise<View> {
  const own = (spec.config ?? {}) as Record<string, unknown>;
  const vl = { ...spec, config: { ...themeConfig(), ...own } } as unknown as TopLevelSpec;
  const runtime = parse(compile(vl).spec, undefined, { ast: true });
  const view = new View(runtime, { expr: expressionInterpreter, renderer: 'svg', container: el, hover: true, logLevel: Warn });
  view.addEventListener('click', (_event, item) => {
    const p = chartPoint(item?.datum);
    if (p) onPoint(p);
  });
  await view.runAsync();
  return view;
}
