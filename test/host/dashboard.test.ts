// The runs dashboard inside VS Code: two evaluation runs of AIME24 (the evaluation suite's are MATH500's) against
// the replay server, as CLI processes like an eval task; the engine's dashboard requests (runs with progress,
// metrics, the report's charts, a point's samples, the paired difference); Show Runs Dashboard opens one panel,
// also from a run of the tree; a point's samples open in the review panel; the page may call its read-only
// requests and nothing else.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DASHBOARD_ALLOWED_METHODS } from '../../src/shared/protocol';
import { relayWebviewRequest } from '../../src/extension/reviewPanel';
import { DASHBOARD_VIEW_TYPE } from '../../src/extension/dashboardPanel';
import { cli, extension, nodeExe, readyApi, waitUntil } from './helpers';

const tabsOf = (viewType: string) => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
  .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType));

describe('Runs dashboard', function () {
  this.timeout(180_000);
  let replay: ChildProcess | undefined;
  after(async () => {
    replay?.kill();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  before(async () => {
    const a = await readyApi();
    const root = extension().extensionPath;
    replay = spawn(nodeExe(), [path.join(root, 'out', 'cli.js'), 'serve-replay', '--port', '0', '--traces', path.join(root, 'samples', 'aime24.jsonl'), '--name', 'aime24', '--json'],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    const info = await new Promise<{ url: string; model: string }>((resolve, reject) => {
      let buf = '';
      replay!.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        if (buf.includes('\n')) resolve(JSON.parse(buf.split('\n')[0]));
      });
      replay!.once('exit', (code) => reject(new Error(`replay server exited ${code}`)));
    });
    for (const [run, budgets] of [['dash-a', '100,inf'], ['dash-b', '200,inf']]) {
      cli(['--db', a.engine.dbPath!, 'eval', '--backend', info.url, '--model', info.model, '--benchmark', 'aime24:3', '--method', 'truncation', '--budgets', budgets, '--run', run]);
    }
  });

  it('the engine serves the dashboard: runs with their progress, metrics, the report\'s charts, a point\'s samples, the paired difference', async () => {
    const a = await readyApi();
    const d = await a.engine.request('runs/dashboard', { runs: ['dash-a', 'dash-b'] });
    const runA = d.runs.find((r) => r.name === 'dash-a');
    assert.deepEqual(runA && [runA.kind, runA.status, runA.done, runA.planned, runA.backend], ['eval', 'done', 6, 6, 'replay']);
    assert.deepEqual(d.metrics.map((m) => [m.run, m.rows.map((r) => r.budget)]), [['dash-a', [100, null]], ['dash-b', [200, null]]]);
    const scaling = d.charts.find((c) => c.id === 'scaling');
    assert.ok(scaling, `charts: ${d.charts.map((c) => c.id).join(', ')}`);
    assert.match(JSON.stringify(scaling.spec), /"run":"dash-b","benchmark":"aime24","benchmark_title":"AIME24","method":"truncation"/);

    const point = await a.engine.request('runs/samples', { run: 'dash-a', benchmark: 'aime24', method: 'truncation', budget: 100 });
    assert.deepEqual(point, { filter: { dataset: 'eval:aime24', run: 'dash-a', method: 'truncation', budget: 100 }, samples: 3 });
    assert.equal((await a.engine.request('review/list', { filter: point.filter })).total, 3);

    // Both runs answered the unlimited budget: paired on it; 100 and 200 are each one run's only.
    const c = await a.engine.request('runs/compare', { a: 'dash-a', b: 'dash-b' });
    assert.deepEqual(c.groups.map((g) => [g.benchmark, g.method, g.budget, g.paired]), [['aime24', 'truncation', null, 3]]);
    assert.deepEqual([c.onlyInA, c.onlyInB], [['aime24 · truncation · 100'], ['aime24 · truncation · 200']]);
    await assert.rejects(a.engine.request('runs/compare', { a: 'dash-a', b: 'no-such-run' }), /no evaluation run named 'no-such-run'/);
  });

  it('Show Runs Dashboard opens one dashboard; a run of the Datasets tree reveals it on that run', async () => {
    await readyApi();
    await vscode.commands.executeCommand('distillery.showRunsDashboard');
    await waitUntil(() => tabsOf(DASHBOARD_VIEW_TYPE).length === 1, 'a dashboard tab');
    assert.equal(tabsOf(DASHBOARD_VIEW_TYPE)[0].label, 'Distillery Runs');
    const a = await readyApi();
    const [runNode] = (await a.datasets.getChildren({ kind: 'dataset', dataset: (await a.datasets.list()).find((x) => x.name === 'eval:aime24')! }))
      .filter((n) => n.kind === 'run');
    assert.ok(runNode, 'a run under eval:aime24 in the tree');
    await vscode.commands.executeCommand('distillery.showRunsDashboard', runNode);
    assert.equal(tabsOf(DASHBOARD_VIEW_TYPE).length, 1, 'the same dashboard, revealed');
  });

  it('a point\'s samples open in the review panel (Review Dataset takes the whole filter)', async () => {
    const a = await readyApi();
    const { filter } = await a.engine.request('runs/samples', { run: 'dash-b', benchmark: 'aime24', method: 'truncation', budget: 200 });
    await vscode.commands.executeCommand('distillery.reviewDataset', { filter });
    await waitUntil(() => tabsOf('distillery.review').length === 1, 'a review panel tab');
  });

  it('the page may make its read-only requests and nothing else', async () => {
    const a = await readyApi();
    const ctx = { engine: a.engine, log: a.log };
    assert.ok((await relayWebviewRequest(ctx, 'runs/compare', { a: 'dash-a', b: 'dash-b' }, DASHBOARD_ALLOWED_METHODS)).result);
    const refused = await relayWebviewRequest(ctx, 'review/setStatus', { id: 1, status: 'accepted' }, DASHBOARD_ALLOWED_METHODS);
    assert.match(refused.error ?? '', /may not call review\/setStatus/);
    assert.match((await relayWebviewRequest(ctx, 'runs/dashboard', { runs: [] })).error ?? '', /may not call/, 'nor may the review panel call the dashboard\'s');
  });
});
