#!/usr/bin/env node
// bench/scale: how import, the full-text index and curation grow with the pool, from s1's 59K rows to
// OpenThoughts3's 1.2M. For each size the pool is generated (bench/gen-s1-pool.mjs, deterministic; short traces by
// default, --trace-scale, so 1.2M rows fit a small disk) and each step runs as its own process, one after another:
//   import   node out/cli.js --db DB import POOL --dataset pool --preset s1 --json
//   index    node out/cli.js --db DB index --no-lists --json     (the FTS5 index alone)
//   lists    node out/cli.js --db DB index --json                (then only the search lists are left to build)
//   curate   node out/cli.js --db DB curate --dataset pool --recipe s1k --eval MATH500 AIME24 --json
// Printed per size and step: seconds, microseconds per row, peak RSS (/usr/bin/time, worker threads included),
// CPU seconds, and the database size after the step; then the growth of each step's cost per row against the
// smallest size (1.00 = linear; above 1 grows faster than the rows). Peak RSS over --max-rss-mb (2048) fails.
//
//   node bench/scale.mjs                       # bounded (CI): 2,000, 8,000 and 32,000 rows
//   node bench/scale.mjs --full                # 59,029, 300,000, 1,200,000 rows (npm run bench:scale)
//   node bench/scale.mjs --sizes 59029,300000 [--trace-scale 0.25] [--steps import,index,curate] [--keep] [--tmp DIR]
//     --pool-dir DIR: the s1 pools are read (or generated) there instead of bench/data
//     --pool-file N=PATH: the pool of N rows is that file (e.g. bench/replicate-pool.mjs's 4 x 300K; kept)
//   node bench/scale.mjs --pool curate --sizes 59029,300000,1200000 --steps import,curate --tmp DIR
//     --pool curate: bench/gen-curate-pool.mjs's pools instead (s1 columns, short traces, a known funnel; written
//     in the --tmp directory and removed after each size; ~1.4 GB at 1.2M rows)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const CLI = join(ROOT, 'out', 'cli.js');
const SMALL = [2000, 8000, 32000];
const FULL = [59029, 300000, 1200000];
// `index` is timed in two processes: the FTS5 index alone (`index --no-lists`), then `lists`: the search lists
// (`index`, which finds the FTS5 index up to date and builds only the impact lists).
const STEPS = ['import', 'index', 'lists', 'curate'];
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

