#!/usr/bin/env node
/* global fetch */
// bench/generate: throughput and client CPU of `distillery generate` (16 samples per question) against the replay
// server with a per-token delay that makes the server the bottleneck (a simulated GPU), each server its own process.
//   ideal wall  = (sum over served requests of tokens x delay) / concurrency   (every slot busy all the time)
//   ratio       = ideal wall / measured wall of the generate run (goal >= 0.95 at concurrency 256)
//   client CPU  = process.cpuUsage() of the generate process at its exit / requests sent, net of the start-up CPU
//                 of a no-op re-run of the finished run (goal < 2 ms per request)
// Then 1, 2 and 4 replicas (issue 19), each replica with 64 slots (its "max_num_seqs"): the client runs 64 x R
// requests at once spread over the replicas, so a client that keeps up scales throughput with R.
// The numbers are a replay's: they measure the client, never a model.
//   node bench/generate.mjs [--questions 64] [--samples 16] [--delay-ms 5] [--concurrency 256] [--replicas 1,2,4] [--cli out/cli.js]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function parseArgs(argv) {
  const o = { questions: 64, samples: 16, delay: 5, concurrency: 256, replicas: [1, 2, 4], perReplica: 64, cli: join(ROOT, 'out', 'cli.js') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--questions') o.questions = Number(argv[++i]);
    else if (a === '--samples') o.samples = Number(argv[++i]);
    else if (a === '--delay-ms') o.delay = Number(argv[++i]);
    else if (a === '--concurrency') o.concurrency = Number(argv[++i]);
    else if (a === '--replicas') o.replicas = argv[++i].split(',').filter(Boolean).map(Number);
    else if (a === '--per-replica') o.perReplica = Number(argv[++i]);
    else if (a === '--cli') o.cli = resolve(argv[++i]);
    else if (a === '-h' || a === '--help') { console.log('usage: node bench/generate.mjs [--questions N] [--samples N] [--delay-ms D] [--concurrency C] [--replicas 1,2,4] [--per-replica 64] [--cli PATH]'); process.exit(0); }
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

function startServer(cli, delay) {
  const child = spawn(process.execPath, [cli, '--json', 'serve-replay', '--traces', join(ROOT, 'samples', 'math500.jsonl'), '--port', '0', '--delay-ms-per-token', String(delay)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveP, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (line) => resolveP({ child, info: JSON.parse(line) }));
    child.once('exit', (code) => reject(new Error(`replay server exited with ${code}`)));
  });
}

const stats = async (url) => (await fetch(url.replace(/\/v1$/, '') + '/replay/stats')).json();

/** A database with `n` MATH500 questions imported and saved as selection `bench` (the store's own tables). */
function makeDb(cli, dir, n) {
  const db = join(dir, 'gen.db');
  const r = spawnSync(process.execPath, [cli, '--db', db, 'import', join(ROOT, 'samples', 'math500.jsonl'), '--dataset', 'math'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`import failed: ${r.stderr}`);
  const Database = require('better-sqlite3');
  const d = new Database(db);
  const ids = d.prepare('SELECT id FROM samples ORDER BY id LIMIT ?').pluck().all(n);
  const sel = d.prepare("INSERT INTO selections (name, version, dataset_id, recipe, seed, funnel) VALUES ('bench', 1, (SELECT id FROM datasets WHERE name = 'math'), 'null', 0, '[]')").run().lastInsertRowid;
  const ins = d.prepare('INSERT INTO selection_items (selection_id, sample_id, rank) VALUES (?, ?, ?)');
  d.transaction(() => ids.forEach((id, k) => ins.run(sel, id, k)))();
  d.close();
  return db;
}

/** Runs `distillery generate`; returns its JSON summary, wall seconds and CPU milliseconds (process.cpuUsage at exit). */
function generate(cli, hook, db, urls, model, run, o, concurrency) {
  const args = ['-r', hook, cli, '--db', db, '--json', 'generate', '--backend', urls.join(','), '--model', model, '--selection', 'bench', '--run', run,
    '--samples', String(o.samples), '--concurrency', String(concurrency)];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`generate failed (${r.status}): ${r.stderr}`);
  const cpu = Number(/CPU_US (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1000;
  return { summary: JSON.parse(r.stdout), wall, cpuMs: cpu };
}

async function measure(o, tmp, hook, replicas, concurrency, label) {
  const servers = await Promise.all(Array.from({ length: replicas }, () => startServer(o.cli, o.delay)));
  try {
    const urls = servers.map((s) => s.info.url);
    const db = makeDb(o.cli, join(tmp, label), o.questions);
    const before = await Promise.all(urls.map(stats));
    const run = generate(o.cli, hook, db, urls, servers[0].info.model, 'bench', o, concurrency);
    const after = await Promise.all(urls.map(stats));
    const noop = generate(o.cli, hook, db, urls, servers[0].info.model, 'bench', o, concurrency);
    const served = after.map((a, i) => ({ requests: a.requests - before[i].requests, longest: a.longest_tokens_sum - before[i].longest_tokens_sum }));
    const requests = served.reduce((s, x) => s + x.requests, 0);
    const tokens = served.reduce((s, x) => s + x.longest, 0);
    const ideal = (tokens * o.delay) / 1000 / concurrency;
    return {
      label, replicas, concurrency, questions: o.questions, samples: o.samples, requests, traces: run.summary.new_traces,
      wall_s: +run.wall.toFixed(2), ideal_s: +ideal.toFixed(2), ratio_vs_ideal: +(ideal / run.wall).toFixed(3),
      // The process's own start (Node, the bundle, the database, GET /models) measured by the no-op re-run; the
      // tokenizer's first load (thinking lengths) is not in it.
      startup_wall_s: +noop.wall.toFixed(2), ratio_vs_ideal_net_of_startup: +(ideal / Math.max(0.001, run.wall - noop.wall)).toFixed(3),
      samples_per_s: +(run.summary.new_traces / run.wall).toFixed(1),
      client_cpu_ms_per_request: +(run.cpuMs / requests).toFixed(3),
      client_cpu_ms_per_request_net: +((run.cpuMs - noop.cpuMs) / requests).toFixed(3), startup_cpu_ms: Math.round(noop.cpuMs),
      per_replica_requests: served.map((x) => x.requests), max_in_flight: after.map((a) => a.max_in_flight),
    };
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
  }
}

const o = parseArgs(process.argv.slice(2));
const tmp = mkdtempSync(join(tmpdir(), 'distillery-bench-gen-'));
const hook = join(tmp, 'cpu-at-exit.cjs');
writeFileSync(hook, "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeSync(2, `\\nCPU_US ${u.user + u.system}\\n`); });\n");
try {
  const results = [await measure(o, tmp, hook, 1, o.concurrency, `main-c${o.concurrency}`)];
  for (const r of o.replicas) results.push(await measure(o, tmp, hook, r, o.perReplica * r, `replicas-${r}`));
  const base = results.find((r) => r.label === 'replicas-1');
  for (const r of results) if (base && r.label.startsWith('replicas-')) r.speedup_vs_1_replica = +(r.samples_per_s / base.samples_per_s).toFixed(2);
  console.log(JSON.stringify({ bench: 'generate', delay_ms_per_token: o.delay, goal: { ratio_vs_ideal: 0.95, client_cpu_ms_per_request: 2 }, results }, null, 1));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
