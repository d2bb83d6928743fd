// Export from the editor: the tree's selection items carry `Export Selection…`, and the command runs
// `distillery export` as a task that writes the data, manifest.json and the dataset card beside it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DatasetsNode } from '../../src/extension/datasetsView';
import { packageJson, readyApi, workspaceFolder } from './helpers';

describe('Export', function () {
  this.timeout(180_000);

  it('a curated selection in the tree exports for TRL as a task, with manifest.json and a dataset card beside it', async () => {
    const a = await readyApi();
    const menu = packageJson().contributes.menus['view/item/context'] as { command: string; when: string; group?: string }[];
    assert.ok(menu.some((m) => m.command === 'distillery.exportSelection' && m.when.includes('viewItem == distillery.selection') && m.group !== 'inline'),
      'Export Selection… in the selection items\' context menu');
    assert.ok((await vscode.commands.getCommands(true)).includes('distillery.exportSelection'));
    // The curation suite made a selection of curate-host.
    const roots = await a.datasets.getChildren();
    const dataset = roots.find((n) => n.kind === 'dataset' && n.dataset.name === 'curate-host');
    assert.ok(dataset, 'curate-host in the tree');
    const sel = (await a.datasets.getChildren(dataset)).find((n): n is Extract<DatasetsNode, { kind: 'selection' }> => n.kind === 'selection');
    assert.ok(sel, 'its selection in the tree');
    const out = path.join(workspaceFolder(), 'exports', 'host', 'messages.jsonl');
    const written = await vscode.commands.executeCommand<string | undefined>('distillery.exportSelection',
      { selection: sel.selection, format: 'messages', traces: 'best', out, openCard: false });
    assert.equal(written, out);
    const rows = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { messages: { role: string; content: string }[] });
    assert.ok(rows.length > 0 && rows.length <= sel.count, `${rows.length} rows for ${sel.count} samples`);
    for (const r of rows) assert.deepEqual(r.messages.map((m) => m.role).filter((x) => x !== 'system'), ['user', 'assistant']);
    const manifest = JSON.parse(fs.readFileSync(path.join(path.dirname(out), 'manifest.json'), 'utf8')) as { selection: { name: string; version: number } };
    assert.equal(`${manifest.selection.name}@${manifest.selection.version}`, sel.selection);
    assert.match(fs.readFileSync(path.join(path.dirname(out), 'README.md'), 'utf8'), /^---\n[\s\S]*configs:/);
  });
});
