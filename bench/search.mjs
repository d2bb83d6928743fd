#!/usr/bin/env node
// bench/search: the review panel's search in the engine alone, on a database (the panel's queries, bench/panel.mjs):
// per query the engine's time for the first page (30 rows ranked by bm25, with snippets: `listSamples`), p50 / p95,
// against the `review/get` of one sample (getSample) measured in the same run, and whether the page equals the exact
// bm25 top 30 (every occurrence read, rankSearch with no top k). Before the timed runs: the index and its impact
// lists are brought up to date (timed apart: `index_s`).
//
//   node bench/search.mjs --db /tmp/bench-panel-ws/.distillery/distillery.db [--dataset pool] [--rounds 3]
//   node bench/search.mjs --rows 2000          # builds a small pool database in a temporary folder
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const require = createRequire(import.meta.url);

// bench/panel.mjs's query set.
const QUERIES = ['prime', 'triangle', 'integral', 'polynomial', 'probability', 'matrix', 'sequence', 'divisors', 'circle', 'modulo', 'eigenvalue', 'convergence',
  'parabola', 'factorial', 'remainder', 'hexagon', 'vector', 'logarithm', 'permutation', 'inequality', 'derivative', 'graph', 'coefficient', 'symmetric'];

const o = { db: null, dataset: 'pool', rounds: 3, rows: 2000 };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--db') o.db = resolve(process.argv[++i]);
  else if (a === '--dataset') o.dataset = process.argv[++i];
  else if (a === '--rounds') o.rounds = Number(process.argv[++i]);
  else if (a === '--rows') o.rows = Number(process.argv[++i]);
  else { console.log('usage: node bench/search.mjs [--db DB] [--dataset pool] [--rounds 3] [--rows 2000]'); process.exit(a === '-h' || a === '--help' ? 0 : 2); }
}

