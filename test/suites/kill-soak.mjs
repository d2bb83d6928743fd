#!/usr/bin/env node
// Kill soak: `kill -9` at random moments during import, curation, evaluation, generation, report and export (the real CLI, out/cli.js),
// then check what a user would lose: the database passes PRAGMA integrity_check, every label a person set is still
// there, no partial output file is left, and a re-run completes equal to an uninterrupted run, with no evaluation
// result duplicated and no request that had been answered before the kill sent again.
//
//   node test/suites/kill-soak.mjs [--rounds 50] [--jobs import,import-fresh,curate,eval,generate,report,export] [--json]
// `npm run suite:kill` runs 50 rounds of each job; `npm test` runs a bounded few (SUITE_ROUNDS).
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const CLI = join(ROOT, 'out', 'cli.js');
const Database = createRequire(join(ROOT, 'package.json'))('better-sqlite3');
const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };
const ROUNDS = Number(arg('--rounds', process.env.SUITE_ROUNDS ?? '50'));
const JOBS = arg('--jobs', 'import,import-fresh,curate,eval,generate,report,export').split(',');
const JSON_OUT = process.argv.includes('--json');
const log = (...a) => process.stderr.write(`${a.join(' ')}\n`);

// A deterministic generator (mulberry32), so a failing round can be replayed with --seed.
let seed = Number(arg('--seed', String(Date.now() % 100000)));
const random = () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const startSeed = seed;

const tmp = mkdtempSync(join(tmpdir(), 'distillery-kill-soak-'));
const cliEnv = { ...process.env, DISTILLERY_DB: '' };

function cliSync(db, args) {
  return execFileSync(process.execPath, [CLI, '--db', db, ...args], { env: cliEnv, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
}

/** Runs the CLI; with killAfterMs, SIGKILLs it then (if it is still running). Resolves with { code, killed, ms }. */
function cliRun(db, args, killAfterMs) {
  return new Promise((resolveP) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, '--db', db, ...args], { env: cliEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    let killed = false;
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => { killed = child.kill('SIGKILL'); }, killAfterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolveP({ code, signal, killed: killed && signal === 'SIGKILL', ms: performance.now() - t0, stderr });
    });
  });
}

function withDb(path, fn) {
  const db = new Database(path);
  try { return fn(db); } finally { db.close(); }
}
const withWritableDb = withDb;

function integrity(path) {
  return withDb(path, (db) => db.pragma('integrity_check', { simple: true }));
}

