#!/usr/bin/env node
// bench/export: `distillery export` of a 59K-question s1-pool selection to JSONL and to Parquet (s1's columns, one
// trace per question, the text column in Qwen2.5's template), against a plain Python reference reading the same
// database in the same run (bench/export-reference.py: sqlite3 + json.dumps per row; pyarrow for Parquet).
// Each contender is its own process, one at a time; wall time from outside, peak RSS from /usr/bin/time (else
// /proc VmHWM polled). Distillery's figure includes what the reference does not do: the exact Qwen token counts of
// every row for the dataset card, the manifest's SHA-256 of each file, and the card itself. The first JSONL export
// counts the questions' and answers' tokens and stores them (the bench deletes stored counts first); the repeat
// JSONL export and the Parquet export read them. Codecs: both Snappy (Distillery's through the native `snappy`
// module, the reference's pyarrow's default).
//
//   node bench/export.mjs [--file POOL.jsonl] [--db DB] [--keep] [--tmp DIR] [--python PYTHON] [--threads N] [--parquet-compression C] [--rounds N]
// --rounds N (default 3) runs every contender N times, in turn, and reports the median wall and CPU time of each (and
// every run's wall in `runs`). Before each timed run the previous outputs are removed and `sync` flushes the page
// cache's dirty pages (not timed): otherwise one contender's 0.9 GB still being written out competes with the next
// (walls of one build swung 3.1-6.9 s one after another without it).
// --threads sets DISTILLERY_EXPORT_THREADS for Distillery's runs (1: the main thread alone; default: one per core).
// --parquet-compression: Distillery's Parquet codec (snappy, the default, as the reference; brotli, a smaller file;
// none).
// --db reuses a database that already holds the pool (imported as data set 'pool'); without it the pool is imported
// into a temporary one first (not timed). Parquet's reference needs pyarrow: the first of --python, $PYTHON, python3,
// bench/data/.venv-pyarrow/bin/python that imports it; else the bench makes that venv with pip (the machine's
// configured wheel store) and, failing that, skips the Parquet ratio and says so.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { setInterval, clearInterval } from 'node:timers';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const CLI = join(ROOT, 'out', 'cli.js');
const SELECTION = 'pool-all';

const args = process.argv.slice(2);
const opt = (name, d) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : d; };
if (args.includes('-h') || args.includes('--help')) {
  console.log('usage: node bench/export.mjs [--file POOL.jsonl] [--db DB] [--keep] [--tmp DIR] [--python PYTHON] [--threads N] [--parquet-compression C] [--rounds N]');
  process.exit(0);
}
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

const THREADS = opt('--threads');
const PARQUET_COMPRESSION = opt('--parquet-compression');
const ROUNDS = Math.max(1, Math.floor(Number(opt('--rounds', '3'))) || 1);
const median = (xs) => { const v = [...xs].sort((a, b) => a - b); const m = v.length >> 1; return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2; };
const distilleryEnv = { ...process.env, ...(THREADS !== undefined ? { DISTILLERY_EXPORT_THREADS: THREADS } : {}) };

function measure(cmd, argv, env = process.env) {
  return new Promise((done) => {
    const timeOut = TIME ? join(tmpdir(), `bench-export-time-${process.pid}-${Date.now()}.txt`) : null;
    const t0 = process.hrtime.bigint();
    const child = spawn(TIME ?? cmd, TIME ? ['-f', '%e %M %U %S', '-o', timeOut, cmd, ...argv] : argv, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-20_000); });
    let hwm = 0;
    const poll = TIME ? null : setInterval(() => {
      try { hwm = Math.max(hwm, Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0)); } catch { /* exited */ }
    }, 100);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      let peakKb = hwm;
      let cpu = null;
      if (TIME) {
        try {
          const [, m, u, s] = readFileSync(timeOut, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
          peakKb = m; cpu = u + s;
        } catch { /* no figures */ }
        rmSync(timeOut, { force: true });
      }
      done({ code, wall, peakMb: peakKb / 1024, cpu, stdout, stderr });
    });
  });
}

function pythonWithPyarrow() {
  const venv = join(HERE, 'data', '.venv-pyarrow');
  const candidates = [opt('--python'), process.env.PYTHON, 'python3', join(venv, 'bin', 'python')].filter(Boolean);
  const has = (py) => spawnSync(py, ['-c', 'import pyarrow'], { stdio: 'ignore' }).status === 0;
  for (const py of candidates) if (has(py)) return { python: py, pyarrow: true };
  process.stderr.write(`bench/export: no Python with pyarrow; trying to make ${venv} (pip install pyarrow) ...\n`);
  const mk = spawnSync('python3', ['-m', 'venv', venv], { stdio: 'ignore' });
  if (mk.status === 0) spawnSync(join(venv, 'bin', 'pip'), ['install', '-q', 'pyarrow'], { stdio: 'ignore', timeout: 300_000 });
  if (existsSync(join(venv, 'bin', 'python')) && has(join(venv, 'bin', 'python'))) return { python: join(venv, 'bin', 'python'), pyarrow: true };
  return { python: 'python3', pyarrow: false };
}

