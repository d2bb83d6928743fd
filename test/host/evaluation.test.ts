// One click in the editor: Run Evaluation on a saved config starts a `distillery eval` task against a backend
// (here the replay server, a test server, labelled as such), its results reach the review requests, and its end
// brings a notification with the accuracy per budget. A backend that does not answer is said before any task
// starts; a run that fails says why.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EvalOutcome, EvalStart } from '../../src/extension/evaluation';
import { REPLAY_NOTE } from '../../src/extension/evalSummary';
import { extension, nodeExe, readyApi, waitUntil, workspaceFolder } from './helpers';

describe('Evaluation', function () {
  this.timeout(180_000);
  let replay: ChildProcess | undefined;
  let info: { url: string; model: string };
  after(() => replay?.kill());

  /** The next finished-run notification of this run. */
  async function outcomeOf(run: string): Promise<EvalOutcome> {
    const a = await readyApi();
    return new Promise((resolve) => {
      const sub = a.evaluation.onDidFinish((o) => {
        if (o.run === run) { sub.dispose(); resolve(o); }
      });
    });
  }

  it('Run Evaluation starts the eval as a task; its results become reviewable traces of the questions', async () => {
    const a = await readyApi();
    const root = extension().extensionPath;
    replay = spawn(nodeExe(), [path.join(root, 'out', 'cli.js'), 'serve-replay', '--port', '0', '--traces', path.join(root, 'samples', 'math500.jsonl'), '--name', 'math500', '--json'],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    info = await new Promise<{ url: string; model: string }>((resolve, reject) => {
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
    const outcome = outcomeOf('host-eval');
    const start = await vscode.commands.executeCommand<EvalStart>('distillery.runEvaluation', vscode.Uri.file(config));
    assert.deepEqual(start, { started: true, run: 'host-eval' });
    assert.equal(await ended, 0, 'the eval task exited 0');

    const runs = await waitUntil(async () => (await a.engine.request('runs/list', {})).find((r) => r.name === 'host-eval' && r.results === 6), 'run host-eval with 6 results');
    assert.equal(runs.backend, 'replay');
    assert.deepEqual([runs.methods, runs.budgets], [['truncation'], [100, null]]);
    assert.equal((await a.engine.request('review/list', { filter: { run: 'host-eval', budget: 100 } })).total, 3);
    const list = await a.engine.request('review/list', { filter: { run: 'host-eval' } });
    assert.equal(list.total, 3);
    const d = await a.engine.request('review/get', { id: list.rows[0].id });
    assert.deepEqual(d!.traces.map((t) => t.producer).sort(), ['host-eval · truncation · 100', 'host-eval · truncation · inf']);

    // The task's end: a notification with the accuracy per budget, the replay said in a whole sentence, and a
    // button to open the run.
    const o = await outcome;
    assert.equal(o.exitCode, 0);
    assert.match(o.message, /^Distillery: run host-eval finished: accuracy math500, truncation: \d+(\.\d)?% at 100 tokens, \d+(\.\d)?% at no limit \(3 answers each\)\. /);
    assert.ok(o.message.endsWith(REPLAY_NOTE), o.message);
    assert.deepEqual(o.actions, ['Open Run', 'Show Metrics']);
    const metrics = await a.engine.request('runs/metrics', { name: 'host-eval' });
    assert.deepEqual(metrics!.rows.map((r) => r.budget), [100, null]);
    assert.deepEqual(metrics!.datasets, ['eval:math500']);
    // The status item knows the backend is up (and a replay).
    assert.equal(a.evaluation.health.snapshot?.state, 'up');
    assert.equal(a.evaluation.health.snapshot?.replay, true);
  });

  it('with the backend down no task starts: a notification says so, and the status item knows why', async () => {
    const a = await readyApi();
    const config = path.join(workspaceFolder(), 'down.eval.json');
    // Port 9 (discard) on this machine: nothing listens, the connection is refused at once.
    fs.writeFileSync(config, '// a config with comments, as the template writes them\n{ "run": "host-down", "backend": "http://127.0.0.1:9/v1", "model": "m", "benchmark": "math500:1", "method": "none", }\n');
    const started: string[] = [];
    const sub = vscode.tasks.onDidStartTask((e) => started.push(e.execution.task.name));
    const r = await vscode.commands.executeCommand<EvalStart>('distillery.runEvaluation', vscode.Uri.file(config));
    // A key written into the URL: refused in words before any check (fetch would refuse every request), never shown.
    const withKey = path.join(workspaceFolder(), 'key-in-url.eval.json');
    fs.writeFileSync(withKey, '{ "run": "host-key", "backend": "http://user:sk-secretsecret@127.0.0.1:9/v1", "model": "m", "benchmark": "math500:1", "method": "none" }\n');
    const k = await vscode.commands.executeCommand<EvalStart>('distillery.runEvaluation', vscode.Uri.file(withKey));
    sub.dispose();
    assert.equal(r.started, false);
    // Quick: fetch's own refusal is the reason (port 9 is a bad port to fetch), not the check's timeout.
    assert.match(r.message!, /\(connection failed \(bad port\)\)/, `the reason is the connection, not a timeout: ${r.message}`);
    assert.match(r.message!, /^Distillery: the evaluation backend http:\/\/127\.0\.0\.1:9\/v1 does not answer \(.+\), so the run was not started\. .*replay server/);
    assert.equal(k.started, false);
    assert.match(k.message!, /^key-in-url\.eval\.json: 'backend': http:\/\/\*\*\*@127\.0\.0\.1:9\/v1 has a user or password, which is never sent: store the API key with "Distillery: Set Backend API Key…"/);
    assert.doesNotMatch(k.message!, /secretsecret|user:/, 'the URL is shown without its credentials');
    assert.deepEqual(started.filter((n) => n.startsWith('eval')), [], 'no eval task started');
    const h = a.evaluation.health.snapshot!;
    assert.equal(h.state, 'down');
    assert.ok(h.lastError && h.lastCheck, 'the details know the last error and the last check');
  });

  it('a run that fails brings a notification with its error and a button for the task output', async () => {
    const a = await readyApi();
    assert.ok(info, 'the replay server of the first test');
    const config = path.join(workspaceFolder(), 'fails.eval.json');
    fs.writeFileSync(config, JSON.stringify({ run: 'host-fails', backend: info.url, model: info.model, benchmark: 'no-such-file.jsonl', method: 'none' }));
    const outcome = outcomeOf('host-fails');
    const r = await vscode.commands.executeCommand<EvalStart>('distillery.runEvaluation', vscode.Uri.file(config));
    assert.equal(r.started, true);
    const o = await outcome;
    assert.notEqual(o.exitCode, 0);
    assert.match(o.message, /^Distillery: run host-fails failed \(exit \d+\)/);
    assert.deepEqual(o.actions, ['Show Task Output']);
    assert.equal(a.evaluation.health.snapshot?.state, 'up', 'the backend itself was fine');
  });

  it('a run stopped with Terminate Task is said to be stopped, its results kept and resumable, not to have failed', async () => {
    const root = extension().extensionPath;
    // A replay server slow enough (30 ms a token) that the run is still going when it is stopped; the three questions
    // of the first test (the verify suite counts this data set's questions).
    const slow = spawn(nodeExe(), [path.join(root, 'out', 'cli.js'), 'serve-replay', '--port', '0', '--traces', path.join(root, 'samples', 'math500.jsonl'), '--name', 'math500', '--delay-ms-per-token', '30', '--json'],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const s = await new Promise<{ url: string; model: string }>((resolve, reject) => {
        let buf = '';
        slow.stdout!.on('data', (d: Buffer) => {
          buf += d.toString();
          if (buf.includes('\n')) resolve(JSON.parse(buf.split('\n')[0]));
        });
        slow.once('exit', (code) => reject(new Error(`replay server exited ${code}`)));
      });
      const config = path.join(workspaceFolder(), 'stopped.eval.json');
      fs.writeFileSync(config, JSON.stringify({ run: 'host-stopped', backend: s.url, model: s.model, benchmark: 'math500:3', method: 'truncation', budgets: [313], concurrency: 1 }));
      const outcome = outcomeOf('host-stopped');
      const r = await vscode.commands.executeCommand<EvalStart>('distillery.runEvaluation', vscode.Uri.file(config));
      assert.equal(r.started, true);
      const exec = await waitUntil(async () => vscode.tasks.taskExecutions.find((e) => e.task.name === 'eval host-stopped'), 'the eval task running');
      await new Promise((res) => setTimeout(res, 1500));
      exec.terminate();
      const o = await outcome;
      assert.match(o.message, /^Distillery: run host-stopped was stopped before it finished; its results so far are kept, and running the same config again resumes it\.$/);
      assert.doesNotMatch(o.message, /failed/);
      assert.deepEqual(o.actions, ['Show Task Output']);
    } finally {
      slow.kill();
    }
  });
});
