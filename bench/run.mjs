#!/usr/bin/env node
// Runs every benchmark bench/*.mjs (except this runner, the data generators gen-*.mjs and the tools in TOOLS) one after another,
// never two at once. `npm run bench` builds first and then calls this.
//
//   node bench/run.mjs [FILTER...] [-- ARGS...]
// FILTER: run only the benchmarks whose name contains one of these words (e.g. `import`, `grade`).
// ARGS after `--` are passed to every benchmark run (e.g. `node bench/run.mjs import -- --rows 2000`).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goalLines, goalsOf, lastSummary, verdict } from './goals.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const filters = (dash === -1 ? argv : argv.slice(0, dash)).filter((a) => !a.startsWith('-'));
const passArgs = dash === -1 ? [] : argv.slice(dash + 1);
if (argv.includes('-h') || argv.includes('--help')) {
  console.log('usage: node bench/run.mjs [FILTER...] [-- ARGS passed to each benchmark]');
  process.exit(0);
}

const self = basename(fileURLToPath(import.meta.url));
/** Tools beside the benchmarks, run by hand with their own arguments (A/B of two builds, trace readers, data). */
const TOOLS = new Set(['goals.mjs', 'curate-ab.mjs', 'export-ab.mjs', 'hash-import.mjs', 'thread-times.mjs', 'panel-keys.mjs', 'replicate-pool.mjs', 'fetch-real-traces.mjs', 'artclf.mjs', 'artclf-frozen.mjs']);
const all = readdirSync(HERE)
  .filter((f) => f.endsWith('.mjs') && f !== self && !f.startsWith('gen-') && !TOOLS.has(f))
  .sort();
const chosen = all.filter((f) => !filters.length || filters.some((w) => f.replace(/\.mjs$/, '').includes(w)));
if (!chosen.length) {
  console.error(`bench/run: nothing matches ${filters.join(', ')} (have: ${all.join(', ')})`);
  process.exit(2);
}

/** Runs one benchmark with its standard output shown as it comes and kept, for its summary line. */
function runOne(file) {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [join(HERE, file), ...passArgs], { cwd: join(HERE, '..'), stdio: ['inherit', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { process.stdout.write(d); out += d; if (out.length > 1 << 22) out = out.slice(-(1 << 21)); });
    child.on('close', (code, signal) => resolveRun({ code: code ?? (signal ? 128 : 1), signal, stdout: out }));
  });
}

const summary = [];
const goals = [];
for (const f of chosen) {
  console.error(`\n=== bench/${f} ${passArgs.join(' ')}`);
  const t0 = Date.now();
  const r = await runOne(f);
  summary.push({ bench: f, code: r.code, seconds: (Date.now() - t0) / 1000 });
  if (r.code === 0) goals.push(...goalsOf(f, lastSummary(r.stdout)));
  if (r.signal === 'SIGINT') break;
}
console.error('\n=== bench summary');
for (const s of summary) console.error(`${s.code === 0 ? 'ok    ' : 'FAILED'}  ${s.bench.padEnd(20)} ${s.seconds.toFixed(1)} s${s.code === 0 ? '' : ` (exit ${s.code})`}`);
if (goals.length) {
  // The goals are figures for a quiet machine: a missed one is reported, not a failed run.
  const missed = goals.filter((g) => verdict(g) === 'missed').length;
  console.error(`\n=== goals (issues 11 and 19): ${goals.length - missed} of ${goals.length} met${missed ? `, ${missed} missed` : ''}`);
  for (const l of goalLines(goals)) console.error(l);
}
process.exitCode = summary.every((s) => s.code === 0) ? 0 : 1;