/** The rows of both JSONL files parse to the same columns (checked on every 97th row and the first 50). */
async function sameRows(a, b) {
  const ra = createInterface({ input: createReadStream(a), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const rb = createInterface({ input: createReadStream(b), crlfDelay: Infinity })[Symbol.asyncIterator]();
  let i = 0;
  let checked = 0;
  for (;;) {
    const [x, y] = await Promise.all([ra.next(), rb.next()]);
    if (x.done || y.done) return x.done && y.done ? { ok: true, checked } : { ok: false, why: `row counts differ at ${i}` };
    if (i < 50 || i % 97 === 0) {
      const p = JSON.parse(x.value);
      const q = JSON.parse(y.value);
      for (const k of ['question', 'solution', 'cot_type', 'source_type', 'metadata', 'thinking_trajectories', 'attempt', 'text']) {
        if (JSON.stringify(p[k]) !== JSON.stringify(q[k])) return { ok: false, why: `row ${i}: column ${k} differs` };
      }
      checked++;
    }
    i++;
  }
}

async function main() {
  if (!existsSync(CLI)) throw new Error('out/cli.js is missing: npm run build');
  const tmp = mkdtempSync(join(resolve(opt('--tmp', tmpdir())), 'distillery-bench-export-'));
  const cleanup = () => { if (args.includes('--keep')) process.stderr.write(`bench/export: files kept in ${tmp}\n`); else rmSync(tmp, { recursive: true, force: true }); };
  process.on('SIGINT', () => { cleanup(); process.exit(130); });
  try {
    let db = opt('--db');
    if (!db) {
      let file = opt('--file');
      if (!file) {
        const r = spawnSync(process.execPath, [join(HERE, 'gen-s1-pool.mjs')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
        if (r.status !== 0) throw new Error('gen-s1-pool failed');
        file = join(HERE, 'data', 's1-pool-59k.jsonl');
      }
      db = join(tmp, 'bench.db');
      process.stderr.write(`bench/export: importing ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB; not timed) ...\n`);
      const imp = spawnSync(process.execPath, [CLI, '--db', db, 'import', resolve(file), '--dataset', 'pool', '--preset', 's1', '--json'], { stdio: ['ignore', 'ignore', 'inherit'] });
      if (imp.status !== 0) throw new Error('import failed');
    }
    // The selection: every question of the pool, in import order (what `curate` would save, without the curation).
    const { default: Database } = await import('better-sqlite3');
    const d = new Database(db);
    d.exec(`DELETE FROM selections WHERE name = '${SELECTION}';
      INSERT INTO selections (name, version, dataset_id, recipe, seed, funnel) SELECT '${SELECTION}', 1, id, '{"name":"all"}', 42, '[]' FROM datasets WHERE name = 'pool';
      INSERT INTO selection_items (selection_id, sample_id, rank) SELECT (SELECT id FROM selections WHERE name = '${SELECTION}'), s.id, row_number() OVER (ORDER BY s.id) - 1
        FROM samples s JOIN datasets ds ON ds.id = s.dataset_id WHERE ds.name = 'pool';`);
    const count = d.prepare(`SELECT count(*) FROM selection_items WHERE selection_id = (SELECT id FROM selections WHERE name = '${SELECTION}')`).pluck().get();
    // The first export below counts every question's and answer's tokens, as a first export of a fresh import does.
    if (d.prepare("SELECT 1 FROM sqlite_master WHERE name = 'text_token_counts'").get()) d.exec('DELETE FROM text_token_counts');
    d.close();
    const py = pythonWithPyarrow();
    process.stderr.write(`bench/export: selection ${SELECTION}: ${count} questions; python ${py.python}${py.pyarrow ? ' with pyarrow' : ' (no pyarrow: the Parquet ratio is skipped)'}\n`);

    const runs = [
      ['python-jsonl', py.python, ['bench/export-reference.py', db, SELECTION, 'jsonl', join(tmp, 'py', 's1.jsonl')]],
      ['distillery-jsonl', process.execPath, [CLI, '--db', db, 'export', '--selection', SELECTION, '--format', 's1', '--out', join(tmp, 'js', 's1.jsonl'), '--json']],
      ['distillery-jsonl-repeat', process.execPath, [CLI, '--db', db, 'export', '--selection', SELECTION, '--format', 's1', '--out', join(tmp, 'js2', 's1.jsonl'), '--json']],
      ...(py.pyarrow ? [['python-parquet', py.python, ['bench/export-reference.py', db, SELECTION, 'parquet', join(tmp, 'pq-py', 's1.parquet')]]] : []),
      ['distillery-parquet', process.execPath, [CLI, '--db', db, 'export', '--selection', SELECTION, '--format', 'parquet', '--out', join(tmp, 'pq-js', 's1.parquet'), '--json',
        ...(PARQUET_COMPRESSION ? ['--parquet-compression', PARQUET_COMPRESSION] : [])]],
    ];
    const results = {};
    const timings = {};
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, cmd, argv, before] of runs) {
        // The output's folder (the reference's last argument, Distillery's --out), all under the bench's temporary folder.
        const out = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : argv.at(-1);
        if (!resolve(out).startsWith(tmp)) throw new Error(`output outside ${tmp}: ${out}`);
        rmSync(dirname(out), { recursive: true, force: true });
        if (name.startsWith('python')) mkdirSync(dirname(out), { recursive: true }); // the reference does not make its folder
        before?.();
        spawnSync('sync');
        const r = await measure(cmd, argv, name.startsWith('distillery') ? distilleryEnv : process.env);
        if (r.code !== 0) throw new Error(`${name} failed (exit ${r.code}): ${r.stderr.slice(-2000)}`);
        const o = JSON.parse(r.stdout.trim().split('\n').at(-1));
        const rows = o.rows ?? o.counts?.rows;
        const bytes = o.bytes ?? o.files?.[0]?.bytes;
        (timings[name] ??= []).push(r);
        const t = timings[name];
        results[name] = {
          seconds: +median(t.map((x) => x.wall)).toFixed(2), cpu_seconds: r.cpu === null ? null : +median(t.map((x) => x.cpu)).toFixed(2),
          peak_rss_mb: Math.round(Math.max(...t.map((x) => x.peakMb))), rows, mb: +(bytes / 1e6).toFixed(1), runs: t.map((x) => +x.wall.toFixed(2)),
        };
        process.stderr.write(`  ${`${name}${ROUNDS > 1 ? ` #${round}` : ''}`.padEnd(23)} ${r.wall.toFixed(2).padStart(7)} s  ${r.cpu === null ? '' : `${r.cpu.toFixed(2).padStart(6)} CPU-s  `}${String(Math.round(r.peakMb)).padStart(5)} MB peak  ${rows} rows  ${(bytes / 1e6).toFixed(0)} MB\n`);
      }
    }
    const same = await sameRows(join(tmp, 'py', 's1.jsonl'), join(tmp, 'js', 's1.jsonl'));
    // The Parquet rows too (pyarrow reading both files, streamed; not timed).
    let samePq = null;
    if (py.pyarrow) {
      const c = spawnSync(py.python, [join(HERE, 'parquet-rows-equal.py'), join(tmp, 'pq-py', 's1.parquet'), join(tmp, 'pq-js', 's1.parquet')], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      samePq = c.status === 0 ? JSON.parse(c.stdout.trim().split('\n').at(-1)) : { ok: false, why: `parquet-rows-equal.py exit ${c.status}` };
    }
    const ratio = (a, b) => (results[a] && results[b] ? +(results[a].seconds / results[b].seconds).toFixed(2) : null);
    const summary = {
      questions: count, rounds: ROUNDS, results,
      speedup_jsonl: ratio('python-jsonl', 'distillery-jsonl'),
      speedup_jsonl_repeat: ratio('python-jsonl', 'distillery-jsonl-repeat'),
      threads: THREADS ?? 'default',
      parquet_compression: PARQUET_COMPRESSION ?? 'snappy',
      speedup_parquet: py.pyarrow ? ratio('python-parquet', 'distillery-parquet') : 'skipped: no pyarrow',
      peak_rss_mb_max: Math.max(results['distillery-jsonl'].peak_rss_mb, results['distillery-jsonl-repeat'].peak_rss_mb, results['distillery-parquet'].peak_rss_mb),
      jsonl_rows_match_reference: same,
      parquet_rows_match_reference: samePq,
    };
    console.log(`\nexport of ${count} questions (s1 columns), Python reference / Distillery wall time${ROUNDS > 1 ? ` (medians of ${ROUNDS} rounds)` : ''}:`);
    console.log(`  JSONL   ${summary.speedup_jsonl}x faster (first export: counts and stores question/answer tokens), peak ${results['distillery-jsonl'].peak_rss_mb} MB (reference ${results['python-jsonl'].peak_rss_mb} MB)`);
    console.log(`  JSONL   ${summary.speedup_jsonl_repeat}x faster (repeat export: stored counts), peak ${results['distillery-jsonl-repeat'].peak_rss_mb} MB`);
    console.log(`  Parquet ${py.pyarrow ? `${summary.speedup_parquet}x faster, peak ${results['distillery-parquet'].peak_rss_mb} MB (reference ${results['python-parquet'].peak_rss_mb} MB)` : 'ratio skipped: no Python with pyarrow (pass --python, or install pyarrow)'}`);
    console.log(`  rows equal to the reference's: ${same.ok ? `yes (${same.checked} rows compared)` : `NO: ${same.why}`}`);
    if (samePq) console.log(`  Parquet rows equal to pyarrow's: ${samePq.ok ? `yes (${samePq.checked} rows compared)` : `NO: ${samePq.why}`}`);
    console.log(JSON.stringify(summary));
    if (!same.ok || (samePq && !samePq.ok)) process.exitCode = 1;
  } finally {
    cleanup();
  }
}

await main();
