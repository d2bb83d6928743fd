// One click in the editor: Run Evaluation on a saved config starts a `distillery eval` task against a backend
// (here the replay server, a test server, labelled as such), and its results reach the review requests.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extension, nodeExe, readyApi, waitUntil, workspaceFolder } from './helpers';

describe('Evaluation', function () {
  this.timeout(180_000);
  let replay: ChildProcess | undefined;
  after(() => replay?.kill());

  it('Run Evaluation starts the eval as a task; its results become reviewable traces of the questions', async () => {
    const a = await readyApi();
    const root = extension().extensionPath;
    replay = spawn(nodeExe(), [path.join(root, 'out', 'cli.js'), 'serve-replay', '--port', '0', '--traces', path.join(root, 'samples', 'math500.jsonl'), '--name', 'math500', '--json'],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    const info = await new Promise<{ url: string; model: string }>((resolve, reject) => {
      let buf = '';
      replay!.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        if (buf.includes('\n')) resolve(JSON.parse(buf.split('\n')[0]));
      });
      replay!.once('exit', (code) => reject(new Error(`replay server exited ${code}`)));
    });
    const config = path.join(workspaceFolder(), 'host.eval.json');
    fs.writeFileSync(config, JSON.stringify({ run: 'host-eval', backend: info.url, model: info.model, benchmark: 'math500:3', method: 'truncation', budgets: [100, 'inf'] }));

    const ended = new Promise<number | undefined>((resolve) => {
      const sub = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.name === 'eval host-eval') { sub.dispose(); resolve(e.exitCode); }
      });
    });
    await vscode.commands.executeCommand('distillery.runEvaluation', vscode.Uri.file(config));
    assert.equal(await ended, 0, 'the eval task exited 0');

    const runs = await waitUntil(async () => (await a.engine.request('runs/list', {})).find((r) => r.name === 'host-eval' && r.results === 6), 'run host-eval with 6 results');
    assert.equal(runs.backend, 'replay');
    assert.deepEqual([runs.methods, runs.budgets], [['truncation'], [100, null]]);
    assert.equal((await a.engine.request('review/list', { filter: { run: 'host-eval', budget: 100 } })).total, 3);
    const list = await a.engine.request('review/list', { filter: { run: 'host-eval' } });
    assert.equal(list.total, 3);
    const d = await a.engine.request('review/get', { id: list.rows[0].id });
    assert.deepEqual(d!.traces.map((t) => t.producer).sort(), ['host-eval · truncation · 100', 'host-eval · truncation · inf']);
  });
});
