#!/usr/bin/env node
/* global fetch */
// bench/generate: throughput and client CPU of `distillery generate` (16 samples per question) against the replay
// server with a per-token delay that makes the server the bottleneck (a simulated GPU), each server its own process.
//   ideal (capacity) = (sum over served requests of tokens x delay) / concurrency: every slot busy all the time
//   ideal (schedule) = the same requests, in the order the run sends them, through `concurrency` slots by a client
//                      that costs nothing (list scheduling): the capacity ideal plus the drain at the end, which
//                      no client can avoid without knowing the lengths in advance
//   ratio_vs_ideal   = ideal (schedule) / the servers' busy window (first request in to last reply out): the
//                      throughput while the run goes, the goal >= 0.95 at concurrency 256. The same against
//                      the process's whole wall time (start-up, tokenizer load and database included) is given too.
//   client CPU       = process.cpuUsage() of the generate process at its exit / requests sent (goal < 2 ms), and
//                      net of the start-up CPU of a no-op re-run of the finished run.
// Then 1, 2 and 4 replicas, each with `--per-replica` slots (its "max_num_seqs"): the client runs that many x R
// requests at once spread over the replicas; the servers' delay dominates while the client keeps up, so the
// samples per second scale with R.
// The numbers are a replay's: they measure the client, never a model.
//   node bench/generate.mjs [--questions 500] [--samples 16] [--delay-ms 5] [--concurrency 256]
//                           [--replicas 1,2,4] [--per-replica 64] [--replica-questions 128] [--cli out/cli.js]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const USAGE = 'usage: node bench/generate.mjs [--questions 500] [--samples 16] [--delay-ms 5] [--concurrency 256] [--replicas 1,2,4] [--per-replica 64] [--replica-questions 128] [--cli PATH]';

function parseArgs(argv) {
  const o = { questions: 500, samples: 16, delay: 5, concurrency: 256, replicas: [1, 2, 4], perReplica: 64, replicaQuestions: 128, cli: join(ROOT, 'out', 'cli.js') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--questions') o.questions = Number(argv[++i]);
    else if (a === '--samples') o.samples = Number(argv[++i]);
    else if (a === '--delay-ms') o.delay = Number(argv[++i]);
    else if (a === '--concurrency') o.concurrency = Number(argv[++i]);
    else if (a === '--replicas') o.replicas = argv[++i].split(',').filter(Boolean).map(Number);
    else if (a === '--per-replica') o.perReplica = Number(argv[++i]);
    else if (a === '--replica-questions') o.replicaQuestions = Number(argv[++i]);
    else if (a === '--cli') o.cli = resolve(argv[++i]);
    else if (a === '-h' || a === '--help') { console.log(USAGE); process.exit(0); }
    else throw new Error(`unknown option ${a}\n${USAGE}`);
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
  mkdirSync(dir, { recursive: true });
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

/** Completion tokens of the run's requests in the order the client sends them (question by question, then sample index). */
function tokensInSendOrder(db) {
  const Database = require('better-sqlite3');
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(`SELECT json_extract(t.metadata, '$.usage.completion_tokens') FROM traces t JOIN selection_items i ON i.sample_id = t.sample_id
      JOIN runs r ON r.id = t.run_id WHERE r.name = 'bench' ORDER BY i.rank, json_extract(t.metadata, '$.sample_index')`).pluck().all();
  } finally {
    d.close();
  }
}

/** Makespan (seconds) of `tokens` requests sent in order through `slots` slots, each taking tokens x delay. */
function scheduleSeconds(tokens, slots, delayMs) {
  const free = new Float64Array(Math.max(1, slots)); // a binary heap of the slots' free times
  let n = 0;
  const push = (t) => { let i = n++; free[i] = t; while (i > 0) { const p = (i - 1) >> 1; if (free[p] <= free[i]) break; [free[p], free[i]] = [free[i], free[p]]; i = p; } };
  const pop = () => {
    const top = free[0];
    free[0] = free[--n];
    for (let i = 0; ;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < n && free[l] < free[m]) m = l;
      if (r < n && free[r] < free[m]) m = r;
      if (m === i) break;
      [free[m], free[i]] = [free[i], free[m]];
      i = m;
    }
    return top;
  };
  for (let k = 0; k < slots; k++) push(0);
  let end = 0;
  for (const t of tokens) { const s = pop(); const e = s + t * delayMs / 1000; end = Math.max(end, e); push(e); }
  return end;
}

