import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { REVIEW_VIEW_TYPE, TRACE_SCHEME } from '../../src/extension/reviewPanel';
import type { DatasetsNode } from '../../src/extension/datasetsView';
import { packageJson, readyApi, sampleFile, waitUntil } from './helpers';

describe('Review', () => {
  it('the engine serves the review requests: list, get, status, labels', async () => {
    const a = await readyApi();
    await vscode.commands.executeCommand('distillery.importDataset', { files: [sampleFile()], dataset: 'review-host', preset: 'auto' });
    const list = await a.engine.request('review/list', { filter: { dataset: 'review-host' } });
    assert.equal(list.total, 5);
    const id = list.rows[0].id;
    const detail = await a.engine.request('review/get', { id });
    assert.ok(detail && detail.traces.length === 1 && detail.traces[0].thinking.length > 1000);
    assert.deepEqual(await a.engine.request('review/setStatus', { id, status: 'flagged' }), { previous: 'unreviewed' });
    assert.deepEqual(await a.engine.request('review/toggleLabel', { sampleId: id, label: 'truncated' }), { set: true });
    const flagged = await a.engine.request('review/list', { filter: { dataset: 'review-host', status: 'flagged', label: 'truncated' } });
    assert.deepEqual(flagged.rows.map((r) => r.id), [id]);
    // The label filter's choices: every label in the data set (a detector's would be listed the same way).
    assert.ok((await a.engine.request('review/labels', { dataset: 'review-host' })).includes('truncated'));
  });

  it('accepting or rejecting moves on to the next sample unless distillery.review.advanceAfterDecision is off', () => {
    const setting = vscode.workspace.getConfiguration('distillery').inspect<boolean>('review.advanceAfterDecision');
    assert.equal(setting?.defaultValue, true);
  });

  it('Distillery: Review Dataset opens one review panel on the data set', async () => {
    await readyApi();
    await vscode.commands.executeCommand('distillery.reviewDataset', 'review-host');
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(REVIEW_VIEW_TYPE));
    await waitUntil(() => tabs().length === 1, 'a review panel tab');
    await vscode.commands.executeCommand('distillery.reviewDataset', 'review-host');
    assert.equal(tabs().length, 1, 'a second call reveals the same panel');
  });

  it('a trace opens as a read-only virtual document for the diff editor', async () => {
    const a = await readyApi();
    const list = await a.engine.request('review/list', { filter: { dataset: 'review-host' } });
    const detail = await a.engine.request('review/get', { id: list.rows[1].id });
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: TRACE_SCHEME, path: `/trace-${detail!.traces[0].id}.md` }));
    assert.ok(doc.getText().includes(detail!.traces[0].thinking.slice(0, 200)));
    assert.match(doc.getText(), /## Answer/);
  });
});

describe('Review of a run given alone', () => {
  // Generate Traces opens the panel on its run with { run } only (and so does its "Review Traces"): that asked
  // "Review which data set?" and, answered with another data set, showed 0 samples (walk of the editor).
  it('opens the panel on the run without asking for a data set', async () => {
    const a = await readyApi();
    assert.ok((await a.engine.request('datasets/list', {})).length > 1, 'more than one data set, so the palette would ask');
    const opened = vscode.commands.executeCommand('distillery.reviewDataset', { run: 'no-such-generation-run' }).then(() => true);
    const asked = await Promise.race([opened, new Promise<false>((r) => setTimeout(() => r(false), 10_000))]);
    if (!asked) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.ok(asked, 'the command returned without a question');
    await waitUntil(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(REVIEW_VIEW_TYPE)), 'a review panel tab');
  });
});

describe('Review of a selection', () => {
  // A selection's menu item that opens the panel read "Review Dataset" (walk of the editor): a selection has its own.
  it("a selection's menu reads Review Selection and opens the panel on the selection", async () => {
    const a = await readyApi();
    const pkg = packageJson();
    const title = (id: string) => pkg.contributes.commands.find((c) => c.command === id)?.title;
    const menu = pkg.contributes.menus['view/item/context'] as { command: string; when: string; group?: string }[];
    const onSelection = menu.filter((m) => m.when.includes('viewItem == distillery.selection'));
    assert.deepEqual(onSelection.filter((m) => /^Review /.test(title(m.command) ?? '')).map((m) => [title(m.command), m.group]),
      [['Review Selection', 'inline'], ['Review Selection', '1_open@1']], 'the inline button and the menu item');
    assert.ok(!onSelection.some((m) => title(m.command) === 'Review Dataset'), 'no Review Dataset on a selection');
    assert.ok(menu.some((m) => title(m.command) === 'Review Dataset' && m.when.includes('viewItem == distillery.dataset')), 'a data set keeps its Review Dataset');
    // Likewise an evaluation run's and a generation run's items read Review Run, and that command is not in the palette
    // (without a run it has nothing to open).
    for (const item of ['distillery.run', 'distillery.generation']) {
      const on = menu.filter((m) => m.when.includes(`viewItem == ${item}`) && /^Review /.test(title(m.command) ?? ''));
      assert.deepEqual(on.map((m) => title(m.command)), ['Review Run', 'Review Run'], `${item}: the inline button and the menu item`);
    }
    assert.ok((pkg.contributes.menus.commandPalette as { command: string; when: string }[]).some((m) => m.command === 'distillery.reviewRun' && m.when === 'false'));

    // The command on the tree's node of a one-sample selection (not the data set's first sample): the panel shows it.
    const dataset = 'review-selection-host';
    await vscode.commands.executeCommand('distillery.importDataset', { files: [sampleFile()], dataset, preset: 'auto' });
    const rows = (await a.engine.request('review/list', { filter: { dataset } })).rows;
    const picked = rows[2].id;
    await a.engine.request('review/saveSelection', { name: 'review-selection-pick', filter: { dataset, ids: [picked] } });
    const node = await waitUntil(async () => {
      const ds = (await a.datasets.getChildren()).find((n) => n.kind === 'dataset' && n.dataset.name === dataset);
      return ds && (await a.datasets.getChildren(ds)).find((n): n is Extract<DatasetsNode, { kind: 'selection' }> => n.kind === 'selection');
    }, 'the selection in the tree');
    assert.equal(a.datasets.getTreeItem(node).contextValue, 'distillery.selection', 'the menu entries above apply to it');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const onSelectionCommand = onSelection.find((m) => m.group === '1_open@1')!.command;
    await vscode.commands.executeCommand(onSelectionCommand, node);
    await waitUntil(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(REVIEW_VIEW_TYPE)), 'a review panel tab');
    // f flags the sample the panel shows (it acts once it shows one, so ask until it has): the selection's one.
    const flagged = async () => (await a.engine.request('review/list', { filter: { dataset, status: 'flagged' } })).rows.map((r) => r.id);
    let ids: number[] = [];
    for (let i = 0; i < 10 && !ids.length; i++) {
      await vscode.commands.executeCommand('distillery.review.flag');
      ids = await waitUntil(async () => { const f = await flagged(); return f.length ? f : null; }, 'a flagged sample', 3000).catch(() => []);
    }
    assert.deepEqual(ids, [picked], `the panel showed the selection's sample ${picked}, not the data set's first (${rows[0].id})`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
