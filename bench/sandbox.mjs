#!/usr/bin/env node
// bench/sandbox: APPS-style test runs per second through the verifier's sandbox (bubblewrap, rlimits, a fresh
// folder per test: src/core/verify/python-tests.ts) for a trivial stdin/stdout program, against the same program
// run without a sandbox in the same run: Node's spawn of the same interpreter, Python's own subprocess.run of
// `python prog.py` (the issue's reference), and subprocess.run of the verifier's own command line (python -S and
// its launcher, python-tests.ts) without bwrap: the sandbox's own cost apart from how Python is started. Both sides run `--concurrency` tests at a time (default 2: the target is 20 runs/s on
// 2 cores). The ratio inside one run is what matters; the machines are shared and noisy.
//
//   node bench/sandbox.mjs [--seconds 5] [--concurrency 2]
// Builds the sandbox modules to out/bench/sandbox.cjs with esbuild first.
import * as esbuild from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const argv = process.argv.slice(2);
if (argv.includes('-h') || argv.includes('--help')) {
  console.log('usage: node bench/sandbox.mjs [--seconds N] [--concurrency N]');
  process.exit(0);
}
const opt = (name, dflt) => { const i = argv.indexOf(name); return i >= 0 ? Number(argv[i + 1]) : dflt; };
const SECONDS = opt('--seconds', 5);
const CONCURRENCY = opt('--concurrency', 2);
const TARGET = 20;

const outFile = join(ROOT, 'out', 'bench', 'sandbox.cjs');
mkdirSync(dirname(outFile), { recursive: true });
await esbuild.build({
  stdin: { contents: "export * from './src/core/verify/sandbox'; export * from './src/core/verify/python-tests';", resolveDir: ROOT, loader: 'ts' },
  outfile: outFile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning',
});
const { Sandbox, SandboxUnavailableError, runPythonTests, pythonArgv } = createRequire(import.meta.url)(outFile);

let sandbox;
try { sandbox = new Sandbox(); } catch (e) {
  if (e instanceof SandboxUnavailableError) { console.error(`bench/sandbox: ${e.message}`); process.exit(1); }
  throw e;
}
const info = await sandbox.findPythonInfo();
const python = info.exe;
const PROGRAM = 'n = int(input())\nprint(n * 2)\n';
const tests = { fnName: null, inputs: ['21\n'], outputs: ['42\n'] };

/** Runs `one` on `CONCURRENCY` lanes until SECONDS have passed; returns runs per second. */
async function measure(one) {
  let n = 0;
  let failed = 0;
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  const lane = async () => { while (performance.now() < end) { if (!(await one())) failed++; n++; } };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const s = (performance.now() - t0) / 1000;
  return { runs: n, failed, perSecond: n / s };
}

const dir = mkdtempSync(join(tmpdir(), 'distillery-bench-sandbox-'));
const prog = join(dir, 'solution.py');
writeFileSync(prog, PROGRAM);
const plainOnce = () => new Promise((res) => {
  const c = spawn(python, [prog], { stdio: ['pipe', 'pipe', 'ignore'] });
  let out = '';
  c.stdout.on('data', (b) => { out += b; });
  c.on('close', () => res(out === '42\n'));
  c.stdin.end('21\n');
});

// Python's subprocess.run in a thread pool of CONCURRENCY, for SECONDS (the reference the issue names).
const PY_REF = `
import json, os, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor
cmd, secs, conc = json.loads(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
os.chdir(sys.argv[4])
end = time.perf_counter() + secs
def lane(_):
    n = 0
    while time.perf_counter() < end:
        r = subprocess.run(cmd, input="21\\n", capture_output=True, text=True, pass_fds=(3,) if os.path.exists("/proc/self/fd/3") else ())
        assert r.stdout == "42\\n"
        n += 1
    return n
t0 = time.perf_counter()
with ThreadPoolExecutor(conc) as ex:
    total = sum(ex.map(lane, range(conc)))
print(total / (time.perf_counter() - t0))
`;

const rows = [];
const sandboxed = await measure(async () => (await runPythonTests(sandbox, PROGRAM, tests)).passed);
rows.push(['sandbox (bwrap + rlimits, APPS test)', sandboxed]);
const plain = await measure(plainOnce);
rows.push(['plain spawn (no sandbox)', plain]);
const pyRun = (cmd) => {
  // fd 3 open (the launcher tells how the program ended there), as in the sandbox.
  const r = spawnSync(python, ['-c', PY_REF, JSON.stringify(cmd), String(SECONDS), String(CONCURRENCY), dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`reference failed: ${r.stderr}`);
  return Number(r.stdout.trim());
};
const pyRate = pyRun([python, prog]);
rows.push(['python subprocess.run (no sandbox)', { runs: NaN, failed: 0, perSecond: pyRate }]);
const launcherRate = pyRun(pythonArgv(info, 'solution.py'));
rows.push(['subprocess.run, verifier\'s python -S launcher', { runs: NaN, failed: 0, perSecond: launcherRate }]);
rmSync(dir, { recursive: true, force: true });

console.log(`bench/sandbox: ${python}, ${CONCURRENCY} at a time, ${SECONDS} s each`);
for (const [name, r] of rows) {
  console.log(`  ${name.padEnd(38)} ${r.perSecond.toFixed(1).padStart(7)} runs/s   overhead ×${(pyRate / r.perSecond).toFixed(2)} vs subprocess.run${r.failed ? `  (${r.failed} failed)` : ''}`);
}
const ok = sandboxed.perSecond >= TARGET;
console.log(`  target ${TARGET} runs/s on ${CONCURRENCY} lanes: ${ok ? 'met' : 'NOT met'}`);
console.log(JSON.stringify({
  bench: 'sandbox', python, concurrency: CONCURRENCY, seconds: SECONDS,
  sandbox_runs_per_s: +sandboxed.perSecond.toFixed(2), plain_spawn_runs_per_s: +plain.perSecond.toFixed(2), subprocess_run_runs_per_s: +pyRate.toFixed(2),
  overhead_vs_subprocess_run: +(pyRate / sandboxed.perSecond).toFixed(3), overhead_vs_plain_spawn: +(plain.perSecond / sandboxed.perSecond).toFixed(3),
  launcher_unsandboxed_runs_per_s: +launcherRate.toFixed(2), sandbox_overhead_same_command: +(launcherRate / sandboxed.perSecond).toFixed(3),
  target_runs_per_s: TARGET, target_met: ok, sandbox_failures: sandboxed.failed,
}));
