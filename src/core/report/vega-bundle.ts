// The entry of out/vega-render.mjs: vega, vega-lite and vega-interpreter bundled as one ES module (vega's Node build
// awaits at top level, which a CommonJS bundle cannot hold), so the packaged extension needs no node_modules for them.
export * as vega from 'vega';
export * as vl from 'vega-lite';
export { expressionInterpreter } from 'vega-interpreter';
