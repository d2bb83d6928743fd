// Generate Traces from the editor: a selection's context menu carries it, and the command runs `distillery
// generate` as a task against a backend (here the replay server); the review list then shows the run's traces.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startReplayServer } from '../../src/core/replay/server';
import { REVIEW_VIEW_TYPE } from '../../src/extension/reviewPanel';
import { extension, packageJson, readyApi, waitUntil } from './helpers';

describe('Generate Traces', function () {
  this.timeout(240_000);

  it('generates traces for a selection as a task; the review list shows them under the run', async () => {
    const a = await readyApi();
    const menu = packageJson().contributes.menus['view/item/context'] as { command: string; when: string }[];
    assert.ok(menu.some((m) => m.command === 'distillery.generateTraces' && m.when.includes('viewItem == distillery.selection')), "Generate Traces… in a selection's context menu");
    assert.ok((await vscode.commands.getCommands(true)).includes('distillery.generateTraces'));
    const selections = (await a.engine.request('selections/list', {})).filter((s) => s.count > 0);
    assert.ok(selections.length, 'an earlier suite made a selection');
    const sel = selections[0];
    const server = await startReplayServer({ traces: path.join(extension().extensionPath, 'samples', 'math500.jsonl') });
    try {
      const run = await vscode.commands.executeCommand<string | undefined>('distillery.generateTraces',
        { selection: `${sel.name}@${sel.version}`, backend: server.url, model: server.model, samples: 2, run: 'gen-host', review: false });
      assert.equal(run, 'gen-host');
      const list = await a.engine.request('review/list', { filter: { run: 'gen-host' }, limit: 50 });
      assert.equal(list.total, sel.count, 'every question of the selection has the run\'s traces');
      const detail = await a.engine.request('review/get', { id: list.rows[0].id });
      assert.equal(detail?.traces.filter((t) => t.producer === server.model).length, 2, 'two traces per question, by the teacher');
    } finally {
      await server.close();
    }
  });

  it('opens the review panel on the run without asking which data set (there are several)', async () => {
    const a = await readyApi();
    assert.ok((await a.engine.request('datasets/list', {})).length > 1, 'several data sets: the palette\'s Review Dataset would ask');
    const sel = (await a.engine.request('selections/list', {})).filter((s) => s.count > 0)[0];
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const server = await startReplayServer({ traces: path.join(extension().extensionPath, 'samples', 'math500.jsonl') });
    try {
      const run = await vscode.commands.executeCommand<string | undefined>('distillery.generateTraces',
        { selection: `${sel.name}@${sel.version}`, backend: server.url, model: server.model, samples: 1, run: 'gen-host-review' });
      assert.equal(run, 'gen-host-review');
      // A question put to the person ("Review which data set?") would hold the panel back.
      await waitUntil(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(REVIEW_VIEW_TYPE)), 'the review panel', 10_000);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await server.close();
    }
  });
});
