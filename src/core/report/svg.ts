// Headless SVG from a Vega-Lite spec, in Node: the same spec the panel draws, rendered to a file.
// vega, vega-lite and vega-interpreter are ESM (vega's Node build awaits at top level), so they are loaded with a
// dynamic import() that the bundles keep external (scripts/build.mjs). Expressions go through the CSP-safe
// interpreter, as in the webview, so a spec that renders here renders there too.

type VegaModule = typeof import('vega');
type VegaLiteModule = typeof import('vega-lite');
type InterpreterModule = typeof import('vega-interpreter');

let modules: Promise<[VegaModule, VegaLiteModule, InterpreterModule]> | undefined;

function loadVega(): Promise<[VegaModule, VegaLiteModule, InterpreterModule]> {
  modules ??= Promise.all([import('vega'), import('vega-lite'), import('vega-interpreter')]);
  return modules;
}

/** The SVG text of a Vega-Lite spec (a chart's `spec`), rendered without a browser. */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const [vega, vl, { expressionInterpreter }] = await loadVega();
  const compiled = vl.compile(spec as unknown as Parameters<VegaLiteModule['compile']>[0]).spec;
  const runtime = vega.parse(compiled, undefined, { ast: true });
  const view = new vega.View(runtime, { renderer: 'none', expr: expressionInterpreter as never, logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
