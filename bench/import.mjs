#!/usr/bin/env node
// bench/import: throughput and peak memory of `distillery import` on an s1-pool-shaped JSONL (~500 MB, 59,029 rows),
// against, in the same run and on the same file:
//   python     plain Python stdlib (json + sqlite3, one transaction, one row per line)   bench/import-reference.py
//   duckdb     DuckDB (@duckdb/node-api) read_ndjson into a table of a database file
//   naive      Node: readline + JSON.parse + one prepared better-sqlite3 insert, one transaction
//   naive-fts  the same, plus an FTS5 index over the trace filled in the same transaction
//   distillery node out/cli.js --db DB import FILE --dataset pool --preset s1 --json
//   index      node out/cli.js --db DB index --json   (FTS build over the traces just imported; its own figure)
// Opt-in (--with or --only): python-loop (the reference with cursor.execute per line instead of executemany),
// duckdb-mem (DuckDB into an in-memory database: parse and materialise, no disk), distillery-base (the same import by
// another build's cli.js, --base-cli PATH: a change against the build before it, in one run).
// Every contender runs as its own process, one at a time; wall time is measured from outside (process start to exit),
// peak RSS with /usr/bin/time (falls back to polling /proc/PID/status VmHWM). Ratios against the Python reference of
// the same run are what matter: these machines are noisy.
//
//   node bench/import.mjs [--rows N | --file PATH] [--skip a,b] [--with a,b] [--only a,b] [--repeat N] [--keep] [--tmp DIR] [--base-cli PATH]
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { setInterval, clearInterval } from 'node:timers';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const CLI = join(ROOT, 'out', 'cli.js');
const DEFAULT = ['python', 'duckdb', 'naive', 'naive-fts', 'distillery', 'index'];
const ALL = ['python', 'python-loop', 'duckdb', 'duckdb-mem', 'naive', 'naive-fts', 'distillery', 'distillery-base', 'index'];
const COLUMNS = ['question', 'solution', 'cot_type', 'source_type', 'metadata', 'trace', 'attempt',
  'domain', 'isqwen7bcorrect', 'isqwen32bcorrect', 'isgeminicorrect', 'gemini_length'];

