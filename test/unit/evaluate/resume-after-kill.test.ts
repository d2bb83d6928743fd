// Kill the evaluating process midway (SIGKILL: no chance to clean up), run it again: the run completes, no
// request answered before the kill is sent again, and the results equal an uninterrupted run's.
// The child is this bundled file run with DISTILLERY_EVAL_CHILD set (it then evaluates instead of defining tests).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { openDatabase } from '../../../src/core/store/db';
import { createBackend } from '../../../src/core/backend/client';
import { canonicalJson, dbRequestCache } from '../../../src/core/backend/cache';
import { evalSession } from '../../../src/core/evaluate/session';
import { startReplayServer } from '../../../src/core/replay/server';
import { tempDir } from '../helpers';
import { evalAgainst, resultsOf } from './eval-helpers';

const RUN = { benchmark: 'math500:12', method: 'budget-forcing' as const, run: 'k', budgets: [500, 2000, null], wait: [2] };

async function child(): Promise<void> {
  const db = openDatabase(process.env.DISTILLERY_EVAL_DB!);
  const url = process.env.DISTILLERY_EVAL_URL!;
  const backend = createBackend({ urls: [url], model: 'replay', concurrency: 4, cache: dbRequestCache(db) });
  await evalSession({ db, backend, backendUrls: [url], model: 'replay', concurrency: 4, ...RUN });
  db.close();
}

if (process.env.DISTILLERY_EVAL_CHILD) {
  child().then(() => process.exit(0), (e) => { process.stderr.write(String(e)); process.exit(1); });
} else {
  describe('resume after the process is killed', function () {
    this.timeout(120_000);

    it('completes, sends no finished request twice, and matches a clean run', async () => {
      const tmp = tempDir();
      let sent: string[] = [];
      const server = await startReplayServer({ traces: 'samples/math500.jsonl', delayMsPerToken: 0.2, onRequest: (_p, b) => { sent.push(canonicalJson(b)); } });
      const dbPath = join(tmp.dir, 'k.db');
      const start = () => spawn(process.execPath, [__filename], { env: { ...process.env, DISTILLERY_EVAL_CHILD: '1', DISTILLERY_EVAL_DB: dbPath, DISTILLERY_EVAL_URL: server.url }, stdio: ['ignore', 'ignore', 'pipe'] });
      try {
        const first = start();
        const exited = new Promise<number | null>((r) => first.on('exit', (code) => r(code)));
        // Wait (bounded) until some results are stored, then kill without warning.
        const watch = openDatabase(dbPath);
        let stored = 0;
        for (let i = 0; i < 600 && stored < 8; i++) {
          await new Promise((r) => setTimeout(r, 50));
          stored = watch.prepare('SELECT count(*) FROM results').pluck().get() as number;
        }
        first.kill('SIGKILL');
        await exited;
        stored = watch.prepare('SELECT count(*) FROM results').pluck().get() as number;
        assert.ok(stored >= 8 && stored < 36, `killed midway (${stored} of 36 stored)`);
        const finished = new Set(watch.prepare('SELECT request FROM request_cache').pluck().all() as string[]);
        watch.close();

        sent = [];
        const second = start();
        let err = '';
        second.stderr!.on('data', (d) => { err += d; });
        const code = await new Promise<number | null>((r) => second.on('exit', (c) => r(c)));
        assert.equal(code, 0, err);
        assert.deepEqual(sent.filter((k) => finished.has(k)), [], 'a request answered before the kill was sent again');

        const resumed = openDatabase(dbPath);
        const clean = openDatabase(join(tmp.dir, 'clean.db'));
        await evalAgainst(clean, server.url, RUN);
        assert.equal(resultsOf(resumed, 'k').length, 36);
        assert.deepEqual(resultsOf(resumed, 'k'), resultsOf(clean, 'k'));
        resumed.close();
        clean.close();
      } finally {
        await server.close();
        tmp.cleanup();
      }
    });
  });
}
