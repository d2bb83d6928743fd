#!/usr/bin/env node
/* global fetch */
// bench/eval: throughput and client CPU of `distillery eval` against the replay server with a per-token delay
// that makes the server the bottleneck (a simulated GPU). The replay server runs as its own process; the
// client is `distillery eval` in another, measured with /usr/bin/time.
//   ideal wall  = (sum over served requests of tokens x delay) / concurrency   (every slot busy all the time)
//   ratio       = ideal wall / measured wall of the eval run (>= 0.90 is the target at concurrency 64)
//   client CPU  = (user + sys of the eval process) / requests sent; also net of a no-op run's startup CPU
// The numbers are a replay's: they measure the client, never a model.
//
// Default workload: math500:500 (all bundled), truncation at 500 and 1000 tokens, 2 sampled repeats (temperature
// 0.7, seeds 42 and 43: distinct requests), so no single request is a large part of the run and the drain at the
// end (the last requests finishing with free slots) stays small; steady_state_occupancy shows the slots kept busy.
//   node bench/eval.mjs [--delay-ms 5] [--concurrency 64] [--benchmark math500:500] [--budgets 500,1000] [--repeats 2] [--temperature 0.7] [--cli out/cli.js]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const o = { delay: 5, concurrency: 64, benchmark: 'math500:500', budgets: '500,1000', method: 'truncation', repeats: 2, temperature: 0.7, cli: join(ROOT, 'out', 'cli.js') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--delay-ms') o.delay = Number(argv[++i]);
    else if (a === '--concurrency') o.concurrency = Number(argv[++i]);
    else if (a === '--benchmark') o.benchmark = argv[++i];
    else if (a === '--budgets') o.budgets = argv[++i];
    else if (a === '--method') o.method = argv[++i];
    else if (a === '--repeats') o.repeats = Number(argv[++i]);
    else if (a === '--temperature') o.temperature = Number(argv[++i]);
    else if (a === '--cli') o.cli = resolve(argv[++i]);
    else if (a === '-h' || a === '--help') { console.log('usage: node bench/eval.mjs [--delay-ms D] [--concurrency C] [--benchmark B] [--budgets L] [--method M] [--cli PATH]'); process.exit(0); }
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** Mean share of busy slots between the first sample with all slots busy and the last one before the drain. */
function steadyOccupancy(samples, c) {
  const first = samples.findIndex((x) => x >= c);
  let last = -1;
  for (let i = samples.length - 1; i >= 0; i--) if (samples[i] >= c) { last = i; break; }
  if (first < 0 || last <= first) return null;
  const w = samples.slice(first, last + 1);
  return +(w.reduce((a, b) => a + b, 0) / w.length / c).toFixed(3);
}

function startServer(cli, delay) {
  const child = spawn(process.execPath, [cli, '--json', 'serve-replay', '--traces', join(ROOT, 'samples', 'math500.jsonl'), '--port', '0', '--delay-ms-per-token', String(delay)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveP, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (line) => resolveP({ child, info: JSON.parse(line) }));
    child.once('exit', (code) => reject(new Error(`replay server exited with ${code}`)));
  });
}