/** A person's decisions and labels on a few samples of every data set: they must survive everything. */
function setPersonLabels(path) {
  withDb(path, (db) => {
    const ids = db.prepare('SELECT id FROM samples ORDER BY id LIMIT 5').pluck().all();
    const label = db.prepare("INSERT OR IGNORE INTO annotations (sample_id, label, origin, note) VALUES (?, 'keep: person', 'human', 'set by the kill soak')");
    db.transaction(() => { for (const id of ids) { label.run(id); db.prepare("UPDATE samples SET status = 'accepted' WHERE id = ?").run(id); } })();
  });
}
function personLabels(path) {
  // A first import killed before it made the schema leaves a database without tables: no labels in it.
  return withDb(path, (db) => (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'annotations'").get() ? [] : db.prepare("SELECT a.sample_id || ':' || a.label || ':' || s.status FROM annotations a JOIN samples s ON s.id = a.sample_id WHERE a.origin = 'human' ORDER BY 1").pluck().all()));
}

const counts = (path) => withDb(path, (db) => ({
  samples: db.prepare('SELECT count(*) FROM samples').pluck().get(),
  traces: db.prepare('SELECT count(*) FROM traces').pluck().get(),
  results: db.prepare('SELECT count(*) FROM results').pluck().get(),
  selections: db.prepare('SELECT count(*) FROM selections').pluck().get(),
}));
const sha = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const canonical = (v) => {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
};

const failures = [];
const stats = {};
function check(job, round, cond, message) {
  if (!cond) failures.push(`${job} round ${round}: ${message}`);
}

// ---- fixtures -------------------------------------------------------------------------------------------------
const pool = join(tmp, 'pool.jsonl');
execFileSync(process.execPath, [join(ROOT, 'bench/gen-curate-pool.mjs'), '--rows', arg('--pool-rows', '6000'), '--out', pool], { stdio: 'ignore' });
const base = join(tmp, 'base.db');
cliSync(base, ['import', join(ROOT, 'samples/s1k-sample-5.jsonl'), '--dataset', 's1k-sample']);
setPersonLabels(base);
const baseLabels = personLabels(base);

/** The database a round starts from: a copy of base, or none at all (`fresh`: the job creates it). */
function startDb(db, fresh) {
  for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}-journal`]) rmSync(f, { force: true });
  if (!fresh) copyFileSync(base, db);
}

async function soak(job, { prepare, args, verify, resume, fresh = false }) {
  const expectedLabels = fresh ? [] : baseLabels;
  // The uninterrupted reference run, which also tells how long the job takes (kills land in [0.05, 1] × that).
  const ref = join(tmp, `${job}-ref.db`);
  startDb(ref, fresh);
  await prepare?.(ref, 'ref');
  await verify.afterKill?.(ref, 'ref', { ms: 0 });
  const r = await cliRun(ref, args(ref, 'ref'));
  if (r.code !== 0) throw new Error(`${job}: the uninterrupted run failed (exit ${r.code}): ${r.stderr}`);
  const refState = await verify.snapshot(ref, 'ref');
  // A second uninterrupted run times the job warm (the first reads its files from disk): timed by the first alone, most
  // kills of a short job (export: 10 of 12 rounds once) landed after it had finished.
  startDb(ref, fresh);
  await prepare?.(ref, 'warm');
  const warm = await cliRun(ref, args(ref, 'warm'));
  if (warm.code === 0) r.ms = Math.min(r.ms, warm.ms);
  const s = (stats[job] = { rounds: 0, killedMidway: 0, finishedBeforeKill: 0, resumed: 0, integrityOk: 0, labelsIntact: 0, msUninterrupted: Math.round(r.ms) });
  for (let round = 1; round <= ROUNDS; round++) {
    const db = join(tmp, `${job}-${round}.db`);
    startDb(db, fresh);
    await prepare?.(db, round);
    const at = (0.05 + random() * 0.95) * r.ms;
    const k = await cliRun(db, args(db, round), at);
    s.rounds++;
    if (k.killed) s.killedMidway++; else s.finishedBeforeKill++;
    const ok = integrity(db);
    check(job, round, ok === 'ok', `integrity_check after a kill at ${Math.round(at)} ms: ${ok}`);
    if (ok === 'ok') s.integrityOk++;
    const labels = personLabels(db);
    check(job, round, canonical(labels) === canonical(expectedLabels), `a person's labels changed: ${labels.length} of ${expectedLabels.length}`);
    if (canonical(labels) === canonical(expectedLabels)) s.labelsIntact++;
    await verify.afterKill?.(db, round, k);
    const again = await (resume ?? cliRun)(db, args(db, round));
    check(job, round, again.code === 0, `the re-run failed (exit ${again.code}): ${again.stderr.trim().split('\n').pop()}`);
    if (again.code === 0) s.resumed++;
    const state = await verify.snapshot(db, round);
    check(job, round, canonical(state) === canonical(refState), `after the re-run: ${canonical(state)} differs from the uninterrupted run's ${canonical(refState)}`);
    check(job, round, canonical(personLabels(db)) === canonical(expectedLabels), 'a person\'s labels changed after the re-run');
    for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}-journal`]) rmSync(f, { force: true });
  }
  log(`${job}: ${JSON.stringify(s)}`);
}

/** The replay server behind a recording proxy: every request body that reaches the "model" is counted. */
async function recordedReplay() {
  const server = spawn(process.execPath, [CLI, '--json', 'serve-replay', '--traces', join(ROOT, 'samples/math500.jsonl'), '--port', '0', '--delay-ms-per-token', '0.05'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise((res, rej) => { server.stdout.once('data', (d) => res(String(d).split('\n')[0])); server.once('exit', (c) => rej(new Error(`serve-replay exited ${c}`))); });
  const { url, model } = JSON.parse(first);
  const target = new URL(url);
  const rec = { sent: [], model, url: '', close: () => { proxy.close(); server.kill('SIGTERM'); } };
  const proxy = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      // Generation requests only (the evaluation's start-up probes of /tokenize are not cached, by design).
      if (req.method === 'POST' && /\/completions$/.test(req.url ?? '')) {
        try {
          // The cache's key form: chat requests without their stream fields, prefixed chat:.
          const { stream: _s, stream_options: _o, ...rest } = JSON.parse(body.toString('utf8'));
          rec.sent.push(req.url.endsWith('/chat/completions') ? `chat:${canonical(rest)}` : canonical(JSON.parse(body.toString('utf8'))));
        } catch { /* not JSON: the server answers 400 */ }
      }
      const up = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } }, (r) => { res.writeHead(r.statusCode ?? 502, r.headers); r.pipe(res); });
      up.on('error', () => { res.destroy(); });
      up.end(body);
    });
  });
  await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
  rec.url = `http://127.0.0.1:${proxy.address().port}/v1`;
  return rec;
}