// ------------------------------------------------------------------ contenders run in a child process
async function runContender(name, file, db) {
  const t0 = process.hrtime.bigint();
  let rows = 0;
  if (name === 'duckdb' || name === 'duckdb-mem') {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(name === 'duckdb-mem' ? ':memory:' : db);
    const conn = await inst.connect();
    const cols = {
      question: 'VARCHAR', solution: 'VARCHAR', cot_type: 'VARCHAR', source_type: 'VARCHAR', metadata: 'VARCHAR',
      thinking_trajectories: 'VARCHAR[]', attempt: 'VARCHAR', domain: 'VARCHAR', isqwen7bcorrect: 'BOOLEAN',
      isqwen32bcorrect: 'BOOLEAN', isgeminicorrect: 'BOOLEAN', gemini_length: 'BIGINT',
    };
    const colSql = Object.entries(cols).map(([k, t]) => `${k}: '${t}'`).join(', ');
    const path = file.replace(/'/g, "''");
    await conn.run(`CREATE TABLE pool AS SELECT question, solution, cot_type, source_type, metadata,
      thinking_trajectories[1] AS trace, attempt, domain, isqwen7bcorrect, isqwen32bcorrect, isgeminicorrect, gemini_length
      FROM read_ndjson('${path}', columns = {${colSql}}, maximum_object_size = 268435456)`);
    const reader = await conn.runAndReadAll('SELECT count(*)::INTEGER AS n FROM pool');
    rows = Number(reader.getRowObjects()[0].n);
    conn.closeSync();
    inst.closeSync();
  } else if (name === 'naive' || name === 'naive-fts') {
    const { default: Database } = await import('better-sqlite3');
    const d = new Database(db);
    d.exec(`CREATE TABLE pool (id INTEGER PRIMARY KEY, ${COLUMNS.join(', ')})`);
    const fts = name === 'naive-fts';
    if (fts) d.exec("CREATE VIRTUAL TABLE pool_fts USING fts5(trace, content='pool', content_rowid='id')");
    const ins = d.prepare(`INSERT INTO pool (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
    const insFts = fts ? d.prepare('INSERT INTO pool_fts (rowid, trace) VALUES (?, ?)') : null;
    const b = (x) => (x === true ? 1 : x === false ? 0 : x ?? null);
    d.exec('BEGIN');
    const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of rl) {
      if (!line.trim()) continue;
      const r = JSON.parse(line);
      const trace = Array.isArray(r.thinking_trajectories) ? r.thinking_trajectories[0] ?? null : null;
      const info = ins.run(r.question ?? null, r.solution ?? null, r.cot_type ?? null, r.source_type ?? null, r.metadata ?? null,
        trace, r.attempt ?? null, r.domain ?? null, b(r.isqwen7bcorrect), b(r.isqwen32bcorrect), b(r.isgeminicorrect),
        r.gemini_length ?? null);
      if (insFts && trace !== null) insFts.run(info.lastInsertRowid, trace);
      rows++;
    }
    d.exec('COMMIT');
    d.close();
  } else {
    throw new Error(`unknown contender ${name}`);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const bytes = statSync(file).size;
  console.log(JSON.stringify({ rows, bytes, seconds: +seconds.toFixed(3), mb_per_s: +(bytes / 1e6 / seconds).toFixed(1) }));
}

// ------------------------------------------------------------------ measuring a process
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

function descendants(pid) {
  const out = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    let tasks = [];
    try { tasks = readdirSync(`/proc/${p}/task`); } catch { continue; }
    for (const t of tasks) {
      let kids = '';
      try { kids = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8'); } catch { /* gone */ }
      for (const k of kids.split(' ')) if (k.trim()) { out.push(Number(k)); stack.push(Number(k)); }
    }
  }
  return out;
}
function statusKb(pid, field) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : 0;
  } catch { return 0; }
}

// Runs cmd with args; resolves {wall, peakRssMb, treeRssMb, cpuUser, cpuSys, writtenBytes, code, stdout, stderr}.
function measure(cmd, args, { cwd = ROOT } = {}) {
  return new Promise((resolveP) => {
    const timeOut = TIME ? join(tmpdir(), `bench-time-${process.pid}-${Date.now()}.txt`) : null;
    // %O: file system outputs in 512-byte units (Linux rusage ru_oublock = write_bytes / 512, children included)
    const argv = TIME ? ['-f', '%e %M %U %S %O', '-o', timeOut, cmd, ...args] : args;
    const t0 = process.hrtime.bigint();
    const child = spawn(TIME ?? cmd, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; if (stderr.length > 1e6) stderr = stderr.slice(-5e5); });
    // Sampled sum of RSS over the whole process tree (covers child processes; threads share their process's RSS).
    let treePeak = 0, hwm = 0;
    const poll = setInterval(() => {
      const pids = descendants(child.pid);
      if (!TIME) pids.push(child.pid);
      let sum = 0;
      for (const p of pids) { sum += statusKb(p, 'VmRSS'); if (!TIME) hwm = Math.max(hwm, statusKb(p, 'VmHWM')); }
      treePeak = Math.max(treePeak, sum);
    }, 100);
    child.on('close', (code) => {
      clearInterval(poll);
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      let peakKb = hwm, user = null, sys = null, written = null;
      if (TIME) {
        try {
          const lines = readFileSync(timeOut, 'utf8').trim().split('\n');
          const [, m, u, s, o] = lines[lines.length - 1].split(' ').map(Number);
          peakKb = m; user = u; sys = s; written = Number.isFinite(o) ? o * 512 : null;
        } catch { /* time output missing */ }
        rmSync(timeOut, { force: true });
      }
      resolveP({ wall, peakRssMb: peakKb / 1024, treeRssMb: treePeak / 1024, cpuUser: user, cpuSys: sys, writtenBytes: written, code, stdout, stderr });
    });
  });
}

function lastJson(text) {
  const lines = text.trim().split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i].trim();
    if (l.startsWith('{')) { try { return JSON.parse(l); } catch { /* keep looking */ } }
  }
  try { return JSON.parse(text); } catch { return null; }
}

function dbBytes(path) {
  let n = 0;
  for (const suffix of ['', '-wal', '-shm', '.wal', '-journal']) { try { n += statSync(path + suffix).size; } catch { /* none */ } }
  return n;
}

async function countLines(file) {
  let n = 0, last = 10;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 22 })) {
    let i = -1;
    while ((i = chunk.indexOf(10, i + 1)) !== -1) n++;
    last = chunk[chunk.length - 1];
  }
  return n + (last === 10 ? 0 : 1);
}

// ------------------------------------------------------------------ main
function parseArgs(argv) {
  const o = { rows: null, file: null, skip: new Set(), with: new Set(), only: null, repeat: 1, keep: false, tmp: tmpdir(), baseCli: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const list = () => argv[++i].split(',').map((s) => s.trim()).filter(Boolean);
    if (a === '--rows') o.rows = Number(argv[++i]);
    else if (a === '--file') o.file = resolve(argv[++i]);
    else if (a === '--skip') for (const s of list()) o.skip.add(s);
    else if (a === '--only') o.only = new Set(list());
    else if (a === '--with') for (const s of list()) o.with.add(s);
    else if (a === '--repeat') o.repeat = Math.max(1, Number(argv[++i]));
    else if (a === '--keep') o.keep = true;
    else if (a === '--tmp') o.tmp = resolve(argv[++i]);
    else if (a === '--base-cli') o.baseCli = resolve(argv[++i]);
    else if (a === '-h' || a === '--help') {
      console.log(`usage: node bench/import.mjs [--rows N | --file PATH] [--skip ${DEFAULT.join(',')}] [--with python-loop,duckdb-mem] [--only ...] [--repeat N] [--keep] [--tmp DIR]`);
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  for (const s of [...o.skip, ...o.with, ...(o.only ?? [])]) if (!ALL.includes(s)) throw new Error(`unknown contender ${s} (known: ${ALL.join(', ')})`);
  if ((o.with.has('distillery-base') || o.only?.has('distillery-base')) && !o.baseCli) throw new Error('distillery-base needs --base-cli PATH (another build\'s out/cli.js)');
  return o;
}

const fmt = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === '--contender') return runContender(argv[1], argv[2], argv[3]);
  const o = parseArgs(argv);
  const enabled = ALL.filter((n) => !o.skip.has(n) && (o.only ? o.only.has(n) : DEFAULT.includes(n) || o.with.has(n)));
  // the index figure is measured on the database of this run's distillery import
  if (!enabled.includes('distillery') && enabled.includes('index')) enabled.splice(enabled.indexOf('index'), 1);

  // the input file
  let file = o.file;
  if (!file) {
    const gen = ['bench/gen-s1-pool.mjs', ...(o.rows ? ['--rows', String(o.rows)] : [])];
    const r = spawnSync(process.execPath, gen, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    if (r.status !== 0) throw new Error('gen-s1-pool failed');
    file = lastJson(r.stdout).path;
  }
  const bytes = statSync(file).size;
  const mb = bytes / 1e6;
  const lines = await countLines(file); // also warms the page cache for everyone
  const fileRel = relative(ROOT, file).startsWith('..') ? file : relative(ROOT, file);
  process.stderr.write(`bench/import: ${fileRel}: ${mb.toFixed(1)} MB, ${lines} lines; contenders: ${enabled.join(', ')}\n`);

  const tmp = mkdtempSync(join(o.tmp, 'distillery-bench-'));
  const cleanup = () => { if (o.keep) process.stderr.write(`bench/import: databases kept in ${tmp}\n`); else rmSync(tmp, { recursive: true, force: true }); };
  process.on('SIGINT', () => { cleanup(); process.exit(130); });
  process.on('SIGTERM', () => { cleanup(); process.exit(143); });

  const results = {};
  let failed = false;
  const haveCli = existsSync(CLI);
  const distilleryDb = join(tmp, 'bench.db');
  try {
    for (const name of enabled) {
      if ((name === 'distillery' || name === 'index') && !haveCli) {
        results[name] = { error: 'out/cli.js is missing: run npm run build' };
        failed = true;
        continue;
      }
      if (name === 'index' && !(results.distillery && !results.distillery.error)) {
        results[name] = { error: 'needs the distillery import of this run' };
        failed = true;
        continue;
      }
      const runs = [];
      for (let k = 0; k < (name === 'index' ? 1 : o.repeat); k++) {
        let cmd, args, db;
        if (name === 'python' || name === 'python-loop') {
          db = join(tmp, `${name}-${k}.db`); cmd = 'python3';
          args = [join(HERE, 'import-reference.py'), file, db, ...(name === 'python-loop' ? ['--per-row'] : [])];
        }
        else if (name === 'distillery') {
          db = k === o.repeat - 1 ? distilleryDb : join(tmp, `distillery-${k}.db`);
          cmd = process.execPath; args = [CLI, '--db', db, 'import', file, '--dataset', 'pool', '--preset', 's1', '--json'];
        } else if (name === 'distillery-base') {
          db = join(tmp, `distillery-base-${k}.db`);
          cmd = process.execPath; args = [o.baseCli, '--db', db, 'import', file, '--dataset', 'pool', '--preset', 's1', '--json'];
        } else if (name === 'index') { db = distilleryDb; cmd = process.execPath; args = [CLI, '--db', db, 'index', '--json']; }
        else { db = join(tmp, `${name}-${k}.${name === 'duckdb' ? 'duckdb' : 'db'}`); cmd = process.execPath; args = [fileURLToPath(import.meta.url), '--contender', name, file, db]; }
        process.stderr.write(`  ${name}${o.repeat > 1 && name !== 'index' ? ` #${k + 1}` : ''} ... `);
        const m = measure(cmd, args);
        const r = await m;
        const out = lastJson(r.stdout);
        const run = {
          seconds: r.wall, peak_rss_mb: r.peakRssMb, tree_rss_mb: r.treeRssMb,
          cpu_s: r.cpuUser !== null ? r.cpuUser + r.cpuSys : null, written_mb: r.writtenBytes !== null ? r.writtenBytes / 1e6 : null,
          code: r.code, output: out, db_mb: dbBytes(db) / 1e6,
        };
        if (r.code !== 0 || !out) {
          run.error = `exit ${r.code}: ${r.stderr.trim().split('\n').slice(-6).join(' | ').slice(0, 800) || r.stdout.slice(0, 300)}`;
          failed = true;
        }
        process.stderr.write(run.error ? `FAILED (${run.error})\n`
          : `${fmt(r.wall, 2)} s, ${fmt(run.cpu_s, 2)} s CPU, ${fmt(run.written_mb, 0)} MB written, ${fmt(r.peakRssMb, 0)} MB peak\n`);
        runs.push(run);
        // keep the disk tidy: only the distillery DB of the last repeat is needed (for index)
        if (db !== distilleryDb) for (const s of ['', '-wal', '-shm', '.wal', '-journal']) rmSync(db + s, { force: true });
        if (run.error) break;
      }
      const ok = runs.filter((x) => !x.error);
      const last = runs[runs.length - 1];
      if (!ok.length) { results[name] = { error: last.error, output: last.output }; continue; }
      const secs = median(ok.map((x) => x.seconds));
      results[name] = {
        seconds: +secs.toFixed(3),
        mb_per_s: +(mb / secs).toFixed(1),
        peak_rss_mb: +Math.max(...ok.map((x) => x.peak_rss_mb)).toFixed(0),
        tree_rss_mb: +Math.max(...ok.map((x) => x.tree_rss_mb)).toFixed(0),
        cpu_util: last.cpu_s !== null ? +(median(ok.map((x) => x.cpu_s / x.seconds))).toFixed(2) : null,
        cpu_s: last.cpu_s !== null ? +median(ok.map((x) => x.cpu_s)).toFixed(2) : null,
        written_mb: last.written_mb !== null ? +median(ok.map((x) => x.written_mb)).toFixed(0) : null,
        db_mb: +last.db_mb.toFixed(0),
        runs: ok.map((x) => +x.seconds.toFixed(3)),
        output: last.output,
      };
      if (name.startsWith('distillery') && last.output) {
        const outp = last.output;
        if (outp.rows !== undefined && outp.rows + (outp.skipped ?? 0) !== lines) results[name].warning = `rows ${outp.rows} + skipped ${outp.skipped ?? 0} != ${lines} lines`;
        if (Array.isArray(outp.errors) && outp.errors.length) results[name].warning = `${outp.errors.length} errors, first: ${JSON.stringify(outp.errors[0]).slice(0, 300)}`;
      }
    }
  } finally {
    cleanup();
  }

  // report
  const ref = results.python && !results.python.error ? results.python.mb_per_s : null;
  const label = {
    python: 'python json+sqlite3 (reference)', 'python-loop': 'python, execute per line', duckdb: 'duckdb read_ndjson',
    'duckdb-mem': 'duckdb read_ndjson in memory', naive: 'node naive loop',
    'naive-fts': 'node naive loop + FTS5', distillery: 'distillery import', 'distillery-base': 'distillery import, --base-cli', index: 'distillery index (FTS build)',
  };
  const rowsOut = [['contender', 'seconds', 'MB/s', 'x python', 'peak RSS MB', 'CPU cores', 'CPU s', 'written MB', 'DB MB', 'rows']];
  for (const name of enabled) {
    const r = results[name];
    if (!r) continue;
    if (r.error) { rowsOut.push([label[name], 'FAILED', '', '', '', '', '', '', '', r.error.slice(0, 120)]); continue; }
    const rowsCount = r.output?.rows ?? r.output?.traces ?? r.output?.indexed ?? '';
    rowsOut.push([label[name], fmt(r.seconds, 2), name === 'index' ? '-' : fmt(r.mb_per_s), name === 'index' || !ref ? '-' : fmt(r.mb_per_s / ref, 2) + 'x',
      fmt(r.peak_rss_mb, 0), r.cpu_util === null ? '-' : fmt(r.cpu_util, 2), fmt(r.cpu_s, 2), fmt(r.written_mb, 0), fmt(r.db_mb, 0), String(rowsCount)]);
  }
  if (results.distillery && !results.distillery.error && results.index && !results.index.error) {
    const s = results.distillery.seconds + results.index.seconds;
    rowsOut.push(['distillery import + index', fmt(s, 2), fmt(mb / s), ref ? fmt(mb / s / ref, 2) + 'x' : '-', '', '', '', '', '', '']);
  }
  const widths = rowsOut[0].map((_, i) => Math.max(...rowsOut.map((r) => String(r[i]).length)));
  console.log(`\nbench/import on ${fileRel} (${mb.toFixed(1)} MB, ${lines} rows)${o.repeat > 1 ? `, median of ${o.repeat}` : ''}`);
  for (const r of rowsOut) console.log(r.map((c, i) => (i === 0 || i === 9 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  '));
  for (const name of enabled) if (results[name]?.warning) console.log(`warning (${name}): ${results[name].warning}`);

  const summary = { bench: 'import', file: fileRel, bytes, rows: lines, repeat: o.repeat, results: {} };
  for (const [name, r] of Object.entries(results)) {
    summary.results[name] = r.error ? { error: r.error } : {
      seconds: r.seconds, mb_per_s: r.mb_per_s, ratio_vs_python: ref && name !== 'index' ? +(r.mb_per_s / ref).toFixed(2) : null,
      peak_rss_mb: r.peak_rss_mb, tree_rss_mb: r.tree_rss_mb, cpu_util: r.cpu_util, cpu_s: r.cpu_s, written_mb: r.written_mb, db_mb: r.db_mb,
      runs: r.runs, output: r.output,
      ...(r.warning ? { warning: r.warning } : {}),
    };
  }
  if (results.index && !results.index.error) summary.fts_build_seconds = results.index.seconds;
  console.log(JSON.stringify(summary));
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => { console.error(e?.stack ?? String(e)); process.exit(2); });
