import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { taskArgv, validateTaskDefinition } from '../../src/extension/taskArgs';
import { readyApi, sampleFile, waitUntil, workspaceFolder } from './helpers';

function runTask(task: vscode.Task, timeoutMs = 60_000): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`task "${task.name}" did not end within ${timeoutMs} ms`)), timeoutMs);
    let exec: vscode.TaskExecution | undefined;
    const sub = vscode.tasks.onDidEndTaskProcess((e) => {
      if (exec && e.execution !== exec && e.execution.task.name !== task.name) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e.exitCode);
    });
    vscode.tasks.executeTask(task).then((x) => (exec = x), (e: unknown) => {
      clearTimeout(timer);
      sub.dispose();
      reject(e);
    });
  });
}

describe('Tasks', () => {
  it('the definition → argv part is pure: cli, command, --db, args', () => {
    const ctx = { cliPath: '/ext/out/cli.js', dbPath: '/ws/.distillery/distillery.db' };
    assert.deepEqual(taskArgv({ type: 'distillery', command: 'stats' }, ctx), ['/ext/out/cli.js', 'stats', '--db', '/ws/.distillery/distillery.db']);
    assert.deepEqual(taskArgv({ type: 'distillery', command: 'import', args: ['a.jsonl', '--db', 'x.db'] }, ctx), ['/ext/out/cli.js', 'import', 'a.jsonl', '--db', 'x.db']);
    assert.throws(() => validateTaskDefinition({ type: 'distillery' }), /command/);
    assert.throws(() => validateTaskDefinition({ type: 'distillery', command: 'stats', args: [1] }), /args/);
  });

  it('the task provider lists distillery tasks', async () => {
    await readyApi();
    const tasks = await vscode.tasks.fetchTasks({ type: 'distillery' });
    const names = tasks.map((t) => t.name);
    assert.ok(names.includes('stats'), `tasks: ${names.join(', ')}`);
    assert.ok(names.includes('import sample data'), `tasks: ${names.join(', ')}`);
    for (const t of tasks) {
      assert.equal(t.definition.type, 'distillery');
      assert.ok(t.execution instanceof vscode.ProcessExecution, 'runs the CLI as a ProcessExecution');
    }
  });

  it('resolveTask rebuilds the execution from a tasks.json definition', async () => {
    const a = await readyApi();
    const def = { type: 'distillery', command: 'stats', args: ['--dataset', 'x'] };
    const resolved = await a.tasks.resolveTask(new vscode.Task(def, vscode.TaskScope.Workspace, 'from tasks.json', 'distillery'));
    assert.ok(resolved);
    const exec = resolved.execution as vscode.ProcessExecution;
    assert.deepEqual(exec.args, [a.config.cliPath, 'stats', '--db', a.config.databasePath, '--dataset', 'x']);
    assert.equal(resolved.definition, def, 'keeps the definition object');
  });

  it('a task with a --backend gets the API key stored for it in its environment, never in its arguments (Run Task, tasks.json)', async () => {
    const a = await readyApi();
    const backend = 'http://127.0.0.1:59997/v1';
    // Set Backend API Key…, answered as a person would (URL, then key), as userCommands.test.ts does
    const setKey = async (key: string) => {
      const p = a.prompts as { inputBox: typeof a.prompts.inputBox; message: typeof a.prompts.message };
      const saved = { inputBox: p.inputBox, message: p.message };
      const answers = [backend, key];
      p.inputBox = async () => answers.shift();
      p.message = async () => undefined;
      try { await vscode.commands.executeCommand('distillery.setApiKey'); } finally { Object.assign(p, saved); }
    };
    await setKey('sk-task-key-123');
    try {
      for (const args of [['--backend', backend, '--model', 'm', '--benchmark', 'math500:1', '--method', 'none', '--run', 'k'], [`--backend=${backend}`]]) {
        const def = { type: 'distillery', command: 'eval', args };
        const t = await a.tasks.resolveTask(new vscode.Task(def, vscode.TaskScope.Workspace, 'eval (test)', 'distillery'));
        const exec = t!.execution as vscode.ProcessExecution;
        assert.equal(exec.options?.env?.DISTILLERY_API_KEY, 'sk-task-key-123', `the key is in the environment: ${args[0]}`);
        assert.ok(!exec.args.some((x) => x.includes('sk-task-key-123')), 'and not in the arguments');
      }
      // an *.eval.json's task in Run Task's list too
      const config = path.join(workspaceFolder(), 'keyed.eval.json');
      fs.writeFileSync(config, JSON.stringify({ run: 'keyed', backend, model: 'm', benchmark: 'math500:1', method: 'none' }));
      const listed = (await a.tasks.provideTasks()).find((x) => x.name === 'eval keyed');
      assert.equal((listed?.execution as vscode.ProcessExecution | undefined)?.options?.env?.DISTILLERY_API_KEY, 'sk-task-key-123');
      fs.rmSync(config);
      // another backend's task gets no key
      const other = await a.tasks.resolveTask(new vscode.Task({ type: 'distillery', command: 'eval', args: ['--backend', 'http://127.0.0.1:59996/v1'] }, vscode.TaskScope.Workspace, 'eval (other)', 'distillery'));
      assert.equal((other!.execution as vscode.ProcessExecution).options?.env?.DISTILLERY_API_KEY, undefined);
    } finally {
      await setKey('');
    }
  });

  it('the stats task runs the CLI in a terminal and exits 0', async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: 'distillery' });
    const stats = tasks.find((t) => t.name === 'stats');
    assert.ok(stats);
    assert.equal(await runTask(stats), 0);
  });

  it('a CLI import task writes the database from another process and the Datasets tree refreshes', async () => {
    const a = await readyApi();
    const dataset = 'host-task-import';
    // Show the view, so that VS Code asks the tree for its children again after a refresh.
    await vscode.commands.executeCommand('distillery.datasets.focus');
    a.datasets.lastRefreshReason = undefined;
    const loaded = new Promise<void>((resolve) => {
      const sub = a.datasets.onDidLoad((ds) => {
        if (ds.some((d) => d.name === dataset)) {
          sub.dispose();
          resolve();
        }
      });
    });
    const def = { type: 'distillery', command: 'import', args: [sampleFile(), '--dataset', dataset, '--preset', 'auto'] };
    const task = await a.tasks.resolveTask(new vscode.Task(def, vscode.TaskScope.Workspace, 'import (test)', 'distillery'));
    assert.ok(task);
    assert.equal(await runTask(task), 0);
    // Nothing told the engine: only the file watcher on the database can trigger this refresh.
    await Promise.race([loaded, new Promise((_, rej) => setTimeout(() => rej(new Error('the tree did not refresh after the CLI wrote the database')), 20_000))]);
    assert.match(String(a.datasets.lastRefreshReason), /^file changed/);
    const roots = await a.datasets.getChildren();
    assert.ok(roots.some((n) => n.kind === 'dataset' && n.dataset.name === dataset && n.dataset.samples === 5));
  });

  it('waits for nothing left running', async () => {
    await waitUntil(() => vscode.tasks.taskExecutions.length === 0, 'tasks to end', 10_000);
  });
});