/** Runs `distillery generate`; returns its JSON summary, wall seconds and CPU milliseconds (process.cpuUsage at exit). */
function generate(cli, hook, db, urls, model, o, concurrency) {
  const args = ['-r', hook, cli, '--db', db, '--json', 'generate', '--backend', urls.join(','), '--model', model, '--selection', 'bench', '--run', 'bench',
    '--samples', String(o.samples), '--concurrency', String(concurrency)];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`generate failed (${r.status}): ${r.stderr}`);
  const cpu = Number(/CPU_US (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1000;
  return { summary: JSON.parse(r.stdout), wall, cpuMs: cpu };
}

async function measure(o, tmp, hook, replicas, concurrency, questions, label) {
  const servers = await Promise.all(Array.from({ length: replicas }, () => startServer(o.cli, o.delay)));
  try {
    const urls = servers.map((s) => s.info.url);
    const db = makeDb(o.cli, join(tmp, label), questions);
    const before = await Promise.all(urls.map(stats));
    const run = generate(o.cli, hook, db, urls, servers[0].info.model, o, concurrency);
    const after = await Promise.all(urls.map(stats));
    const noop = generate(o.cli, hook, db, urls, servers[0].info.model, o, concurrency);
    const served = after.map((a, i) => ({ requests: a.requests - before[i].requests, longest: a.longest_tokens_sum - before[i].longest_tokens_sum }));
    const requests = served.reduce((s, x) => s + x.requests, 0);
    const tokens = served.reduce((s, x) => s + x.longest, 0);
    const capacity = (tokens * o.delay) / 1000 / concurrency;
    const schedule = scheduleSeconds(tokensInSendOrder(db), concurrency, o.delay);
    const window = (Math.max(...after.map((a) => a.last_done_at)) - Math.min(...after.map((a) => a.first_at))) / 1000;
    return {
      label, replicas, concurrency, questions, samples: o.samples, requests, traces: run.summary.new_traces,
      wall_s: +run.wall.toFixed(2), served_window_s: +window.toFixed(2), ideal_capacity_s: +capacity.toFixed(2), ideal_schedule_s: +schedule.toFixed(2),
      ratio_vs_ideal: +(schedule / window).toFixed(3), ratio_vs_capacity: +(capacity / window).toFixed(3), ratio_vs_ideal_whole_process: +(schedule / run.wall).toFixed(3),
      samples_per_s: +(run.summary.new_traces / window).toFixed(1),
      client_cpu_ms_per_request: +(run.cpuMs / requests).toFixed(3),
      client_cpu_ms_per_request_net: +((run.cpuMs - noop.cpuMs) / requests).toFixed(3), startup_cpu_ms: Math.round(noop.cpuMs), startup_wall_s: +noop.wall.toFixed(2),
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
  const results = [await measure(o, tmp, hook, 1, o.concurrency, o.questions, `main-c${o.concurrency}`)];
  for (const r of o.replicas) results.push(await measure(o, tmp, hook, r, o.perReplica * r, o.replicaQuestions, `replicas-${r}`));
  const base = results.find((r) => r.label === 'replicas-1');
  for (const r of results) if (base && r.label.startsWith('replicas-')) r.speedup_vs_1_replica = +(r.samples_per_s / base.samples_per_s).toFixed(2);
  console.log(JSON.stringify({ bench: 'generate', delay_ms_per_token: o.delay, goal: { ratio_vs_ideal: 0.95, client_cpu_ms_per_request: 2 }, results }, null, 1));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
