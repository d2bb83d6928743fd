#!/usr/bin/env node
// Runs the reliability suites one after another and writes test-results/suites/summary.json ({ passed, failed }:
// one count per suite) for scripts/test-all.sh.
//   node test/suites/run.mjs [--bounded] [NAME...]
// --bounded (what `npm test` runs): a few rounds of each (SUITE_ROUNDS=2), to fit CI; without it, the full suites
// (kill soak: 50 rounds of each job). NAME: only the suites whose file name contains it (kill, faults, writers, hostile).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const bounded = process.argv.includes('--bounded');
const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const suites = readdirSync(HERE).filter((f) => f.endsWith('.mjs') && !['run.mjs', 'lib.mjs'].includes(f) && (!names.length || names.some((n) => f.includes(n)))).sort();
const env = { ...process.env, ...(bounded ? { SUITE_ROUNDS: process.env.SUITE_ROUNDS ?? '2' } : {}) };
const outcome = [];
for (const f of suites) {
  process.stderr.write(`\n=== test/suites/${f}${bounded ? ' (bounded)' : ''}\n`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [join(HERE, f), '--json'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  let result = {};
  try { result = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}'); } catch { /* a crash: counted as a failure below */ }
  outcome.push({ suite: f, ok: r.status === 0, seconds: Math.round((Date.now() - t0) / 1000), line: result.line ?? null });
}
const dir = join(ROOT, 'test-results', 'suites');
mkdirSync(dir, { recursive: true });
const passed = outcome.filter((o) => o.ok).length;
writeFileSync(join(dir, 'summary.json'), JSON.stringify({ passed, failed: outcome.length - passed, suites: outcome }, null, 1));
process.stderr.write(`\nsuites: ${outcome.map((o) => `${o.suite.replace('.mjs', '')} ${o.ok ? 'ok' : 'FAILED'} (${o.seconds} s)`).join(', ')}\n`);
process.exit(passed === outcome.length ? 0 : 1);
