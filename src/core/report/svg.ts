// Headless SVG from a Vega-Lite spec, in Node: the same spec the panel draws, rendered to a file.
// vega, vega-lite and vega-interpreter are ESM (vega's Node build awaits at top level), so they are bundled apart as
// an ES module, out/vega-render.mjs (scripts/build.mjs), loaded with a dynamic import(); from sources without that
// bundle, the packages themselves. Expressions go through the CSP-safe interpreter, as in the webview, so a spec that
// renders here renders there too.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

type VegaModule = typeof import('vega');
type VegaLiteModule = typeof import('vega-lite');
type InterpreterModule = typeof import('vega-interpreter');

let modules: Promise<[VegaModule, VegaLiteModule, InterpreterModule]> | undefined;

/** out/vega-render.mjs, beside this bundle or a few folders up (the test bundles live under out/test/...). */
function bundlePath(): string | null {
  for (let dir = __dirname, i = 0; i < 5; i++, dir = dirname(dir)) {
    const p = join(dir, 'vega-render.mjs');
    if (existsSync(p)) return p;
  }
  return null;
}

function loadVega(): Promise<[VegaModule, VegaLiteModule, InterpreterModule]> {
  const bundle = bundlePath();
  modules ??= bundle
    ? import(pathToFileURL(bundle).href).then((m: { vega: VegaModule; vl: VegaLiteModule; expressionInterpreter: InterpreterModule['expressionInterpreter'] }) =>
      [m.vega, m.vl, { expressionInterpreter: m.expressionInterpreter } as InterpreterModule])
    : Promise.all([import('vega'), import('vega-lite'), import('vega-interpreter')]);
  return modules;
}

/** The SVG text of a Vega-Lite spec (a chart's `spec`), rendered without a browser. */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const [vega, vl, { expressionInterpreter }] = await loadVega();
  // Vega-Lite's warnings (a dropped sort, a guessed size) would land in the CLI's output: kept quiet; errors still throw.
  const quiet = { level() { return quiet; }, warn() { return quiet; }, info() { return quiet; }, debug() { return quiet; }, error(...a: unknown[]) { throw new Error(a.map(String).join(' ')); } };
  const compiled = vl.compile(spec as unknown as Parameters<VegaLiteModule['compile']>[0], { logger: quiet as never }).spec;
  const runtime = vega.parse(compiled, undefined, { ast: true });
  const view = new vega.View(runtime, { renderer: 'none', expr: expressionInterpreter as never, logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
