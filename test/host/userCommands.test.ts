// The palette commands no other suite runs, each checked for what a person would notice if it broke: Restart
// Engine, Set Backend API Key…, Show Backend Details, Start Replay Server, Open Report… and Refresh Models. Runs
// after the evaluation and training suites (file order), on the runs they left. Input boxes, quick picks and
// notifications are answered through the API's `prompts` (src/extension/prompts.ts), as a person would answer them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DistilleryApi } from '../../src/extension/extension';
import type { MessageKind, Prompts } from '../../src/extension/prompts';
import { relayWebviewRequest } from '../../src/extension/reviewPanel';
import type { ImportResult } from '../../src/shared/protocol';
import { readyApi, sampleFile, sleep, waitUntil, workspaceFolder } from './helpers';

/** One question the extension put to the person. */
interface Asked {
  kind: 'inputBox' | 'quickPick' | 'quickPickMany' | MessageKind;
  text: string;
  options?: vscode.InputBoxOptions & vscode.QuickPickOptions;
  items?: (vscode.QuickPickItem & Record<string, unknown>)[];
  actions?: string[];
}

/** Runs fn with `answer` answering every prompt in place of a person; returns fn's result and what was asked. */
async function withAnswers<T>(a: DistilleryApi, answer: (q: Asked) => unknown, fn: () => Thenable<T> | Promise<T>): Promise<{ result: T; asked: Asked[] }> {
  const p = a.prompts as { -readonly [K in keyof Prompts]: Prompts[K] };
  const saved = { ...p };
  const asked: Asked[] = [];
  const ask = (q: Asked) => { asked.push(q); return Promise.resolve(answer(q)); };
  p.inputBox = (options) => ask({ kind: 'inputBox', text: options.title ?? '', options }) as Promise<string | undefined>;
  p.quickPick = (items, options) => ask({ kind: 'quickPick', text: options.title ?? '', options, items: [...items] as Asked['items'] }) as never;
  p.quickPickMany = (items, options) => ask({ kind: 'quickPickMany', text: options.title ?? '', options, items: [...items] as Asked['items'] }) as never;
  p.message = (kind, text, ...actions) => ask({ kind, text, actions }) as Promise<string | undefined>;
  try {
    return { result: await fn(), asked };
  } finally {
    Object.assign(p, saved);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const port = (s.address() as net.AddressInfo).port; s.close(() => resolve(port)); });
  });
}