/** Checks after a resume that no request answered before the kill was sent again (eval and generate). */
function resumeChecks(job, rec) {
  let finished = new Set();
  return {
    afterKill: (db) => {
      finished = existsSync(db) ? withDb(db, (d) => new Set(d.prepare('SELECT request FROM request_cache').pluck().all())) : new Set();
      rec.sent.length = 0;
    },
    sentAgain: (round, db) => {
      if (round === 'ref') {
        // The check means something only if the proxy's form of a request is the cache's: every request of the
        // uninterrupted run must be found in its cache.
        const cached = withDb(db, (d) => new Set(d.prepare('SELECT request FROM request_cache').pluck().all()));
        const unknown = rec.sent.filter((b) => !cached.has(b)).length;
        check(job, 'ref', rec.sent.length > 0 && unknown === 0, `${unknown} of ${rec.sent.length} requests of the uninterrupted run are not in its request cache as recorded`);
        if (unknown && process.env.SOAK_DEBUG) for (const b of rec.sent.filter((x) => !cached.has(x))) log(`uncached: ${b.slice(0, 400)}`);
        return;
      }
      const again = rec.sent.filter((b) => finished.has(b)).length;
      check(job, round, again === 0, `${again} request(s) answered before the kill were sent again`);
      stats[job].requestsSentAgain = (stats[job].requestsSentAgain ?? 0) + again;
    },
  };
}

// ---- the jobs -------------------------------------------------------------------------------------------------
const importVerify = {
  snapshot: (db) => withDb(db, (d) => ({
    ...counts(db),
    // the imported content itself, not only its size
    hash: createHash('sha256').update(d.prepare("SELECT hash FROM samples ORDER BY hash").pluck().all().join()).digest('hex'),
    // A killed import keeps its row in the file history, saying how far it got (by design); the resumed import adds
    // its own. Together they account for every new sample and trace exactly once.
    newSamples: d.prepare("SELECT sum(new_samples) FROM dataset_files f JOIN datasets ds ON ds.id = f.dataset_id WHERE ds.name = 'pool'").pluck().get(),
    newTraces: d.prepare("SELECT sum(new_traces) FROM dataset_files f JOIN datasets ds ON ds.id = f.dataset_id WHERE ds.name = 'pool'").pluck().get(),
  })),
};

