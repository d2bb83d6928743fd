// Training from the editor, against the test double test/fixtures/train/fake-hf-trainer.mjs (named as the
// config's launcherPath: it prints real Hugging Face Trainer lines and writes trainer_state.json and checkpoint
// folders, training nothing): a dry run, a run whose loss curve reaches the database and the status bar, its
// checkpoints in the Models view, then Serve with vLLM with Distillery's replay server standing in for vLLM
// (labelled: it serves recorded traces) and Evaluate through the evaluation flow.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EvalOutcome } from '../../src/extension/evaluation';
import { extension, nodeExe, packageJson, readyApi, workspaceFolder } from './helpers';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
  });
}

describe('Training, Models, Serve and Evaluate', function () {
  this.timeout(240_000);
  let serveTask: vscode.Task | undefined;
  after(() => {
    for (const e of vscode.tasks.taskExecutions) if (e.task === serveTask || e.task.name === serveTask?.name) e.terminate();
  });

  it('Train… runs a config as a task (dry run, then a run followed to its loss), and the checkpoints appear in the Models view', async () => {
    const a = await readyApi();
    const sels = await a.engine.request('selections/list', {});
    assert.ok(sels.length, 'the curation suite saved a selection');
    const root = extension().extensionPath;
    const dir = path.join(workspaceFolder(), "train runs", "host's");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'host-trl.train.json');
    fs.writeFileSync(file, JSON.stringify({
      name: 'host-trl', selection: `${sels[0].name}@${sels[0].version}`, trainer: 'trl', epochs: 2, runDir: 'run',
      launcherPath: path.join(root, 'test', 'fixtures', 'train', 'fake-hf-trainer.mjs'),
    }, null, 2));
    assert.ok((await vscode.commands.getCommands(true)).includes('distillery.train'));

    const dry = await a.train.run({ config: file, dryRun: true });
    assert.equal(dry?.exitCode, 0);
    const command = JSON.parse(fs.readFileSync(path.join(dir, 'run', 'command.json'), 'utf8')) as { argv: string[]; block_size: number };
    assert.deepEqual(command.argv.slice(1, 4), ['launch', '--config_file', path.join(dir, 'run', 'fsdp.yaml')]);
    assert.ok(command.block_size > 0);
    assert.ok(!fs.existsSync(path.join(dir, 'run', 'output')), 'a dry run starts nothing');

    const done = await a.train.run({ config: file, dryRun: false });
    assert.equal(done?.exitCode, 0);
    assert.deepEqual(done.metrics?.points.map((p) => p.step), [1, 2, 3, 4], 'the loss curve, step by step');
    assert.equal(done.metrics?.status, 'done');
    assert.match(a.train.statusText, /host-trl: loss 0\.4915 at step 4/);

    const menu = packageJson().contributes.menus['view/item/context'] as { command: string; when: string; group?: string }[];
    for (const c of ['distillery.serveModel', 'distillery.evaluateModel']) assert.ok(menu.some((m) => m.command === c && m.when.includes('viewItem == distillery.checkpoint')), c);
    assert.ok(packageJson().contributes.views.distillery.some((v) => v.id === 'distillery.models'));
    const runs = await a.models.getChildren();
    const run = runs.find((n) => n.kind === 'trainRun' && n.run.name === 'host-trl');
    assert.ok(run, 'the run in the Models view');
    assert.match(String(a.models.getTreeItem(run).description), /done · 4 steps · loss 0\.4915/);
    const cps = await a.models.getChildren(run);
    assert.deepEqual(cps.map((n) => (n.kind === 'checkpoint' ? [n.checkpoint.step, n.checkpoint.final] : null)), [[4, true], [4, false], [2, false]]);
    const item = a.models.getTreeItem(cps[0]);
    assert.equal(item.label, 'final model');
    assert.equal(item.contextValue, 'distillery.checkpoint');
  });

  it('Serve with vLLM (the replay server standing in for vLLM) shows in the status bar; Evaluate runs the evaluation flow against it', async () => {
    const a = await readyApi();
    const run = (await a.engine.request('train/models', {})).find((r) => r.name === 'host-trl');
    assert.ok(run);
    const checkpoint = run.checkpoints.find((c) => c.final)!;
    const port = await freePort();
    const root = extension().extensionPath;
    const served = await a.serve.serve({
      run, checkpoint, port, waitMs: 60_000,
      program: { command: nodeExe(), args: [path.join(root, 'out', 'cli.js'), 'serve-replay', '--port', String(port), '--traces', path.join(root, 'samples', 'math500.jsonl'), '--name', 'host-trl'], label: 'replay server standing in for vLLM' },
    });
    serveTask = served?.task;
    assert.equal(served?.up, true);
    assert.equal(served.model, 'replay:host-trl');
    const h = a.evaluation.health.snapshot!;
    assert.equal(h.state, 'up');
    assert.equal(h.replay, true, 'labelled: the status bar says replay, not a model');

    const finished = new Promise<EvalOutcome>((resolve) => { const sub = a.evaluation.onDidFinish((o) => { sub.dispose(); resolve(o); }); });
    const start = await a.serve.evaluate({ run, checkpoint, url: served.url, benchmark: 'math500:2' });
    assert.equal(start.started, true, start.message);
    const config = JSON.parse(fs.readFileSync(start.config!, 'utf8')) as { backend: string; model: string; method: string };
    assert.equal(config.backend, served.url);
    assert.equal(config.model, 'replay:host-trl');
    assert.equal(config.method, 'budget-forcing');
    const outcome = await finished;
    assert.equal(outcome.exitCode, 0, outcome.message);
    assert.equal(outcome.run, 'host-trl-eval');
  });
});