/** An OpenAI-style GET /v1/models that answers only with this key (any request without key: 401); keeps every Authorization header. */
async function tinyBackend(key: string | undefined, port = 0): Promise<{ port: number; auths: (string | undefined)[]; close: () => Promise<void> }> {
  const auths: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    auths.push(req.headers.authorization);
    if (req.url?.startsWith('/v1/models') && (key === undefined || req.headers.authorization === `Bearer ${key}`)) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'tiny-model', object: 'model', created: 0, owned_by: 'host-test' }] }));
    } else {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'invalid API key', type: 'invalid_request_error' } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    auths,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

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

  it('Set Backend API Key… keeps the key in SecretStorage only, and the next backend check sends it', async () => {
    const a = await readyApi();
    const key = `sk-hostkey-${Date.now().toString(36)}`;
    const b = await tinyBackend(key);
    const url = `http://127.0.0.1:${b.port}/v1`;
    const h = a.evaluation.health;
    try {
      const before = await h.watch(url);
      assert.equal(before.state, 'down', 'without the key the backend refuses');
      assert.match(String(before.lastError), /401/);

      const { asked } = await withAnswers(a, (q) => (q.kind === 'inputBox' ? (q.options?.password ? key : q.options?.value) : undefined),
        () => vscode.commands.executeCommand('distillery.setApiKey'));
      const boxes = asked.filter((q) => q.kind === 'inputBox');
      assert.equal(boxes.length, 2);
      assert.equal(boxes[0].options?.value, url, 'the URL box starts with the backend in the status bar');
      assert.equal(boxes[1].options?.password, true, 'the key is typed into a password box');
      assert.equal(await a.evaluation.apiKeyFor(url), key, 'stored for the backend');
      assert.equal(await a.evaluation.apiKeyFor(`http://127.0.0.1:${b.port}/other/path`), key, 'under its origin');

      // The backend in the status bar is checked again at once, with the key; and so is every check after.
      assert.equal(h.snapshot?.state, 'up', `up with the key (${h.snapshot?.lastError ?? ''})`);
      assert.equal(b.auths.at(-1), `Bearer ${key}`);
      assert.match(h.text, /tiny-model/);
      await h.check();
      assert.equal(b.auths.at(-1), `Bearer ${key}`, 'the next check sends it too');

      // Nowhere else: not in what was shown, not in the settings, not in the output.
      const shown = asked.filter((q) => q.kind !== 'inputBox');
      assert.deepEqual(shown.map((q) => q.text), [`Distillery: API key stored for http://127.0.0.1:${b.port} (in VS Code's secret storage).`]);
      assert.ok(!asked.some((q) => JSON.stringify(q).includes(key)), 'no prompt or message shows the key');
      assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('distillery')).includes(key), 'not in the settings');
      const wsSettings = path.join(workspaceFolder(), '.vscode', 'settings.json');
      assert.ok(!fs.existsSync(wsSettings) || !fs.readFileSync(wsSettings, 'utf8').includes(key), 'not in the workspace settings');
      assert.ok(!h.text.includes(key) && !JSON.stringify(h.snapshot).includes(key), 'not in the status item');
      const logs = await outputLogFiles(a);
      assert.ok(logs.length > 0, 'the output log files were found');
      for (const f of logs) assert.ok(!fs.readFileSync(f, 'utf8').includes(key), `not in ${path.basename(f)}`);

      // An empty key removes it: the next check goes without, and the backend refuses again.
      const removed = await withAnswers(a, (q) => (q.kind === 'inputBox' ? (q.options?.password ? '' : url) : undefined),
        () => vscode.commands.executeCommand('distillery.setApiKey'));
      assert.deepEqual(removed.asked.filter((q) => q.kind === 'info').map((q) => q.text), [`Distillery: API key removed for http://127.0.0.1:${b.port}.`]);
      assert.equal(await a.evaluation.apiKeyFor(url), undefined);
      assert.equal(h.snapshot?.state, 'down');
      assert.notEqual(b.auths.at(-1), `Bearer ${key}`);
    } finally {
      await b.close();
    }
  });

  /** The Distillery output's log files, once a line written now has reached them (the output is written late). */
  async function outputLogFiles(a: DistilleryApi): Promise<string[]> {
    // The extension's log folder (context.logUri) sits in the extension host's logs, beside the output's files.
    const logUri = (a.config as unknown as { context: vscode.ExtensionContext }).context.logUri;
    let root = logUri.fsPath;
    while (path.basename(root) !== 'logs' && path.dirname(root) !== root) root = path.dirname(root);
    if (path.basename(root) !== 'logs') root = path.dirname(logUri.fsPath);
    const marker = `host-test marker ${Date.now()}`;
    a.log.info(marker);
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.log') ? [path.join(d, e.name)] : []);
    await waitUntil(() => walk(root).some((f) => fs.readFileSync(f, 'utf8').includes(marker)), `the output's marker line in a log file under ${root}`, 20_000, 250);
    return walk(root);
  }

  it('Show Backend Details: up with its models, down with the last error and Start Replay Server, and Check Again checks', async () => {
    const a = await readyApi();
    const h = a.evaluation.health;
    let b = await tinyBackend(undefined);
    const port = b.port;
    try {
      // Credentials in a URL are never shown (fetch refuses such a URL: the check says so, without them).
      await h.watch(`http://someone:pw-in-url@127.0.0.1:${port}/v1`);
      const cred = await withAnswers(a, () => undefined, () => vscode.commands.executeCommand('distillery.showBackend'));
      assert.equal(cred.asked[0].items![0].description, `http://127.0.0.1:${port}/v1`);
      assert.ok(!JSON.stringify(cred.asked).includes('pw-in-url'), `the details show no credentials: ${JSON.stringify(cred.asked[0].items)}`);
      assert.ok(!h.text.includes('pw-in-url'));

      await h.watch(`http://127.0.0.1:${port}/v1`);
      assert.equal(h.snapshot?.state, 'up');
      const up = await withAnswers(a, () => undefined, () => vscode.commands.executeCommand('distillery.showBackend'));
      const upPick = up.asked.find((q) => q.kind === 'quickPick')!;
      assert.ok(upPick, 'the details are a quick pick');
      const labels = (q: Asked) => q.items!.map((i) => i.label);
      assert.deepEqual(labels(upPick), ['$(pass) Up', '$(server) Models', '$(history) Last check', 'Actions', '$(refresh) Check Again', '$(beaker) Run Evaluation…', '$(key) Set Backend API Key…', '$(output) Show Output']);
      assert.equal(upPick.items![0].description, `http://127.0.0.1:${port}/v1`);
      assert.equal(upPick.items![1].description, 'tiny-model');
      assert.match(String(upPick.items![2].description), /s ago\)$/);
      assert.equal(h.text, '$(pass) tiny-model');

      await b.close();
      await h.check();
      assert.equal(h.snapshot?.state, 'down');
      assert.equal(h.text, '$(error) backend down');
      // Down: the last error and the replay server offered (a local port); Check Again, once the backend is back, says up.
      let n = 0;
      const down = await withAnswers(a, (q) => {
        if (q.kind !== 'quickPick' || n++ > 0) return undefined;
        return q.items!.find((i) => i.label === '$(refresh) Check Again');
      }, async () => {
        b = await tinyBackend(undefined, port);
        return vscode.commands.executeCommand('distillery.showBackend');
      });
      const [first, again] = down.asked.filter((q) => q.kind === 'quickPick');
      assert.deepEqual(labels(first).slice(0, 3), ['$(error) Down', '$(warning) Last error', '$(history) Last check']);
      assert.match(String(first.items![1].description), /ECONNREFUSED|connection/i);
      const replay = first.items!.find((i) => i.label === '$(play) Start Replay Server');
      assert.equal(replay?.description, `recorded traces on port ${port}`);
      assert.ok(again, 'Check Again shows the details again');
      assert.equal(again.items![0].label, '$(pass) Up', 'checked again: up');
      assert.equal(h.snapshot?.state, 'up');
    } finally {
      await b.close();
    }
  });

  it('Start Replay Server starts a background task labelled replay, and the backend status says replay, not a model', async () => {
    const a = await readyApi();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/v1`;
    let exec: vscode.TaskExecution | undefined;
    try {
      const up = await vscode.commands.executeCommand<boolean>('distillery.startReplayServer', url);
      assert.equal(up, true, 'it answers');
      exec = vscode.tasks.taskExecutions.find((e) => e.task.name === `replay server :${port}`);
      assert.ok(exec, `a task "replay server :${port}" runs (tasks: ${vscode.tasks.taskExecutions.map((e) => e.task.name).join(', ')})`);
      assert.equal(exec.task.isBackground, true);
      assert.equal(exec.task.definition.command, 'serve-replay');
      assert.match(String(exec.task.detail), /recorded traces .* \(not a model\)/);
      const h = a.evaluation.health;
      assert.equal(h.snapshot?.url, url);
      assert.equal(h.snapshot?.state, 'up');
      assert.equal(h.snapshot?.replay, true);
      assert.ok(h.snapshot?.models.every((m) => m.startsWith('replay:')), h.snapshot?.models.join(', '));
      assert.equal(h.text, '$(pass) replay (not a model)');
      const details = await withAnswers(a, () => undefined, () => vscode.commands.executeCommand('distillery.showBackend'));
      assert.match(String(details.asked[0].items![1].detail), /^Replay server: it answers with recorded traces/);

      // A backend elsewhere: the replay server cannot stand in for it, and nothing starts.
      const before = vscode.tasks.taskExecutions.length;
      const remote = await withAnswers(a, () => undefined, () => vscode.commands.executeCommand<boolean>('distillery.startReplayServer', 'https://api.example.com/v1'));
      assert.equal(remote.result, false);
      assert.deepEqual(remote.asked.map((q) => [q.kind, q.text]), [['warning', 'Distillery: the replay server runs on this machine; https://api.example.com/v1 is not a local address.']]);
      assert.equal(vscode.tasks.taskExecutions.length, before);
    } finally {
      if (exec) {
        const ended = new Promise<void>((resolve) => { const sub = vscode.tasks.onDidEndTask((e) => { if (e.execution.task.name === exec!.task.name) { sub.dispose(); resolve(); } }); });
        exec.terminate();
        await Promise.race([ended, sleep(10_000)]);
      }
    }
  });

  it('Open Report… with no evaluation run says so and starts nothing', async () => {
    const a = await readyApi();
    const cfg = vscode.workspace.getConfiguration('distillery');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'distillery-no-runs-'));
    const started: string[] = [];
    const sub = vscode.tasks.onDidStartTask((e) => started.push(e.execution.task.name));
    try {
      await cfg.update('databasePath', path.join(dir, 'empty.db'), vscode.ConfigurationTarget.Global);
      await waitUntil(() => a.engine.state === 'ready' && a.engine.dbPath === path.join(dir, 'empty.db'), 'the engine on an empty database', 30_000);
      assert.deepEqual(await a.engine.request('runs/list', {}), []);
      const { result, asked } = await withAnswers(a, () => undefined, () => vscode.commands.executeCommand('distillery.openReport'));
      assert.equal(result, undefined);
      assert.deepEqual(asked.map((q) => [q.kind, q.text, q.actions]), [['info', 'Distillery: no evaluation run to report on yet. Run an evaluation first.', ['Run Evaluation…']]]);
      assert.deepEqual(started.filter((n) => n.startsWith('report')), [], 'no report task');
    } finally {
      sub.dispose();
      await cfg.update('databasePath', undefined, vscode.ConfigurationTarget.Global);
      await waitUntil(() => a.engine.state === 'ready' && a.engine.dbPath === a.config.databasePath, 'the engine back on the workspace database', 30_000);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Open Report… asks which runs (several may be picked, a replay run says so), writes the report and opens it', async () => {
    const a = await readyApi();
    const runs = await a.engine.request('runs/list', {});
    assert.ok(runs.some((r) => r.name === 'host-eval'), `the evaluation suite's run host-eval (runs: ${runs.map((r) => r.name).join(', ')})`);
    const { result, asked } = await withAnswers(a, (q) => (q.kind === 'quickPickMany' ? q.items!.filter((i) => i.name === 'host-eval') : undefined),
      () => vscode.commands.executeCommand<string | undefined>('distillery.openReport'));
    const pick = asked.find((q) => q.kind === 'quickPickMany');
    assert.ok(pick, 'the runs are offered with several to pick');
    assert.deepEqual(pick.items!.map((i) => i.name).sort(), runs.map((r) => r.name).sort());
    assert.match(String(pick.items!.find((i) => i.name === 'host-eval')!.description), /replay \(not a model\)/);
    assert.deepEqual(asked.filter((q) => q.kind === 'error'), [], 'no error shown');
    const report = path.join(workspaceFolder(), 'reports', 'host-eval', 'report.md');
    assert.equal(result, report);
    assert.match(fs.readFileSync(report, 'utf8'), /host-eval/);
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
    await waitUntil(() => tabs().some((l) => l.includes('report.md')), `a tab showing report.md (tabs: ${tabs().join(', ')})`, 20_000);
  });

  it('the review keys no end-to-end test presses (f, 3 to 9) reach the sample the panel shows, through their commands', async () => {
    const a = await readyApi();
    const cfg = vscode.workspace.getConfiguration('distillery');
    const dataset = 'keys-host';
    await vscode.commands.executeCommand('distillery.importDataset', { files: [sampleFile()], dataset, preset: 'auto' });
    try {
      await cfg.update('review.labels', ['host-ninth'], vscode.ConfigurationTarget.Global); // the ninth label: 9
      await vscode.commands.executeCommand('distillery.reviewDataset', dataset);
      const flagged = async () => (await a.engine.request('review/list', { filter: { dataset, status: 'flagged' } })).rows.map((r) => r.id);
      // f flags the sample shown (no move); the panel acts once it shows one, so ask until it has.
      let ids: number[] = [];
      for (let i = 0; i < 10 && !ids.length; i++) {
        await vscode.commands.executeCommand('distillery.review.flag');
        ids = await waitUntil(async () => { const f = await flagged(); return f.length ? f : null; }, 'a flagged sample', 3000).catch(() => []);
      }
      assert.equal(ids.length, 1, 'f flagged one sample');
      const labels = ['image-reference', 'contamination', 'duplicate', 'truncated', 'language', 'other', 'host-ninth'];
      for (const [i, label] of labels.entries()) {
        await vscode.commands.executeCommand(`distillery.review.label${i + 3}`);
        await waitUntil(async () => (await a.engine.request('review/get', { id: ids[0] }))?.annotations.some((l) => l.label === label && l.origin === 'human'), `label ${i + 3} (${label}) on the sample`, 10_000);
      }
    } finally {
      await cfg.update('review.labels', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('Refresh Models reads the list again: a checkpoint saved since, which the database does not know of, shows up', async () => {
    const a = await readyApi();
    const run = (await a.engine.request('train/models', {})).find((r) => r.name === 'host-trl');
    assert.ok(run, 'the training suite\'s run host-trl');
    const output = run.checkpoints.find((c) => c.final)!.path;
    const saved = path.join(output, 'checkpoint-3');
    // The view reads its list while it is shown.
    await vscode.commands.executeCommand('distillery.models.focus');
    await sleep(1000);
    try {
      fs.mkdirSync(saved);
      fs.writeFileSync(path.join(saved, 'config.json'), '{}');
      fs.writeFileSync(path.join(saved, 'model.safetensors'), '');
      const loaded = new Promise<readonly { name: string; checkpoints: { path: string }[] }[]>((resolve) => {
        const sub = a.models.onDidLoad((runs) => { sub.dispose(); resolve(runs); });
      });
      await vscode.commands.executeCommand('distillery.refreshModels');
      const runs = await Promise.race([loaded, sleep(15_000).then(() => undefined)]);
      assert.ok(runs, 'the view read the list again');
      assert.ok(runs.find((r) => r.name === 'host-trl')?.checkpoints.some((c) => c.path === saved), 'with the new checkpoint');
    } finally {
      fs.rmSync(saved, { recursive: true, force: true });
      await vscode.commands.executeCommand('distillery.refreshModels');
    }
  });
  it('Import of a file no preset fits offers Map Columns…, which asks for the question, answer and thinking columns and imports with them', async () => {
    const a = await readyApi();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'distillery-mapcols-'));
    const file = path.join(dir, 'odd-layout.jsonl');
    fs.writeFileSync(file, ['{"prob": "What is 6 times 7?", "sol": "42", "reasoning": "six sevens are forty-two", "final": "42", "meta": "x"}',
      '{"prob": "What is 2+2?", "sol": "4", "reasoning": "two and two make four", "final": "4", "meta": "y"}', ''].join('\n'));
    const columnFor: Record<string, string> = { question: 'prob', answer: 'sol', thinking: 'reasoning', attempt: 'final' };
    try {
      const { result, asked } = await withAnswers(a, (q) => {
        if (q.kind === 'error') return 'Map Columns…';
        if (q.kind === 'quickPick') {
          const field = String(q.options?.placeHolder ?? '').split(' ')[0];
          return q.items?.find((i) => i.label === columnFor[field]) ?? q.items?.find((i) => i.label === '(none)');
        }
        return undefined;
      }, async () => {
        const r = await vscode.commands.executeCommand<ImportResult | undefined>('distillery.importDataset', { files: [file], dataset: 'host-mapped', preset: 'auto' });
        // The second import (the map's) runs after the notification's answer: wait for its rows.
        await waitUntil(async () => ((await a.engine.request('datasets/list', {})).find((d) => d.name === 'host-mapped')?.samples ?? 0) === 2, 'the mapped import', 30_000);
        return r;
      });
      assert.equal(result?.rows, 0, 'the first import, preset auto, stored nothing');
      assert.deepEqual(result?.errors[0].columns, ['prob', 'sol', 'reasoning', 'final', 'meta'], 'the columns seen come back with the refusal');
      const note = asked.find((q) => q.kind === 'error')!;
      assert.match(note.text, /no preset fits the columns \[prob, sol, reasoning, final, meta\]; choose Map Columns… to say which column is the question/);
      assert.doesNotMatch(note.text, /--map|--preset/, 'no CLI flags in the editor');
      assert.deepEqual(note.actions?.slice(0, 1), ['Map Columns…']);
      // question, gold answer, thinking, then the answer after the thinking (no whole-response question once thinking is named)
      assert.deepEqual(asked.filter((q) => q.kind === 'quickPick').map((q) => String(q.options?.placeHolder).split(' ')[0]), ['question', 'answer', 'thinking', 'attempt']);
      const ds = await a.engine.request('datasets/list', {});
      assert.equal(ds.find((d) => d.name === 'host-mapped')?.traces, 2, 'each row\'s thinking is a trace');
      const list = await a.engine.request('review/list', { filter: { dataset: 'host-mapped' } });
      const first = await a.engine.request('review/get', { id: list.rows[0].id });
      assert.equal(first?.question, 'What is 6 times 7?');
      assert.equal(first?.traces[0].thinking, 'six sevens are forty-two');
    } finally {
      await vscode.commands.executeCommand('distillery.deleteDataset', 'host-mapped', true).then(undefined, () => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
