// The engine process as the extension sees it: JSON-RPC over stdio, notifications, cancellation.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, RequestType, NotificationType, CancellationTokenSource, type MessageConnection } from 'vscode-jsonrpc/node';
import { ENGINE_ERROR_CODES, ENGINE_EXIT, ENGINE_PROTOCOL_VERSION, type EngineNotifications, type EngineRequests, type NativeModuleFailure } from '../../../src/shared/protocol';
import { openDatabase } from '../../../src/core/store/db';
import { fixture, sample, tempDir } from '../helpers';

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

  it('answers ping with its database, Node version and protocol version (the start-up handshake)', async () => {
    const p = await request(conn, 'engine/ping', { protocol: ENGINE_PROTOCOL_VERSION });
    assert.equal(p.db, join(tmp.dir, 'e.db'));
    assert.equal(p.node, process.version);
    assert.equal(p.protocol, ENGINE_PROTOCOL_VERSION);
  });

  it('sends a person\'s mistakes as typed errors, not as a bare InternalError', async () => {
    const failure = (p: Promise<unknown>) => p.then(() => assert.fail('expected an error'), (e: { code: number; message: string; data: unknown }) => e);
    const noSample = await failure(request(conn, 'review/setStatus', { id: 424242, status: 'accepted' }));
    assert.deepEqual([noSample.code, noSample.data, noSample.message], [ENGINE_ERROR_CODES.NotFound, { kind: 'NotFound' }, 'no sample 424242']);
    const noDataset = await failure(request(conn, 'stats/get', { dataset: 'nope' }));
    assert.equal(noDataset.code, ENGINE_ERROR_CODES.NotFound);
    const noName = await failure(request(conn, 'review/saveSelection', { name: ' ', filter: { dataset: 'x' } }));
    assert.deepEqual([noName.code, noName.message], [ENGINE_ERROR_CODES.InvalidInput, 'a selection needs a name']);
    assert.ok(!notes.some((n) => n.method === 'log' && (n.params as { level: string }).level === 'error'), 'mistakes are not logged as crashes');
  });

  it('imports, reports progress, announces the change and lists the dataset', async () => {
    const r = await request(conn, 'import/run', { files: [sample('math500.jsonl')], token: 't1' });
    assert.equal(r.rows, 500);
    const list = await request(conn, 'datasets/list', {});
    assert.deepEqual(list.map((d) => [d.name, d.samples, d.kind]), [['math500', 500, 'eval']]);
    assert.ok(notes.some((n) => n.method === 'import/progress' && (n.params as { token: string }).token === 't1'));
    assert.ok(notes.some((n) => n.method === 'db/changed'));
  });

  it('a search answers at once while the search lists are behind (exact ranking), and a worker brings them up for the next ones', async () => {
    const cli = spawnSync(process.execPath, [resolve('out', 'cli.js'), '--db', join(tmp.dir, 'e.db'), 'import', sample('math500.jsonl'), '--json'], { encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    const search = () => request(conn, 'review/list', { filter: { search: 'the' }, offset: 0, limit: 30 });
    const first = await search();
    assert.equal(first.rows.length, 30);
    assert.equal(first.totalAtLeast, undefined, 'no lists yet: every hit ranked, the count exact');
    // The lists are built in the engine's worker thread; the engine answers meanwhile and its later searches read them.
    let later = first;
    for (let i = 0; i < 300 && !later.totalAtLeast; i++) {
      await new Promise((r) => setTimeout(r, 100));
      later = await search();
    }
    assert.equal(later.totalAtLeast, true, 'a first page from the lists (its count a lower bound)');
    assert.deepEqual(later.rows.map((r) => r.id), first.rows.map((r) => r.id), 'the same ranking');
    assert.ok(later.total <= first.total);
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

  it('tells another process\'s commits (db/changed external) from its own writes and its index build, which the panel keeps its samples through', async () => {
    await request(conn, 'import/run', { files: [sample('math500.jsonl')], token: 't3' });
    // The import's background index build ends with 'index' (no sample changed); let it finish.
    for (let i = 0; i < 300 && !notes.some((n) => (n.params as { reason?: string }).reason === 'index'); i++) await new Promise((r) => setTimeout(r, 50));
    const reasons = () => notes.filter((n) => n.method === 'db/changed').map((n) => (n.params as { reason: string }).reason);
    assert.ok(reasons().includes('index'));
    assert.deepEqual((await request(conn, 'db/checkForeign', {})), { changed: false }, 'the import and index build were the engine\'s own');
    notes.length = 0;
    // A person's label through the engine: the file watcher sees the write, the engine knows it as its own.
    const first = (await request(conn, 'review/list', { filter: {}, offset: 0, limit: 2 })).rows;
    await request(conn, 'review/toggleLabel', { sampleId: first[0].id, label: 'good' });
    assert.deepEqual(await request(conn, 'db/checkForeign', {}), { changed: false });
    assert.deepEqual(reasons(), ['review']);
    // Another process labels a sample: told once, as 'external'.
    const other = openDatabase(join(tmp.dir, 'e.db'));
    try {
      other.prepare("INSERT INTO annotations (sample_id, label, origin) VALUES (?, 'cli-label', 'human')").run(first[1].id);
    } finally {
      other.close();
    }
    assert.deepEqual(await request(conn, 'db/checkForeign', {}), { changed: true });
    assert.deepEqual(await request(conn, 'db/checkForeign', {}), { changed: false }, 'told once');
    assert.deepEqual(reasons(), ['review', 'external']);
    const got = await request(conn, 'review/get', { id: first[1].id });
    assert.ok(got?.annotations.some((a) => a.label === 'cli-label'), 'the engine reads the other process\'s label');
  });
});

describe('engine start with a native module this Node cannot load', () => {
  it('exits with ENGINE_EXIT.nativeModule and one JSON line saying what was built and what runs it, before opening the database', async () => {
    const tmp = tempDir();
    try {
      const db = join(tmp.dir, 'never.db');
      const proc = spawn(process.execPath, ['--require', fixture('engine', 'abi-mismatch-preload.js'), resolve('out', 'engine.js'), '--db', db], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((r) => proc.once('close', (c) => r(c)));
      assert.equal(code, ENGINE_EXIT.nativeModule, stderr);
      const line = stderr.split('\n').find((l) => l.startsWith('{"distillery":"native-module-error"'));
      assert.ok(line, stderr);
      const f = JSON.parse(line) as NativeModuleFailure;
      assert.equal(f.kind, 'abi');
      assert.equal(f.nodeAbi, Number(process.versions.modules));
      assert.notEqual(f.builtAbi, f.nodeAbi);
      assert.equal(f.node, process.version);
      assert.equal(existsSync(db), false, 'nothing was created');
    } finally {
      tmp.cleanup();
    }
  });
});