const jobs = {
  import: () => soak('import', { args: () => ['import', pool, '--dataset', 'pool', '--preset', 's1'], verify: importVerify }),
  // The first import into a new database, written with a rollback journal (store/bulk-journal.ts): killed anywhere,
  // including before the file exists and while a hot journal is on disk.
  'import-fresh': () => soak('import-fresh', { fresh: true, args: () => ['import', pool, '--dataset', 'pool', '--preset', 's1'], verify: importVerify }),

  curate: () => soak('curate', {
    prepare: (db) => { cliSync(db, ['import', pool, '--dataset', 'pool', '--preset', 's1']); },
    args: () => ['curate', '--dataset', 'pool', '--recipe', 's1k', '--eval', join(ROOT, 'samples/math500.jsonl'), '--target', '300'],
    verify: {
      afterKill: (db, round) => withDb(db, (d) => {
        // A selection is stored whole or not at all.
        for (const sel of d.prepare('SELECT id, funnel FROM selections').all()) {
          const n = d.prepare('SELECT count(*) FROM selection_items WHERE selection_id = ?').pluck().get(sel.id);
          check('curate', round, n > 0, `a killed curation left selection ${sel.id} with no items`);
        }
      }),
      // The latest selection's members (a killed run that had finished leaves one version more: compare the latest).
      snapshot: (db) => withDb(db, (d) => {
        const sel = d.prepare("SELECT id FROM selections ORDER BY version DESC LIMIT 1").pluck().get();
        return { members: createHash('sha256').update(d.prepare('SELECT s.hash FROM selection_items i JOIN samples s ON s.id = i.sample_id WHERE i.selection_id = ? ORDER BY s.hash').pluck().all(sel).join()).digest('hex'), samples: counts(db).samples };
      }),
    },
  }),

  eval: async () => {
    const rec = await recordedReplay();
    const model = rec.model;
    const proxyUrl = rec.url;
    const resume = resumeChecks('eval', rec);
    try {
      await soak('eval', {
        args: () => ['eval', '--backend', proxyUrl, '--model', model, '--benchmark', 'math500:12', '--method', 'budget-forcing', '--budgets', '200,1000,inf', '--wait', '1', '--run', 'soak', '--concurrency', '4'],
        verify: {
          afterKill: resume.afterKill,
          snapshot: (db, round) => {
            resume.sentAgain(round, db);
            return withDb(db, (d) => ({
              results: d.prepare('SELECT count(*) FROM results').pluck().get(),
              distinct: d.prepare('SELECT count(*) FROM (SELECT DISTINCT run_id, sample_id, method, ifnull(budget, -1), repeat FROM results)').pluck().get(),
              grades: d.prepare('SELECT group_concat(g) FROM (SELECT method || budget || grade AS g FROM results ORDER BY sample_id, method, ifnull(budget, -1))').pluck().get(),
            }));
          },
        },
      });
    } finally {
      rec.close();
    }
  },

  generate: async () => {
    const rec = await recordedReplay();
    const resume = resumeChecks('generate', rec);
    try {
      await soak('generate', {
        // The questions: a selection of the five s1K questions already in the base database.
        prepare: (db) => withWritableDb(db, (d) => {
          const id = d.prepare("INSERT INTO selections (name, version, recipe, seed, funnel) VALUES ('soak-questions', 1, '{}', 42, '[]')").run().lastInsertRowid;
          d.prepare('INSERT INTO selection_items (selection_id, sample_id, rank) SELECT ?, id, id FROM samples').run(id);
        }),
        args: () => ['generate', '--backend', rec.url, '--model', rec.model, '--selection', 'soak-questions', '--samples', '4', '--run', 'soak-gen', '--concurrency', '4'],
        verify: {
          afterKill: resume.afterKill,
          snapshot: (db, round) => {
            resume.sentAgain(round, db);
            return withDb(db, (d) => ({
              traces: d.prepare("SELECT count(*) FROM traces t JOIN runs ON runs.id = t.run_id WHERE runs.name = 'soak-gen'").pluck().get(),
              // every (question, sample index) exactly once
              distinct: d.prepare("SELECT count(DISTINCT t.sample_id || ':' || t.hash) FROM traces t JOIN runs ON runs.id = t.run_id WHERE runs.name = 'soak-gen'").pluck().get(),
            }));
          },
        },
      });
    } finally {
      rec.close();
    }
  },

  report: async () => {
    // An evaluation run to report on, made once against the replay server.
    const evaluated = join(tmp, 'evaluated.db');
    copyFileSync(base, evaluated);
    const rec = await recordedReplay();
    try {
      // Not cliSync: the replay's proxy answers on this process's event loop.
      const e = await cliRun(evaluated, ['eval', '--backend', rec.url, '--model', rec.model, '--benchmark', 'math500:12', '--method', 'truncation', '--budgets', '200,1000,inf', '--run', 'soak', '--concurrency', '4']);
      if (e.code !== 0) throw new Error(`report: the evaluation to report on failed (exit ${e.code}): ${e.stderr}`);
    } finally {
      rec.close();
    }
    const outDir = (round) => join(tmp, `report-${round}`);
    await soak('report', {
      prepare: (db) => { copyFileSync(evaluated, db); },
      args: (db, round) => ['report', '--run', 'soak', '--out', outDir(round)],
      verify: {
        afterKill: (db, round, k) => {
          const dir = outDir(round);
          // Either nothing under the real name, or the whole report (a kill after its one rename).
          check('report', round, !existsSync(dir) || readdirSync(dir).includes('report.md'), `a kill at ${Math.round(k.ms)} ms left part of a report: ${existsSync(dir) ? readdirSync(dir).join(', ') : ''}`);
          if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
        },
        snapshot: (db, round) => {
          const dir = outDir(round);
          const beside = readdirSync(tmp).filter((f) => f.startsWith(`.report-${round}.`));
          check('report', round, beside.length === 0, `the re-run left staging folders: ${beside.join(', ')}`);
          // report.md carries the time it was made: its files and the samples' bytes are compared.
          return { files: readdirSync(dir).sort(), samples: sha(join(dir, 'samples', 'soak.jsonl')) };
        },
      },
    });
  },

  export: async () => {
    const curated = join(tmp, 'curated.db');
    copyFileSync(base, curated);
    cliSync(curated, ['import', pool, '--dataset', 'pool', '--preset', 's1']);
    const curation = JSON.parse(cliSync(curated, ['--json', 'curate', '--dataset', 'pool', '--recipe', 's1k', '--eval', join(ROOT, 'samples/math500.jsonl'), '--target', '300']));
    const selection = curation.name;
    const outDir = (round) => join(tmp, `export-${round}`);
    // Odd rounds export into a folder the export creates (staged beside it, moved in by one rename); even rounds into
    // a folder that exists and holds a file of the user's (each file moved in, the moves recorded in a journal first).
    const existing = (round) => typeof round === 'number' && round % 2 === 0;
    const hidden = /^\..*\.\d+(-\d+)?\.(partial|commit)$/;
    const whole = ['README.md', 'manifest.json', 'train-train.parquet', 'train-validation.parquet'];
    await soak('export', {
      prepare: (db, round) => {
        copyFileSync(curated, db);
        if (existing(round)) { mkdirSync(outDir(round)); writeFileSync(join(outDir(round), 'notes.txt'), 'mine'); }
      },
      args: (db, round) => ['export', '--selection', String(selection), '--format', 'parquet', '--out', join(outDir(round), 'train.parquet'), '--split', '0.9', ...(existing(round) ? ['--force'] : [])],
      verify: {
        afterKill: (db, round, k) => {
          const dir = outDir(round);
          const left = existsSync(dir) ? readdirSync(dir) : [];
          const real = left.filter((f) => !hidden.test(f) && f !== 'notes.txt');
          if (!existing(round)) {
            // Either nothing, or the whole export (a kill after the one rename): never a partial or temporary file.
            // The killed process's staging folder beside it may remain until the next export to the same place sweeps it.
            check('export', round, real.length === 0 || whole.every((f) => real.includes(f)), `a kill at ${Math.round(k.ms)} ms left a partial export: ${real.join(', ')}`);
            check('export', round, left.every((f) => !hidden.test(f)), `a kill at ${Math.round(k.ms)} ms left temporary files in the new folder: ${left.join(', ')}`);
            if (real.length) rmSync(dir, { recursive: true, force: true });
          } else {
            // The user's file is never touched; part of the export only with the journal that lets the next export finish it.
            check('export', round, left.includes('notes.txt') && readFileSync(join(dir, 'notes.txt'), 'utf8') === 'mine', `a kill at ${Math.round(k.ms)} ms touched the folder's own file`);
            const journal = left.some((f) => f.endsWith('.commit'));
            check('export', round, real.length === 0 || journal || whole.every((f) => real.includes(f)), `a kill at ${Math.round(k.ms)} ms left a partial export without a journal: ${left.join(', ')}`);
            if (journal) stats.export.journals = (stats.export.journals ?? 0) + 1;
          }
        },
        snapshot: (db, round) => {
          const dir = outDir(round);
          const all = readdirSync(dir).sort();
          check('export', round, !all.some((f) => hidden.test(f)), `the re-run left temporary files: ${all.filter((f) => hidden.test(f)).join(', ')}`);
          const beside = readdirSync(tmp).filter((f) => f.startsWith(`.export-${round}.`));
          check('export', round, beside.length === 0, `the re-run left staging folders: ${beside.join(', ')}`);
          const files = all.filter((f) => f.endsWith('.parquet'));
          return { files, data: files.map((f) => sha(join(dir, f))) };
        },
      },
    });
  },
};

try {
  for (const j of JOBS) {
    if (!jobs[j]) throw new Error(`unknown job ${j} (have: ${Object.keys(jobs).join(', ')})`);
    await jobs[j]();
  }
} catch (e) {
  failures.push(String(e?.stack ?? e));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const summary = { suite: 'kill-soak', seed: startSeed, rounds: ROUNDS, jobs: stats, failures };
if (JSON_OUT) process.stdout.write(`${JSON.stringify(summary)}\n`);
const kills = Object.values(stats).reduce((n, s) => n + s.killedMidway, 0);
log(`kill soak (seed ${startSeed}): ${kills} kills mid-job survived of ${Object.values(stats).reduce((n, s) => n + s.rounds, 0)} rounds; ${failures.length} failure(s)`);
for (const f of failures) log(`  FAIL ${f}`);
process.exit(failures.length ? 1 : 0);
