// Verify Traces… and Compare Teachers… from the editor: two teachers (replay servers) generate for a selection of
// MATH500 questions (by the CLI), Verify Traces… runs `distillery verify` as a task and reports the verdicts it wrote (visible
// through the engine as verifier annotations), the runs are listed under their data set with their context
// actions, and Compare Teachers… opens the dashboard on figures equal to `distillery teachers --json`.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { startReplayServer } from '../../src/core/replay/server';
import type { GenerationNode } from '../../src/extension/datasetsView';
import { DASHBOARD_VIEW_TYPE } from '../../src/extension/dashboardPanel';
import { cli, extension, nodeExe, packageJson, readyApi, waitUntil } from './helpers';

const SELECTION = 'verify-host';

/** The CLI without blocking the extension host (the replay servers answer from it). Generate Traces… has its own suite. */
async function cliAsync(args: string[]): Promise<void> {
  await promisify(execFile)(nodeExe(), [path.join(extension().extensionPath, 'out', 'cli.js'), ...args], { timeout: 120_000 });
}

describe('Verify Traces and Compare Teachers', function () {
  this.timeout(300_000);

  before(async () => {
    const a = await readyApi();
    // The evaluation suite's three MATH500 questions (with their gold answers) as a selection.
    const sel = await a.engine.request('review/saveSelection', { name: SELECTION, filter: { dataset: 'eval:math500' } });
    assert.ok(sel.count > 0, 'the evaluation suite imported MATH500 questions');
    const traces = path.join(extension().extensionPath, 'samples', 'math500.jsonl');
    for (const [run, name, samples] of [['teach-a', 'teacher-a', 2], ['teach-b', 'teacher-b', 1]] as const) {
      const server = await startReplayServer({ traces, name });
      try {
        await cliAsync(['generate', '--db', a.config.databasePath, '--backend', server.url, '--model', server.model, '--selection', `${SELECTION}@${sel.version}`,
          '--samples', String(samples), '--run', run]);
      } finally {
        await server.close();
      }
    }
  });

  it('verifies a run by maths as a task: the message counts the verdicts, which the engine shows as verifier annotations', async () => {
    const a = await readyApi();
    const menu = packageJson().contributes.menus['view/item/context'] as { command: string; when: string }[];
    for (const item of ['distillery.generation', 'distillery.selection', 'distillery.dataset']) {
      assert.ok(menu.some((m) => m.command === 'distillery.verifyTraces' && m.when.includes(`viewItem == ${item}`)), `Verify Traces… on ${item}`);
    }
    const msg = await vscode.commands.executeCommand<{ text: string; warn: boolean } | undefined>('distillery.verifyTraces', { run: 'teach-a', kind: 'math' });
    assert.ok(msg, 'the task succeeded');
    const s = await a.engine.request('verify/summary', { run: 'teach-a' });
    assert.equal(s.traces, 6, 'three questions, two traces each');
    assert.equal(s.unverified, 0, 'every trace has its verdict');
    assert.ok(s.verified > 0, 'the recorded solutions verify against their gold answers');
    assert.ok(msg.text.startsWith(`run teach-a: ${s.verified} verified, ${s.failed} failed, ${s.errors} could not be verified (of 6 traces).`), msg.text);
    // The annotations by the contract, through the engine the review panel reads.
    const list = await a.engine.request('review/list', { filter: { run: 'teach-a', origin: 'verifier', label: 'verified' } });
    assert.ok(list.total > 0, 'the panel can filter to verified traces');
    const detail = await a.engine.request('review/get', { id: list.rows[0].id });
    const verdicts = detail!.annotations.filter((x) => x.origin === 'verifier:math');
    assert.ok(verdicts.some((x) => x.label === 'verified' && x.traceId !== null), 'a verified trace of the sample');
    assert.ok((await a.engine.request('review/labels', { dataset: 'eval:math500' })).includes('verified'), 'the label filter offers it');
  });

  it('lists the generation runs under their data set, with Open in Review Panel, Verify Traces… and Compare Teachers…', async () => {
    const a = await readyApi();
    const ds = (await a.datasets.list()).find((d) => d.name === 'eval:math500');
    assert.ok(ds);
    const children = await a.datasets.getChildren({ kind: 'dataset', dataset: ds });
    const gens = children.filter((c): c is GenerationNode => c.kind === 'generation');
    assert.deepEqual(gens.map((g) => g.run), ['teach-b', 'teach-a'], 'newest first');
    const item = a.datasets.getTreeItem(gens[1]);
    assert.equal(item.contextValue, 'distillery.generation');
    assert.match(String(item.description), /^done · 6 traces · \d+ verified$/);
    assert.equal(item.command?.command, 'distillery.reviewDataset');
    const menu = packageJson().contributes.menus['view/item/context'] as { command: string; when: string }[];
    // Its menu opens the panel through Review Run (a run's own title; the same panel as Review Dataset).
    for (const c of ['distillery.reviewRun', 'distillery.verifyTraces', 'distillery.compareTeachers']) {
      assert.ok(menu.some((m) => m.command === c && m.when.includes('viewItem == distillery.generation')), `${c} on a generation run`);
    }
  });

  it('Compare Teachers opens the dashboard on the figures of distillery teachers --json', async () => {
    const a = await readyApi();
    await cliAsync(['verify', '--db', a.config.databasePath, '--run', 'teach-b', '--kind', 'math']);
    const runs = await vscode.commands.executeCommand<string[] | undefined>('distillery.compareTeachers', { runs: ['teach-a', 'teach-b'] });
    assert.deepEqual(runs, ['teach-a', 'teach-b']);
    await waitUntil(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(DASHBOARD_VIEW_TYPE)), 'the runs dashboard open');
    const { charts, ...view } = await a.engine.request('runs/teachers', { runs: ['teach-a', 'teach-b'] });
    const fromCli = cli(['--db', a.config.databasePath, 'teachers', '--run', 'teach-a,teach-b']);
    assert.deepEqual(view, fromCli);
    assert.deepEqual(view.teachers.map((t) => [t.teacher, t.traces]), [['replay:teacher-a', 6], ['replay:teacher-b', 3]]);
    assert.equal(charts.length, 1, 'the thinking-length chart');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