let tmp = null;
if (!o.db) {
  tmp = mkdtempSync(join(tmpdir(), 'bench-search-'));
  const gen = execFileSync(process.execPath, [join(HERE, 'gen-s1-pool.mjs'), '--rows', String(o.rows), '--trace-scale', '0.25', '--out', join(tmp, 'pool.jsonl'), '--quiet'], { cwd: ROOT, encoding: 'utf8' });
  void gen;
  o.db = join(tmp, 'bench.db');
  execFileSync(process.execPath, [join(ROOT, 'out', 'cli.js'), '--db', o.db, 'import', join(tmp, 'pool.jsonl'), '--dataset', 'pool', '--preset', 's1', '--json'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

// The engine's own modules, bundled from src/ as the engine bundles them.
const lib = join(ROOT, 'out', 'bench', 'search-lib.js');
await esbuild.build({
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', external: ['better-sqlite3'], define: { __DISTILLERY_VERSION__: '"bench"' }, outfile: lib,
  stdin: {
    resolveDir: ROOT, loader: 'ts', sourcefile: 'search-lib.ts',
    contents: `export { openDatabase } from './src/core/store/db';
      export { buildSearchIndex, rankSearch } from './src/core/store/fts';
      export { listSamples, getSample, clearReviewCache } from './src/core/review/queries';`,
  },
});
const { openDatabase, buildSearchIndex, rankSearch, listSamples, getSample, clearReviewCache } = require(lib);

const db = openDatabase(o.db);
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); const r = (p / 100) * (s.length - 1); const lo = Math.floor(r); return s[lo] + (s[Math.ceil(r)] - s[lo]) * (r - lo); };
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

let t0 = process.hrtime.bigint();
let c0 = cpu();
buildSearchIndex(db);
const index = { wall_s: +(ms(t0) / 1000).toFixed(2), cpu_s: +((cpu() - c0) / 1000).toFixed(2) };
console.error(`index and impact lists up to date: ${index.wall_s} s (${index.cpu_s} CPU s)`);

const filter = (q) => ({ dataset: o.dataset, search: q });
// Warm the per-connection maps both paths use (sample -> data set, the first statement preparations).
listSamples(db, filter('warmup'), 0, 30);
const ids = listSamples(db, { dataset: o.dataset }, 0, 50).rows.map((r) => r.id);

const ref = [];
const refCpu = [];
for (let i = 0; i < 60; i++) {
  const id = ids[i % ids.length];
  t0 = process.hrtime.bigint(); c0 = cpu();
  getSample(db, id);
  ref.push(ms(t0)); refCpu.push(cpu() - c0);
}

// The same through the engine process (JSON-RPC over stdio, as the extension talks to it): `review/get` round trips
// and each query's first page, so the ratio is the panel's (its webview adds its own hop on top of both).
async function engineRun() {
  const { spawn } = await import('node:child_process');
  const rpc = require('vscode-jsonrpc/node');
  const child = spawn(process.execPath, [join(ROOT, 'out', 'engine.js'), '--db', o.db], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  conn.listen();
  const req = (m, p) => conn.sendRequest(new rpc.RequestType(m), p);
  const time = async (m, p) => { const t = process.hrtime.bigint(); await req(m, p); return ms(t); };
  await req('review/list', { filter: filter('warmup'), offset: 0, limit: 30 });
  const trips = [];
  for (let i = 0; i < 60; i++) trips.push(await time('review/get', { id: ids[i % ids.length] }));
  const qs = [];
  for (let round = 0; round < o.rounds; round++) {
    for (const q of QUERIES) {
      // Trailing spaces: the same words, another cache key (the engine keeps a search's ranking per filter).
      qs.push(await time('review/list', { filter: filter(q + ' '.repeat(round + 1)), offset: 0, limit: 30 }));
    }
  }
  conn.dispose();
  child.kill();
  return { review_get_round_trip_p50_ms: +pct(trips, 50).toFixed(2), engine_search_p50_ms: +pct(qs, 50).toFixed(1), engine_search_p95_ms: +pct(qs, 95).toFixed(1),
    engine_p95_over_round_trip: +(pct(qs, 95) / pct(trips, 50)).toFixed(1) };
}

const wall = [];
const cpus = [];
const perQuery = [];
let equal = 0;
let fromLists = 0;
for (let round = 0; round < o.rounds; round++) {
  for (const q of QUERIES) {
    clearReviewCache();
    t0 = process.hrtime.bigint(); c0 = cpu();
    const page = listSamples(db, filter(q), 0, 30);
    const w = ms(t0);
    wall.push(w); cpus.push(cpu() - c0);
    if (round === 0) {
      const datasetId = db.prepare('SELECT id FROM datasets WHERE name = ?').pluck().get(o.dataset);
      const inSet = new Set(db.prepare('SELECT id FROM samples WHERE dataset_id = ?').pluck().all(datasetId));
      t0 = process.hrtime.bigint();
      const exact = rankSearch(db, [q], `"${q}"*`, (id) => inSet.has(id), 0);
      const exactMs = ms(t0);
      const want = exact.page(0, 30);
      const same = JSON.stringify(page.rows.map((r) => r.id)) === JSON.stringify(want);
      if (same) equal++;
      if (page.totalAtLeast) fromLists++;
      perQuery.push({ q, ms: +w.toFixed(1), exact_ms: +exactMs.toFixed(1), equal: same, total: page.total, total_at_least: !!page.totalAtLeast, exact_total: exact.total, snippets: page.rows.filter((r) => r.snippet).length });
    }
  }
}
for (const p of perQuery) console.error(`  ${p.q.padEnd(12)} ${String(p.ms).padStart(7)} ms (exact ranking ${p.exact_ms} ms)  equal=${p.equal}  total ${p.total}${p.total_at_least ? '+' : ''} of ${p.exact_total}  snippets ${p.snippets}`);
const refP50 = pct(ref, 50);
const fig = {
  db: o.db, queries: QUERIES.length, rounds: o.rounds, index,
  search_p50_ms: +pct(wall, 50).toFixed(1), search_p95_ms: +pct(wall, 95).toFixed(1),
  search_cpu_p50_ms: +pct(cpus, 50).toFixed(1), search_cpu_p95_ms: +pct(cpus, 95).toFixed(1),
  review_get_p50_ms: +refP50.toFixed(2), review_get_cpu_p50_ms: +pct(refCpu, 50).toFixed(2),
  p95_over_review_get: +(pct(wall, 95) / refP50).toFixed(1),
  equal_to_exact_top30: `${equal}/${QUERIES.length}`, first_page_from_lists: `${fromLists}/${QUERIES.length}`,
};
db.close();
try {
  Object.assign(fig, await engineRun());
} catch (e) {
  console.error(`engine round trips skipped: ${e.message}`);
}
console.log(JSON.stringify(fig));
if (tmp) rmSync(tmp, { recursive: true, force: true });
