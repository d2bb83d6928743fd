#!/usr/bin/env node
// bench/export-ab: two builds of `distillery export` on one database, alternating, several rounds: wall time, CPU
// seconds (user+sys), peak RSS, and the SHA-256 of the data file and the card, which must be equal across builds.
// For judging a change on a busy machine, where only same-run ratios mean anything.
//
//   node bench/export-ab.mjs --db DB --old OLD_OUT_DIR [--new out] [--rounds 3] [--kinds first,repeat,parquet]
// DB holds the pool as data set 'pool' (bench/export.mjs --keep, or `distillery import POOL --dataset pool --preset s1`);
// the selection 'pool-all' (every question) is made here. `first` is a JSONL export after the stored question and answer
// counts are deleted (it counts them), `repeat` one that reads them, `parquet` the Parquet export (stored counts).
// OLD_OUT_DIR is a copy of another build's out/ folder (cli.js and its workers).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, d) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : d; };
const DB = opt('--db');
const OLD = opt('--old');
const NEW = resolve(ROOT, opt('--new', 'out'));
const ROUNDS = Number(opt('--rounds', 3));
const KINDS = opt('--kinds', 'first,repeat,parquet').split(',');
if (!DB || !OLD) { console.error('usage: node bench/export-ab.mjs --db DB --old OLD_OUT_DIR [--new out] [--rounds 3] [--kinds first,repeat,parquet]'); process.exit(2); }
const SELECTION = 'pool-all';

const { default: Database } = await import('better-sqlite3');
{
  const d = new Database(DB);
  if (!d.prepare('SELECT 1 FROM selections WHERE name = ?').get(SELECTION)) {
    d.exec(`INSERT INTO selections (name, version, dataset_id, recipe, seed, funnel) SELECT '${SELECTION}', 1, id, '{"name":"all"}', 42, '[]' FROM datasets WHERE name = 'pool';
      INSERT INTO selection_items (selection_id, sample_id, rank) SELECT (SELECT id FROM selections WHERE name = '${SELECTION}'), s.id, row_number() OVER (ORDER BY s.id) - 1
        FROM samples s JOIN datasets ds ON ds.id = s.dataset_id WHERE ds.name = 'pool';`);
  }
  d.close();
}
const clearCounts = () => { const d = new Database(DB); d.exec('DELETE FROM text_token_counts'); d.close(); };

const sha = (p) => createHash('sha256').update(readFileSync(p)).digest('hex').slice(0, 16);

function run(build, kind) {
  const tmp = mkdtempSync(join(tmpdir(), 'export-ab-'));
  const out = join(tmp, kind === 'parquet' ? 's1.parquet' : 's1.jsonl');
  const timeOut = join(tmp, 'time.txt');
  const argv = ['-f', '%e %M %U %S', '-o', timeOut, process.execPath, join(build, 'cli.js'), '--db', DB, 'export', '--selection', SELECTION,
    '--format', kind === 'parquet' ? 'parquet' : 's1', '--out', out, '--json'];
  return new Promise((done, fail) => {
    const child = spawn('/usr/bin/time', argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => {
      if (code !== 0) { fail(new Error(`${build} ${kind}: exit ${code}\n${stderr.slice(-2000)}`)); return; }
      const [wall, kb, u, s] = readFileSync(timeOut, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
      const summary = JSON.parse(stdout.trim().split('\n').at(-1));
      const r = { wall, cpu: u + s, peakMb: Math.round(kb / 1024), data: sha(out), card: sha(join(tmp, 'README.md')), counted: summary.text_token_counts?.counted };
      rmSync(tmp, { recursive: true, force: true });
      done(r);
    });
  });
}

const results = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const kind of KINDS) {
    // Alternate which build goes first, so a load change within a round does not favour one.
    const order = round % 2 ? [['new', NEW], ['old', OLD]] : [['old', OLD], ['new', NEW]];
    for (const [name, build] of order) {
      if (kind === 'first') clearCounts();
      const r = await run(build, kind);
      (results[kind] ??= { old: [], new: [] })[name].push(r);
      const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
      console.error(`round ${round + 1} ${kind.padEnd(7)} ${name}: ${r.wall.toFixed(2)} s, ${r.cpu.toFixed(2)} CPU-s, ${r.peakMb} MB, data ${r.data}, card ${r.card}, counted ${r.counted} (load ${load})`);
    }
  }
}
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
let same = true;
for (const [kind, { old, new: nu }] of Object.entries(results)) {
  const hashes = new Set([...old, ...nu].map((r) => `${r.data} ${r.card}`));
  if (hashes.size !== 1) same = false;
  const w = sum(old.map((r) => r.wall)) / sum(nu.map((r) => r.wall));
  const c = sum(old.map((r) => r.cpu)) / sum(nu.map((r) => r.cpu));
  const best = (xs, k) => Math.min(...xs.map((r) => r[k])).toFixed(2);
  console.log(`${kind.padEnd(7)} old/new: wall ${w.toFixed(2)}x, CPU ${c.toFixed(2)}x (best wall ${best(old, 'wall')} / ${best(nu, 'wall')} s, best CPU ${best(old, 'cpu')} / ${best(nu, 'cpu')} s, peak ${Math.max(...old.map((r) => r.peakMb))} / ${Math.max(...nu.map((r) => r.peakMb))} MB), outputs ${hashes.size === 1 ? 'identical' : 'DIFFER'}`);
}
if (!same) process.exitCode = 1;
if (!existsSync(NEW)) process.exitCode = 1;
