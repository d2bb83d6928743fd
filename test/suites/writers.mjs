#!/usr/bin/env node
// Concurrent writers on one database: the engine (as the review panel drives it) labels and decides samples
// without pause while a CLI import of a large pool runs and another CLI process evaluates against the replay
// server. No person's write may fail (no SQLITE_BUSY reaching a person), none may be lost, and both jobs must
// finish with everything they were to write.
//
//   node test/suites/writers.mjs [--pool-rows 60000] [--questions 20] [--json]    (npm run suite:writers)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { arg, cli, finish, replayServer, ROOT, withDb } from './lib.mjs';

const require = createRequire(join(ROOT, 'package.json'));
const { createMessageConnection, StreamMessageReader, StreamMessageWriter, RequestType } = require('vscode-jsonrpc/node');
const bounded = Boolean(process.env.SUITE_ROUNDS);
const POOL_ROWS = Number(arg('--pool-rows', bounded ? '15000' : '60000'));
const QUESTIONS = Number(arg('--questions', bounded ? '8' : '20'));
const failures = [];
const tmp = mkdtempSync(join(tmpdir(), 'distillery-writers-'));
const db = join(tmp, 'w.db');
const summary = { suite: 'writers', poolRows: POOL_ROWS, questions: QUESTIONS };

const pool = join(tmp, 'pool.jsonl');
spawnSync(process.execPath, [join(ROOT, 'bench/gen-curate-pool.mjs'), '--rows', String(POOL_ROWS), '--out', pool], { stdio: 'ignore' });
const seeded = await cli(['--db', db, 'import', join(ROOT, 'samples/aime24.jsonl'), '--dataset', 'aime24']);
if (seeded.code !== 0) throw new Error(seeded.stderr);

const engine = spawn(process.execPath, [join(ROOT, 'out', 'engine.js'), '--db', db], { stdio: ['pipe', 'pipe', 'pipe'] });
let engineErr = '';
engine.stderr.on('data', (d) => { engineErr += d; });
const conn = createMessageConnection(new StreamMessageReader(engine.stdout), new StreamMessageWriter(engine.stdin));
conn.listen();
const req = (m, p) => conn.sendRequest(new RequestType(m), p);
const replay = await replayServer(join(ROOT, 'samples/math500.jsonl'), ['--delay-ms-per-token', '0.02']);

try {
  const rows = (await req('review/list', { filter: { dataset: 'aime24' }, offset: 0, limit: 30 })).rows;
  const ids = rows.map((r) => r.id);

  // The two jobs, started together.
  const importJob = cli(['--db', db, 'import', pool, '--dataset', 'pool', '--preset', 's1'], { timeoutMs: 600_000 });
  const evalJob = cli(['--db', db, 'eval', '--backend', replay.url, '--model', replay.model, '--benchmark', `math500:${QUESTIONS}`, '--method', 'truncation', '--budgets', '200,1000,inf', '--run', 'writers', '--concurrency', '8'], { timeoutMs: 600_000 });
  let jobsDone = false;
  const jobs = Promise.all([importJob, evalJob]).finally(() => { jobsDone = true; });

  // The person: one decision or label after another, as fast as the engine answers, until both jobs end.
  const expected = new Map(); // sample id → { status, labels: Set }
  const statuses = ['accepted', 'rejected', 'flagged', 'unreviewed'];
  const latencies = [];
  let writes = 0;
  let i = 0;
  while (!jobsDone || writes < 40) {
    const id = ids[i % ids.length];
    const e = expected.get(id) ?? { status: 'unreviewed', labels: new Set() };
    const t0 = performance.now();
    try {
      if (i % 2 === 0) {
        const status = statuses[(i >> 1) % statuses.length];
        await req('review/setStatus', { id, status });
        e.status = status;
      } else {
        const label = `person-${i % 5}`;
        const r = await req('review/toggleLabel', { sampleId: id, label, note: 'writers suite' });
        if (r.set) e.labels.add(label); else e.labels.delete(label);
      }
      expected.set(id, e);
      writes++;
    } catch (err) {
      failures.push(`a person's write failed while the jobs ran: ${err?.message ?? err}`);
      if (failures.length > 5) break;
    }
    latencies.push(performance.now() - t0);
    i++;
  }
  const [imp, ev] = await jobs;
  if (imp.code !== 0) failures.push(`the import failed (exit ${imp.code}): ${imp.stderr.trim().split('\n').pop()}`);
  if (ev.code !== 0) failures.push(`the evaluation failed (exit ${ev.code}): ${ev.stderr.trim().split('\n').pop()}`);
  for (const [name, r] of [['import', imp], ['eval', ev]]) if (/SQLITE_BUSY|database is locked/i.test(r.stderr) && r.code !== 0) failures.push(`${name} ended with a lock error`);

  // Everything the person did is stored; both jobs wrote all they had to.
  withDb(db, (d) => {
    for (const [id, e] of expected) {
      const status = d.prepare('SELECT status FROM samples WHERE id = ?').pluck().get(id);
      if (status !== e.status) failures.push(`sample ${id}: status ${status}, the person last chose ${e.status}`);
      const labels = new Set(d.prepare("SELECT label FROM annotations WHERE sample_id = ? AND origin = 'human' AND label LIKE 'person-%'").pluck().all(id));
      if ([...e.labels].sort().join() !== [...labels].sort().join()) failures.push(`sample ${id}: labels {${[...labels]}} stored, the person left {${[...e.labels]}}`);
    }
    const pooled = d.prepare("SELECT count(*) FROM samples s JOIN datasets ds ON ds.id = s.dataset_id WHERE ds.name = 'pool'").pluck().get();
    const results = d.prepare("SELECT count(*) FROM results r JOIN runs ON runs.id = r.run_id WHERE runs.name = 'writers'").pluck().get();
    summary.pooled = pooled;
    summary.results = results;
    if (results !== QUESTIONS * 3) failures.push(`the evaluation stored ${results} of ${QUESTIONS * 3} results`);
    if (pooled < POOL_ROWS * 0.9) failures.push(`the import stored ${pooled} samples of a ${POOL_ROWS}-row pool`);
    const ok = d.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') failures.push(`integrity_check: ${ok}`);
  });
  latencies.sort((a, b) => a - b);
  summary.personWrites = writes;
  summary.writeP50Ms = Math.round(latencies[latencies.length >> 1] ?? 0);
  summary.writeMaxMs = Math.round(latencies[latencies.length - 1] ?? 0);
  summary.importSeconds = Math.round(imp.ms / 100) / 10;
  summary.evalSeconds = Math.round(ev.ms / 100) / 10;
} catch (e) {
  failures.push(String(e?.stack ?? e));
} finally {
  conn.dispose();
  engine.kill();
  replay.stop();
  if (/SQLITE_BUSY|database is locked/.test(engineErr)) failures.push('the engine logged a lock error');
  rmSync(tmp, { recursive: true, force: true });
}
summary.line = `${summary.personWrites ?? 0} person writes (p50 ${summary.writeP50Ms} ms, max ${summary.writeMaxMs} ms) during an import of ${summary.pooled} samples (${summary.importSeconds} s) and an evaluation of ${summary.results} results (${summary.evalSeconds} s)`;
finish(summary, failures);
