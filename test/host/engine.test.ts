import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, extension, nodeExe, readyApi, waitUntil, workspaceFolder } from './helpers';

describe('Engine', () => {
  it('answers engine/ping over JSON-RPC', async () => {
    const a = await readyApi();
    const ping = await a.engine.request('engine/ping', {});
    assert.equal(typeof ping.version, 'string');
    assert.equal(ping.pid, a.engine.pid);
    assert.equal(ping.db, a.config.databasePath);
    assert.match(ping.node, /^v\d+\./);
  });

  it('answers datasets/list with an array', async () => {
    const a = await readyApi();
    const list = await a.engine.request('datasets/list', {});
    assert.ok(Array.isArray(list));
  });

  it('restarts the engine when its process dies', async () => {
    const a = await readyApi();
    const oldPid = a.engine.pid;
    assert.ok(oldPid);
    const states: string[] = [];
    const sub = a.engine.onDidChangeState((s) => states.push(s));
    try {
      process.kill(oldPid, 'SIGKILL');
      await waitUntil(() => a.engine.state === 'ready' && a.engine.pid !== oldPid, 'a new engine process', 30_000);
    } finally {
      sub.dispose();
    }
    assert.ok(states.includes('restarting'), `went through restarting (states: ${states.join(' → ')})`);
    const ping = await a.engine.request('engine/ping', {});
    assert.equal(ping.pid, a.engine.pid);
    assert.notEqual(ping.pid, oldPid);
  });
});

describe('Engine failures', () => {
  const cfg = () => vscode.workspace.getConfiguration('distillery');

  afterEach(async () => {
    await cfg().update('nodePath', undefined, vscode.ConfigurationTarget.Global);
    await cfg().update('databasePath', undefined, vscode.ConfigurationTarget.Global);
    await cfg().update('engine.maxRestarts', undefined, vscode.ConfigurationTarget.Global);
    const a = await readyApi();
    await waitUntil(() => a.engine.state === 'ready' && a.engine.dbPath === a.config.databasePath, 'the engine back on the workspace database', 30_000);
  });

  it('a missing Node.js fails clearly, naming the setting, and a fixed setting restarts the engine', async () => {
    const a = await readyApi();
    await cfg().update('nodePath', '/nonexistent/bin/node', vscode.ConfigurationTarget.Global);
    await waitUntil(() => a.engine.state === 'failed', 'the engine to fail', 15_000);
    assert.match(String(a.engine.lastError), /distillery\.nodePath/);
    assert.match(a.statusBar.text, /failed/);
    await assert.rejects(a.engine.request('engine/ping', {}), /not running/);
    await cfg().update('nodePath', undefined, vscode.ConfigurationTarget.Global);
    await waitUntil(() => a.engine.state === 'ready', 'the engine to start again', 30_000);
  });

  it('restarts with backoff after crashes and gives up after a few quick ones', async () => {
    const a = await readyApi();
    const states: string[] = [];
    const sub = a.engine.onDidChangeState((s) => states.push(s));
    try {
      await cfg().update('engine.maxRestarts', 2, vscode.ConfigurationTarget.Global);
      // a directory is not a database: the engine exits at once, every time
      await cfg().update('databasePath', workspaceFolder(), vscode.ConfigurationTarget.Global);
      await waitUntil(() => a.engine.state === 'failed', 'the engine to give up', 30_000);
    } finally {
      sub.dispose();
    }
    assert.ok(states.includes('restarting'), `states: ${states.join(' → ')}`);
    assert.equal(a.engine.autoRestarts, 2, 'restarted twice (engine.maxRestarts), then gave up');
    assert.match(String(a.engine.lastError), /not restarting/);
  });

  /** A "Node" that runs the real one with a test preload (test/fixtures/engine/<name>.js). */
  function fakeNode(preloadName: string): { path: string; remove: () => void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'distillery-fake-node-'));
    const fake = path.join(dir, 'node');
    const preload = path.join(extension().extensionPath, 'test', 'fixtures', 'engine', `${preloadName}.js`);
    fs.writeFileSync(fake, `#!/bin/sh\nexec "${nodeExe()}" --require "${preload}" "$@"\n`, { mode: 0o755 });
    return { path: fake, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
  }

  /** Points distillery.nodePath at a fake Node and waits for the engine to fail; returns the states it went through. */
  async function failWith(preloadName: string): Promise<string[]> {
    const a = await readyApi();
    const fake = fakeNode(preloadName);
    const states: string[] = [];
    const sub = a.engine.onDidChangeState((s) => states.push(s));
    try {
      await cfg().update('nodePath', fake.path, vscode.ConfigurationTarget.Global);
      await waitUntil(() => a.engine.state === 'failed', 'the engine to fail', 20_000);
    } finally {
      sub.dispose();
      fake.remove();
    }
    return states;
  }

  it('a SQLite module built for another Node ABI stops the engine once, saying what was built, what runs it and the fix', async () => {
    const states = await failWith('abi-mismatch-preload');
    const msg = String((await api()).engine.lastError);
    assert.match(msg, /SQLite module was built for Node ABI \d+ .*but distillery\.nodePath \(".*node"\) runs Node [\d.]+ \(ABI \d+\)/);
    assert.match(msg, /npm rebuild better-sqlite3/);
    assert.ok(!states.includes('restarting'), `not restarted, since a restart cannot fix it (states: ${states.join(' → ')})`);
  });

  it('an engine speaking another protocol version is stopped with what to do', async () => {
    const states = await failWith('protocol-mismatch-preload');
    const a = await api();
    assert.match(String(a.engine.lastError), /protocol 0, but this window's extension speaks protocol \d+.*Reload the window/);
    assert.equal(a.engine.pid, undefined, 'the mismatched engine is not left running');
    assert.ok(!states.includes('ready') && !states.includes('restarting'), `states: ${states.join(' → ')}`);
  });
});

describe('Views while the engine goes away', () => {
  // A request in flight when the engine process ends rejects with vscode-jsonrpc's "connection disposed" (-32097);
  // the views showed their empty welcome ("No datasets yet", "No trained models yet") until the restarted engine
  // answered. They keep what they showed instead; any other failure still empties them.
  it('the Datasets and Models views keep what they showed when a request dies with the engine', async () => {
    const a = await readyApi();
    const names = (nodes: { kind: string }[]) => nodes.map((n) => JSON.stringify(n));
    a.datasets.refresh('host test');
    await new Promise((r) => setTimeout(r, 500)); // the refresh's debounce: the next call asks the engine
    const shown = await a.datasets.getChildren();
    assert.ok(shown.length > 0, 'the host tests imported data sets before');
    const runsShown = await a.models.runs();
    const request = a.engine.request.bind(a.engine);
    const gone = Object.assign(new Error('Pending response rejected since connection got disposed'), { code: -32097 });
    try {
      a.engine.request = (() => Promise.reject(gone)) as typeof a.engine.request;
      a.datasets.refresh('host test');
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(names(await a.datasets.getChildren()), names(shown), 'the data sets shown stay');
      assert.deepEqual(await a.models.runs(), runsShown, 'the training runs shown stay');
      // Another failure (the engine answered with an error) is not hidden behind the old list.
      a.engine.request = (() => Promise.reject(new Error('something else'))) as typeof a.engine.request;
      a.datasets.refresh('host test');
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(await a.datasets.getChildren(), []);
    } finally {
      a.engine.request = request;
      a.datasets.refresh('host test');
    }
  });
});
