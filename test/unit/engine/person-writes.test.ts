// A person's decision in the panel while another process holds the write lock (a long CLI import): the engine keeps
// answering, the decision waits its turn instead of failing, and decisions land in the order they were made.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, RequestType } from 'vscode-jsonrpc/node';
import { ENGINE_PROTOCOL_VERSION, type EngineRequests } from '../../../src/shared/protocol';
import { openDatabase } from '../../../src/core/store/db';
import { sample, tempDir } from '../helpers';

describe('engine: a person\'s writes wait for a job instead of failing', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => { tmp = tempDir(); });
  afterEach(() => tmp.cleanup());

  it('while a job holds the write lock: reads still answer, accept-then-reject waits and ends rejected', async function () {
    this.timeout(60_000);
    const file = join(tmp.dir, 'p.db');
    assert.equal(spawnSync(process.execPath, [resolve('out', 'cli.js'), '--db', file, 'import', sample('aime24.jsonl')]).status, 0);
    const proc = spawn(process.execPath, [resolve('out', 'engine.js'), '--db', file], { stdio: ['pipe', 'pipe', 'inherit'] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.listen();
    const req = <M extends keyof EngineRequests>(m: M, p: EngineRequests[M]['params']) =>
      conn.sendRequest(new RequestType<EngineRequests[M]['params'], EngineRequests[M]['result'], void>(m), p);
    try {
      await req('engine/ping', { protocol: ENGINE_PROTOCOL_VERSION });
      const [first] = (await req('review/list', { filter: {}, offset: 0, limit: 1 })).rows;
      const job = openDatabase(file);
      job.exec('BEGIN IMMEDIATE'); // a CLI import's transaction
      job.exec("UPDATE datasets SET name = name");
      const order: string[] = [];
      const accept = req('review/setStatus', { id: first.id, status: 'accepted' }).then((r) => { order.push('accept'); return r; });
      const reject = req('review/setStatus', { id: first.id, status: 'rejected' }).then((r) => { order.push('reject'); return r; });
      // The engine is not frozen by the waiting writes: a read and a ping answer before either write lands.
      const listed = await req('review/list', { filter: {}, offset: 0, limit: 5 });
      await req('engine/ping', { protocol: ENGINE_PROTOCOL_VERSION });
      order.push('read');
      assert.equal(listed.rows.length, 5);
      await new Promise((r) => setTimeout(r, 1500));
      assert.deepEqual(order, ['read'], 'the writes wait for the lock');
      job.exec('COMMIT');
      job.close();
      const [a, r] = await Promise.all([accept, reject]);
      assert.deepEqual(order, ['read', 'accept', 'reject'], 'in the order they were made');
      assert.equal(a.previous, 'unreviewed');
      assert.equal(r.previous, 'accepted');
      assert.equal((await req('review/get', { id: first.id }))!.status, 'rejected');
    } finally {
      conn.dispose();
      proc.kill();
    }
  });
});