function parseArgs(argv) {
  const o = { sizes: SMALL, traceScale: 0.25, steps: STEPS, keep: false, tmp: tmpdir(), maxRssMb: 2048, pool: 's1', poolDir: null, poolFiles: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const list = () => argv[++i].split(',').map((s) => s.trim()).filter(Boolean);
    if (a === '--full') o.sizes = FULL;
    else if (a === '--sizes') o.sizes = list().map(Number);
    else if (a === '--trace-scale') o.traceScale = Number(argv[++i]);
    else if (a === '--steps') o.steps = list();
    else if (a === '--keep') o.keep = true;
    else if (a === '--tmp') o.tmp = resolve(argv[++i]);
    else if (a === '--max-rss-mb') o.maxRssMb = Number(argv[++i]);
    else if (a === '--pool') o.pool = argv[++i];
    else if (a === '--pool-dir') o.poolDir = resolve(argv[++i]);
    else if (a === '--pool-file') { const [n, p] = argv[++i].split('='); o.poolFiles.set(Number(n), resolve(p)); }
    else if (a === '-h' || a === '--help') {
      console.log('usage: node bench/scale.mjs [--full | --sizes N,N,N] [--pool s1|curate] [--trace-scale 0.25] [--steps import,index,lists,curate] [--keep] [--tmp DIR] [--pool-dir DIR] [--pool-file N=PATH] [--max-rss-mb 2048]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!o.sizes.length || o.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes: positive integers');
  if (o.pool !== 's1' && o.pool !== 'curate') throw new Error("--pool: 's1' or 'curate'");
  for (const s of o.steps) if (!STEPS.includes(s)) throw new Error(`unknown step ${s} (known: ${STEPS.join(', ')})`);
  if (o.steps.some((s) => s !== 'import') && !o.steps.includes('import')) throw new Error('index, lists and curate need the import step');
  o.steps = STEPS.filter((s) => o.steps.includes(s)); // in pipeline order
  o.sizes = [...o.sizes].sort((a, b) => a - b);
  return o;
}

function genS1(rows, traceScale, poolDir) {
  // --pool-dir: the pools live there under gen-s1-pool's default names (kept; a 1.2M-row pool is ~6 GB)
  const name = `${rows === 59029 ? 's1-pool-59k' : `s1-pool-${rows}`}${traceScale === 1 ? '' : `-t${traceScale}`}.jsonl`;
  const out = poolDir ? ['--out', join(poolDir, name)] : [];
  const gen = spawnSync(process.execPath, [join(HERE, 'gen-s1-pool.mjs'), '--rows', String(rows), '--trace-scale', String(traceScale), '--quiet', ...out],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (gen.status !== 0) throw new Error(`gen-s1-pool --rows ${rows} failed`);
  return JSON.parse(gen.stdout.trim().split('\n').pop());
}

function genCurate(rows, dir) {
  const path = join(dir, `curate-pool-${rows}.jsonl`);
  const gen = spawnSync(process.execPath, [join(HERE, 'gen-curate-pool.mjs'), '--rows', String(rows), '--out', path],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'ignore', 'inherit'] });
  if (gen.status !== 0) throw new Error(`gen-curate-pool --rows ${rows} failed`);
  return { path, bytes: statSync(path).size, temporary: true };
}

/** Runs a command to its end: wall seconds, peak RSS (MB), CPU seconds, exit code, last JSON line of stdout. */
function measure(cmd, args) {
  const timeOut = join(tmpdir(), `bench-scale-time-${process.pid}.txt`);
  const t0 = process.hrtime.bigint();
  const r = TIME ? spawnSync(TIME, ['-f', '%e %M %U %S', '-o', timeOut, cmd, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  let rssMb = null, cpu = null;
  if (TIME) {
    try {
      const [, m, u, s] = readFileSync(timeOut, 'utf8').trim().split('\n').pop().split(' ').map(Number);
      rssMb = m / 1024; cpu = u + s;
    } catch { /* no figures */ }
    rmSync(timeOut, { force: true });
  }
  let out = null;
  for (const l of (r.stdout ?? '').trim().split('\n').reverse()) { try { out = JSON.parse(l); break; } catch { /* keep looking */ } }
  return { wall, rssMb, cpu, code: r.status, out, stderr: (r.stderr ?? '').trim().split('\n').slice(-4).join(' | ') };
}

const dbBytes = (p) => ['', '-wal', '-shm'].reduce((n, s) => { try { return n + statSync(p + s).size; } catch { return n; } }, 0);
const fmt = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));

function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(CLI)) { console.error('bench/scale: out/cli.js is missing: run npm run build'); process.exit(2); }
  const tmp = mkdtempSync(join(o.tmp, 'distillery-scale-'));
  const cleanup = () => { if (o.keep) console.error(`bench/scale: databases kept in ${tmp}`); else rmSync(tmp, { recursive: true, force: true }); };
  process.on('SIGINT', () => { cleanup(); process.exit(130); });
  const results = [];
  let failed = false;
  try {
    for (const rows of o.sizes) {
      // the pool (s1: generated once, kept in bench/data; curate: in the tmp directory, removed after; not timed)
      const given = o.poolFiles.get(rows);
      const meta = given ? { path: given, bytes: statSync(given).size } : o.pool === 's1' ? genS1(rows, o.traceScale, o.poolDir) : genCurate(rows, tmp);
      const free = statfsSync(o.tmp).bavail * statfsSync(o.tmp).bsize;
      if (free < meta.bytes * 2.5) {
        console.error(`bench/scale: ${rows} rows need about ${(meta.bytes * 2.5 / 1e9).toFixed(1)} GB free in ${o.tmp}, have ${(free / 1e9).toFixed(1)} GB: stopping`);
        failed = true;
        break;
      }
      const db = join(tmp, `scale-${rows}.db`);
      const row = { rows, mb: meta.bytes / 1e6, steps: {} };
      results.push(row);
      for (const step of o.steps) {
        const args = step === 'import' ? ['--db', db, 'import', meta.path, '--dataset', 'pool', '--preset', 's1', '--json']
          : step === 'index' ? ['--db', db, 'index', '--no-lists', '--json']
            : step === 'lists' ? ['--db', db, 'index', '--json']
            : ['--db', db, 'curate', '--dataset', 'pool', '--recipe', 's1k', '--eval', join(ROOT, 'samples', 'math500.jsonl'), join(ROOT, 'samples', 'aime24.jsonl'), '--json'];
        process.stderr.write(`  ${rows} rows: ${step} ... `);
        const m = measure(process.execPath, [CLI, ...args]);
        const ok = m.code === 0;
        if (!ok) failed = true;
        if (m.rssMb !== null && m.rssMb > o.maxRssMb) failed = true;
        row.steps[step] = { seconds: +m.wall.toFixed(3), us_per_row: +(m.wall / rows * 1e6).toFixed(1), peak_rss_mb: m.rssMb === null ? null : Math.round(m.rssMb),
          cpu_s: m.cpu === null ? null : +m.cpu.toFixed(2), db_mb: +(dbBytes(db) / 1e6).toFixed(0), ...(ok ? {} : { error: `exit ${m.code}: ${m.stderr.slice(0, 400)}` }) };
        process.stderr.write(ok ? `${fmt(m.wall, 2)} s, ${fmt(m.rssMb, 0)} MB peak\n` : `FAILED (${row.steps[step].error})\n`);
        if (!ok) break;
      }
      if (!o.keep) for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
      if (meta.temporary) for (const f of [meta.path, `${meta.path}.expected.json`]) rmSync(f, { force: true });
    }
  } finally {
    cleanup();
  }

  const first = results[0];
  const lines = [['rows', 'input MB', 'step', 'seconds', 'us/row', 'growth', 'peak RSS MB', 'CPU s', 'CPU growth', 'DB MB']];
  for (const r of results) {
    for (const step of o.steps) {
      const s = r.steps[step];
      if (!s) continue;
      const base = first.steps[step];
      // cost per row against the smallest size: 1.00 is linear growth
      s.growth_vs_smallest = base && !s.error && !base.error ? +(s.us_per_row / base.us_per_row).toFixed(2) : null;
      // the same for CPU seconds, steadier than wall time on a shared machine
      s.cpu_growth_vs_smallest = base && !s.error && !base.error && s.cpu_s && base.cpu_s ? +((s.cpu_s / r.rows) / (base.cpu_s / first.rows)).toFixed(2) : null;
      lines.push([r.rows.toLocaleString('en-US'), fmt(r.mb, 0), step, s.error ? 'FAILED' : fmt(s.seconds, 2), fmt(s.us_per_row, 0),
        s.growth_vs_smallest === null ? '-' : fmt(s.growth_vs_smallest, 2), String(s.peak_rss_mb ?? '-'), fmt(s.cpu_s, 1),
        s.cpu_growth_vs_smallest === null ? '-' : fmt(s.cpu_growth_vs_smallest, 2), String(s.db_mb)]);
    }
  }
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => String(l[i]).length)));
  console.log(`\nbench/scale: ${o.pool === 's1' ? `s1-shaped pools, traces x${o.traceScale}` : 'gen-curate-pool pools (s1 columns, short traces)'}; growth = cost per row / the ${first?.rows.toLocaleString('en-US')}-row figure (1.00 linear)`);
  for (const l of lines) console.log(l.map((c, i) => (i === 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  '));
  const maxRss = Math.max(0, ...results.flatMap((r) => Object.values(r.steps).map((s) => s.peak_rss_mb ?? 0)));
  console.log(`peak RSS over every step: ${maxRss} MB (limit ${o.maxRssMb} MB)${maxRss > o.maxRssMb ? ': OVER' : ''}`);
  console.log(JSON.stringify({ bench: 'scale', pool: o.pool, trace_scale: o.traceScale, max_rss_mb: maxRss, results }));
  process.exitCode = failed ? 1 : 0;
}

main();
