import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extension, nodeExe, readyApi, waitUntil, workspaceFolder } from './helpers';

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

  it('a SQLite module built for another Node ABI stops the engine once, saying what was built, what runs it and the fix', async () => {
    const a = await readyApi();
    // A "Node" whose better-sqlite3 fails to load as a module built for another ABI does (Node's own message).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'distillery-fake-node-'));
    const fake = path.join(dir, 'node');
    const preload = path.join(extension().extensionPath, 'test', 'fixtures', 'engine', 'abi-mismatch-preload.js');
    fs.writeFileSync(fake, `#!/bin/sh\nexec "${nodeExe()}" --require "${preload}" "$@"\n`, { mode: 0o755 });
    const states: string[] = [];
    const sub = a.engine.onDidChangeState((s) => states.push(s));
    try {
      await cfg().update('nodePath', fake, vscode.ConfigurationTarget.Global);
      await waitUntil(() => a.engine.state === 'failed', 'the engine to fail', 20_000);
    } finally {
      sub.dispose();
    }
    const msg = String(a.engine.lastError);
    assert.match(msg, /SQLite module was built for Node ABI \d+ .*but distillery\.nodePath \(".*node"\) runs Node [\d.]+ \(ABI \d+\)/);
    assert.match(msg, /npm rebuild better-sqlite3/);
    assert.ok(!states.includes('restarting'), `not restarted, since a restart cannot fix it (states: ${states.join(' → ')})`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
