// The palette commands no other suite runs, each checked for what a person would notice if it broke.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { relayWebviewRequest } from '../../src/extension/reviewPanel';
import { readyApi, sleep, waitUntil } from './helpers';

/** The engine processes serving this database (Linux: from /proc), by pid. */
function enginesOn(enginePath: string, db: string): number[] {
  const pids: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let argv: string[];
    try { argv = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0'); } catch { continue; }
    if (argv.includes(enginePath) && argv[argv.indexOf('--db') + 1] === db) pids.push(Number(d));
  }
  return pids;
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

describe('Commands of the palette', function () {
  this.timeout(120_000);

  it('Restart Engine: a new engine process answers, the old one is gone, and requests made during the restart start no second one', async () => {
    const a = await readyApi();
    const old = a.engine.pid!;
    assert.ok(old);
    // A request at the moment the old process is stopping (the tree, the panel and the backend poll ask at any time).
    const during = new Promise<unknown>((resolve, reject) => {
      const sub = a.engine.onDidChangeState((s) => {
        if (s === 'stopped') { sub.dispose(); a.engine.request('datasets/list', {}).then(resolve, reject); }
      });
    });
    await vscode.commands.executeCommand('distillery.restartEngine');
    assert.ok(Array.isArray(await during), 'the request made during the restart answers');
    await a.engine.whenReady(30_000);
    const pid = a.engine.pid!;
    assert.notEqual(pid, old, 'a new process');
    await waitUntil(() => !alive(old), 'the old engine process to be gone', 10_000);
    // Twice at once (a double click): one restart, one process.
    await Promise.all([vscode.commands.executeCommand('distillery.restartEngine'), vscode.commands.executeCommand('distillery.restartEngine')]);
    await a.engine.whenReady(30_000);
    assert.notEqual(a.engine.pid, pid);
    if (process.platform === 'linux') {
      await sleep(1500); // a stray launch would have spawned by now
      assert.deepEqual(enginesOn(a.config.enginePath, a.engine.dbPath!), [a.engine.pid], 'exactly one engine process on the database');
    }
    // What a person looks at next answers: the data sets, the review panel's list (its relay), the status bar.
    assert.ok(Array.isArray(await a.engine.request('datasets/list', {})));
    const r = await relayWebviewRequest({ engine: a.engine, log: a.log }, 'review/list', { filter: {} });
    assert.equal(r.error, undefined);
    assert.equal(typeof (r.result as { total: number }).total, 'number');
    assert.equal(a.statusBar.text, '$(database) Distillery');
    assert.equal((await a.engine.request('engine/ping', {})).pid, a.engine.pid);
  });
});
