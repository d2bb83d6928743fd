// A mix in the editor: `distillery mix` (a CLI task writing the same database) combines selections of two data
// sets; the Datasets tree lists it under Selections with both data sets, and its item opens the review panel,
// whose list then holds samples of both.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DatasetsNode, ListedSelectionNode } from '../../src/extension/datasetsView';
import { REVIEW_VIEW_TYPE } from '../../src/extension/reviewPanel';
import { cli, extension, readyApi, sampleFile, waitUntil } from './helpers';

describe('Mix', function () {
  this.timeout(120_000);

  it('a mixed selection shows in the tree with the data sets it spans and opens in the review panel', async () => {
    const a = await readyApi();
    const db = a.config.databasePath;
    cli(['--db', db, 'import', sampleFile(), '--dataset', 'mix-s1k', '--preset', 'auto']);
    cli(['--db', db, 'import', path.join(extension().extensionPath, 'samples', 'aime24.jsonl'), '--dataset', 'mix-aime', '--preset', 'auto']);
    await a.engine.request('review/saveSelection', { name: 'mix-s1k-all', filter: { dataset: 'mix-s1k' } });
    await a.engine.request('review/saveSelection', { name: 'mix-aime-all', filter: { dataset: 'mix-aime' } });
    const r = cli<{ selection: string; selected: number }>(['--db', db, 'mix', '--from', 'mix-s1k-all:2', 'mix-aime-all:3', '--seed', '42', '--name', 'host-mix']);
    assert.equal(r.selected, 5);

    const node = await waitUntil(async () => {
      const group = (await a.datasets.getChildren()).find((n) => n.kind === 'selections');
      if (!group) return undefined;
      return (await a.datasets.getChildren(group)).find((n): n is ListedSelectionNode => n.kind === 'listedSelection' && n.selection === r.selection);
    }, 'the tree to list the mix under Selections');
    assert.deepEqual([...node.datasets], ['mix-aime', 'mix-s1k']);
    const item = a.datasets.getTreeItem(node as DatasetsNode);
    assert.match(String(item.description), /^5 samples · mix-aime, mix-s1k$/);
    assert.deepEqual(item.command?.arguments, [{ selection: r.selection }], 'a mix opens without a data set');

    await vscode.commands.executeCommand(item.command!.command, ...item.command!.arguments!);
    await waitUntil(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(REVIEW_VIEW_TYPE)), 'the review panel');
    const list = await a.engine.request('review/list', { filter: { selection: r.selection } });
    assert.equal(list.total, 5);
    const datasets = await Promise.all(list.rows.map(async (row) => (await a.engine.request('review/get', { id: row.id }))!.dataset));
    assert.deepEqual(datasets.filter((d) => d === 'mix-s1k').length, 2);
    assert.deepEqual(datasets.filter((d) => d === 'mix-aime').length, 3);
  });
});
