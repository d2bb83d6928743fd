// Bundles every entry point with esbuild. Native and test-only modules stay external.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const define = { __DISTILLERY_VERSION__: JSON.stringify(pkg.version) };

const watch = process.argv.includes('--watch');
// External: native or test-only modules (better-sqlite3, snappy: each loads a prebuilt binary at run time), and the tokenizer (its 8 MB vocabulary would be parsed at every CLI start).
// vega, vega-lite and vega-interpreter are ESM with a top-level await: bundled apart as out/vega-render.mjs (an ES
// module), which the report loads with import(); the CommonJS bundles keep them external.
const external = ['vscode', 'better-sqlite3', 'snappy', 'mocha', 'playwright-core', '@duckdb/node-api', 'eslint', 'vega', 'vega-lite', 'vega-interpreter'];
const node = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, external, define, logLevel: 'warning' };

function testFiles(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const builds = [
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'out' },
  { ...node, entryPoints: { engine: 'src/engine/main.ts' }, outdir: 'out' },
  { ...node, entryPoints: { 'parse-worker': 'src/core/ingest/parse-worker.ts' }, outdir: 'out' },
  { ...node, entryPoints: { 'export-worker': 'src/core/export/worker.ts' }, outdir: 'out' },
  { ...node, entryPoints: { 'tokenize-worker': 'src/core/tokenize/worker.ts' }, outdir: 'out' },
  { ...node, entryPoints: { 'curate-worker': 'src/core/curate/worker.ts' }, outdir: 'out' },
  { ...node, entryPoints: { 'index-worker': 'src/engine/index-worker.ts' }, outdir: 'out' },
  { bundle: true, platform: 'node', target: 'node20', format: 'esm', sourcemap: true, define, logLevel: 'warning',
    entryPoints: { 'vega-render': 'src/core/report/vega-bundle.ts' }, outdir: 'out', outExtension: { '.js': '.mjs' },
    // CommonJS parts of vega's dependencies call require(): give the module one.
    banner: { js: "import { createRequire as __distilleryRequire } from 'node:module'; const require = __distilleryRequire(import.meta.url);" } },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'out', banner: { js: '#!/usr/bin/env node' } },
  // The webview: one browser bundle plus its CSS (KaTeX's, with its fonts copied beside it).
  { bundle: true, platform: 'browser', target: 'chrome120', format: 'iife', sourcemap: true,
    entryPoints: { webview: 'webview/main.ts' }, outdir: 'out', logLevel: 'warning',
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' }, assetNames: 'fonts/[name]' },
  // The runs dashboard: its own bundle (Vega and Vega-Lite's browser modules, about 1 MB minified), so the review
  // panel stays light.
  { bundle: true, platform: 'browser', target: 'chrome120', format: 'iife', sourcemap: true, minify: true,
    entryPoints: { dashboard: 'webview/dashboard/main.ts' }, outdir: 'out', logLevel: 'warning' },
  { ...node, entryPoints: testFiles('test/unit'), outdir: 'out/test/unit', outbase: 'test/unit' },
  { ...node, entryPoints: [...(existsSync('test/host/index.ts') ? ['test/host/index.ts'] : []), ...testFiles('test/host')], outdir: 'out/test/host', outbase: 'test/host' },
];

mkdirSync('out', { recursive: true });
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  // The shipped bundles (not the tests) record their inputs: scripts/package.mjs lists the packages inside them
  // with their licences in THIRD_PARTY_NOTICES.md.
  const shipped = builds.length - 2;
  const results = await Promise.all(builds.map((b, i) => esbuild.build(i < shipped ? { ...b, metafile: true } : b)));
  const inputs = [...new Set(results.slice(0, shipped).flatMap((r) => Object.keys(r.metafile.inputs)))].sort();
  writeFileSync('out/bundled-inputs.json', JSON.stringify(inputs, null, 1));
}
