// Opening a workspace writes nothing: the engine answers reads of a database that does not exist yet as an empty
// one, and creates the file (and its folder) only on the first write.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, RequestType } from 'vscode-jsonrpc/node';
import type { EngineRequests } from '../../../src/shared/protocol';
import { sample, tempDir } from '../helpers';

describe('engine database on first write', () => {
  it('reads create no .distillery/; an import creates it, and later reads see the data', async () => {
    const tmp = tempDir();
    const dir = join(tmp.dir, '.distillery');
    const db = join(dir, 'distillery.db');
    const proc = spawn(process.execPath, [resolve('out', 'engine.js'), '--db', db], { stdio: ['pipe', 'pipe', 'inherit'] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.listen();
    const request = <M extends keyof EngineRequests>(m: M, p: EngineRequests[M]['params']) => conn.sendRequest(new RequestType<EngineRequests[M]['params'], EngineRequests[M]['result'], void>(m), p);
    try {
      assert.equal((await request('engine/ping', {})).db, db);
      assert.deepEqual(await request('datasets/list', {}), []);
      assert.deepEqual(await request('runs/list', {}), []);
      assert.equal((await request('review/list', { filter: {} })).total, 0);
      assert.equal(await request('runs/metrics', { name: 'x' }), null);
      assert.equal(existsSync(dir), false, 'no folder after reads');
      await request('import/run', { files: [sample('s1k-sample-5.jsonl')], dataset: 's', token: 't' });
      assert.ok(existsSync(db), 'the import created the database');
      assert.deepEqual((await request('datasets/list', {})).map((d) => [d.name, d.samples]), [['s', 5]]);
      const renamed = await request('datasets/rename', { name: 's', to: 't' });
      assert.equal(renamed.name, 't');
      assert.deepEqual(await request('datasets/children', { name: 't' }), { selections: [], runs: [] });
    } finally {
      conn.dispose();
      proc.kill();
      await new Promise((r) => proc.once('exit', r));
      tmp.cleanup();
    }
  });
});
