// What the reliability suites share: the CLI as a child process, the replay server, a database opened read-only,
// a summary line and the JSON each suite prints for test/suites/run.mjs.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const CLI = join(ROOT, 'out', 'cli.js');
export const Database = createRequire(join(ROOT, 'package.json'))('better-sqlite3');
export const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };
export const log = (...a) => process.stderr.write(`${a.join(' ')}\n`);

/** Runs the CLI to its end (or kills it after timeoutMs: a hang is a finding, never a wait). */
export function cli(args, { env = {}, timeoutMs = 120_000, input } = {}) {
  return new Promise((done) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, DISTILLERY_DB: '', OPENAI_API_KEY: '', DISTILLERY_API_KEY: '', ...env }, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    if (input !== undefined) p.stdin.end(input);
    let hung = false;
    const timer = setTimeout(() => { hung = true; p.kill('SIGKILL'); }, timeoutMs);
    p.on('close', (code) => { clearTimeout(timer); done({ code, stdout, stderr, hung, ms: performance.now() - t0 }); });
  });
}

/** Starts `distillery serve-replay` on a free port; resolves with { url, model, stop }. */
export async function replayServer(traces, extra = []) {
  const server = spawn(process.execPath, [CLI, '--json', 'serve-replay', '--traces', traces, '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise((res, rej) => {
    let buf = '';
    server.stdout.on('data', (d) => { buf += d; if (buf.includes('\n')) res(buf.split('\n')[0]); });
    server.once('exit', (c) => rej(new Error(`serve-replay exited ${c}`)));
  });
  const { url, model } = JSON.parse(first);
  return { url, model, stop: () => server.kill('SIGTERM') };
}

export function withDb(path, fn) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try { return fn(db); } finally { db.close(); }
}

/** JSON with sorted keys: the request cache's key form. */
export function canonical(v) {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
}

/** Ends a suite: one summary line on stderr, the JSON on stdout with --json, exit 1 on any failure. */
export function finish(summary, failures) {
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ ...summary, failures })}\n`);
  log(`${summary.suite}: ${summary.line}; ${failures.length} failure(s)`);
  for (const f of failures) log(`  FAIL ${f}`);
  process.exit(failures.length ? 1 : 0);
}
