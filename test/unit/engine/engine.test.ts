// The engine process as the extension sees it: JSON-RPC over stdio, notifications, cancellation.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, RequestType, NotificationType, CancellationTokenSource, type MessageConnection } from 'vscode-jsonrpc/node';
import type { EngineNotifications, EngineRequests } from '../../../src/shared/protocol';
import { sample, tempDir } from '../helpers';

function request<M extends keyof EngineRequests>(c: MessageConnection, method: M, params: EngineRequests[M]['params'], token?: CancellationTokenSource) {
  return c.sendRequest(new RequestType<EngineRequests[M]['params'], EngineRequests[M]['result'], void>(method), params, token?.token);
}

describe('engine', () => {
  let tmp: ReturnType<typeof tempDir>;
  let proc: ChildProcess;
  let conn: MessageConnection;
  const notes: { method: string; params: unknown }[] = [];

  beforeEach(() => {
    tmp = tempDir();
    proc = spawn(process.execPath, [resolve('out', 'engine.js'), '--db', join(tmp.dir, 'e.db')], { stdio: ['pipe', 'pipe', 'inherit'] });
    conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    for (const m of ['db/changed', 'import/progress', 'log'] as (keyof EngineNotifications)[]) {
      conn.onNotification(new NotificationType<unknown>(m), (params) => notes.push({ method: m, params }));
    }
    conn.listen();
    notes.length = 0;
  });
  afterEach(async () => {
    conn.dispose();
    proc.kill();
    await new Promise((r) => proc.once('exit', r));
    tmp.cleanup();
  });

  it('answers ping with its database and Node version', async () => {
    const p = await request(conn, 'engine/ping', {});
    assert.equal(p.db, join(tmp.dir, 'e.db'));
    assert.equal(p.node, process.version);
  });

  it('imports, reports progress, announces the change and lists the dataset', async () => {
    const r = await request(conn, 'import/run', { files: [sample('math500.jsonl')], token: 't1' });
    assert.equal(r.rows, 500);
    const list = await request(conn, 'datasets/list', {});
    assert.deepEqual(list.map((d) => [d.name, d.samples, d.kind]), [['math500', 500, 'eval']]);
    assert.ok(notes.some((n) => n.method === 'import/progress' && (n.params as { token: string }).token === 't1'));
    assert.ok(notes.some((n) => n.method === 'db/changed'));
  });

  it('a cancelled import stores nothing and the engine keeps serving', async () => {
    const big = join(tmp.dir, 'big.jsonl');
    const row = (i: number) => JSON.stringify({ question: `q${i}`, thinking_trajectories: ['x'.repeat(4000)], attempt: 'a' });
    writeFileSync(big, Array.from({ length: 20000 }, (_, i) => row(i)).join('\n'));
    const cts = new CancellationTokenSource();
    const pending = request(conn, 'import/run', { files: [big], token: 't2' }, cts);
    await new Promise<void>((res) => {
      const t = setInterval(() => { if (notes.some((n) => n.method === 'import/progress')) { clearInterval(t); res(); } }, 5);
    });
    cts.cancel();
    await assert.rejects(pending, /cancel/i);
    const list = await request(conn, 'datasets/list', {});
    assert.deepEqual(list, []);
  });
});