/** Runs the CLI under /usr/bin/time; resolves {wall, cpu, out}. */
function timed(args) {
  const timeFile = join(tmpdir(), `bench-eval-time-${process.pid}-${Date.now()}`);
  const useTime = existsSync('/usr/bin/time');
  const cmd = useTime ? '/usr/bin/time' : process.execPath;
  const argv = useTime ? ['-f', '%U %S', '-o', timeFile, process.execPath, ...args] : args;
  const t0 = process.hrtime.bigint();
  return new Promise((resolveP, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) { reject(new Error(`exit ${code}: ${err.slice(-2000)}`)); return; }
      let cpu = null;
      if (useTime) {
        const [u, s] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        cpu = u + s;
        rmSync(timeFile, { force: true });
      }
      resolveP({ wall, cpu, out: JSON.parse(out.trim().split('\n').pop()) });
    });
  });
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(o.cli)) throw new Error(`${o.cli} not found: npm run build first`);
  const tmp = mkdtempSync(join(tmpdir(), 'distillery-bench-eval-'));
  const { child, info } = await startServer(o.cli, o.delay);
  const stats = async () => (await fetch(info.url.replace(/\/v1$/, '') + '/replay/stats')).json();
  try {
    const db = join(tmp, 'bench.db');
    const args = (run) => [o.cli, '--db', db, '--json', 'eval', '--backend', info.url, '--model', info.model, '--benchmark', o.benchmark, '--method', o.method,
      '--budgets', o.budgets, '--concurrency', String(o.concurrency), '--repeats', String(o.repeats), '--temperature', String(o.temperature), '--run', run];
    const before = await stats();
    // Sampled occupancy of the server while the client runs: how many of the slots were busy.
    const occupancy = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await new Promise((res) => setTimeout(res, 100));
        try { occupancy.push((await stats()).in_flight); } catch { /* between runs */ }
      }
    })();
    const r = await timed(args('bench'));
    sampling = false;
    await sampler;
    const after = await stats();
    // Startup CPU: the same command on the finished run (loads, plans, finds everything done, sends nothing).
    const noop = await timed(args('bench'));
    const served = after.requests - before.requests;
    const busyMs = (after.longest_tokens_sum - before.longest_tokens_sum) * o.delay;
    const idealWall = busyMs / 1000 / o.concurrency;
    const ratio = idealWall / r.wall;
    const cpuPerReq = r.cpu === null ? null : (r.cpu * 1000) / r.out.sent_requests;
    const netCpuPerReq = r.cpu === null || noop.cpu === null ? null : ((r.cpu - noop.cpu) * 1000) / r.out.sent_requests;
    const result = {
      bench: 'eval', replay: true, benchmark: o.benchmark, method: o.method, repeats: o.repeats, temperature: o.temperature, budgets: o.budgets, concurrency: o.concurrency, delay_ms_per_token: o.delay,
      results: r.out.results, requests_sent: r.out.sent_requests, requests_served: served, cached_requests: r.out.cached_requests,
      wall_s: +r.wall.toFixed(3), ideal_wall_s: +idealWall.toFixed(3), ratio_vs_ideal: +ratio.toFixed(3),
      requests_per_s: +(r.out.sent_requests / r.wall).toFixed(1), ideal_requests_per_s: +(served / idealWall).toFixed(1),
      steady_state_occupancy: steadyOccupancy(occupancy, o.concurrency),
      mean_in_flight: +(occupancy.reduce((a, b) => a + b, 0) / Math.max(1, occupancy.length)).toFixed(1), max_in_flight: after.max_in_flight,
      client_cpu_s: r.cpu, client_cpu_ms_per_request: cpuPerReq === null ? null : +cpuPerReq.toFixed(3),
      startup_cpu_s: noop.cpu === null ? null : +noop.cpu.toFixed(3), startup_wall_s: +noop.wall.toFixed(3), client_cpu_ms_per_request_net_of_startup: netCpuPerReq === null ? null : +netCpuPerReq.toFixed(3),
      targets: { ratio_vs_ideal: 0.9, client_cpu_ms_per_request: 2 },
    };
    console.log(`replay server (recorded traces, not a model), ${o.delay} ms/token, concurrency ${o.concurrency}`);
    console.log(`  ${result.requests_sent} requests in ${result.wall_s} s; ideal ${result.ideal_wall_s} s -> ${(ratio * 100).toFixed(1)}% of ideal throughput (target >= 90%)`);
    console.log(`  steady state: ${result.steady_state_occupancy === null ? '-' : (result.steady_state_occupancy * 100).toFixed(1) + '%'} of the ${o.concurrency} slots busy; mean ${result.mean_in_flight} in flight over the whole run`);
    console.log(`  client CPU ${result.client_cpu_ms_per_request} ms/request (${result.client_cpu_ms_per_request_net_of_startup} ms net of ${result.startup_cpu_s} s startup) (target < 2 ms)`);
    if (process.env.BENCH_EVAL_TRACE) console.error(occupancy.join(" "));
    console.log(JSON.stringify(result));
  } finally {
    child.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
