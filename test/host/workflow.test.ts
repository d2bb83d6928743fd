// What a person finds without the README (runs after the curation and evaluation suites, on what they made): the
// walkthrough, New Evaluation Config with its schema, the tree's selections and runs and its context menu, rename
// and delete, and the Run Task list.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseEvalConfigText, stripJsonComments } from '../../src/core/evaluate/config-file';
import type { DatasetsNode } from '../../src/extension/datasetsView';
import { cli, extension, packageJson, readyApi, sampleFile, workspaceFolder } from './helpers';

interface Prop { enum?: unknown[]; pattern?: string }
type Pkg = ReturnType<typeof packageJson> & { contributes: { jsonValidation: { fileMatch: string; url: string }[]; walkthroughs: { id: string; steps: { id: string; media: { markdown?: string } }[] }[] } };

describe('Workflow', function () {
  this.timeout(120_000);

  it('New Evaluation Config writes a commented template that the shipped schema (attached to *.eval.json) accepts, and opens it', async () => {
    await readyApi();
    const pkg = packageJson() as Pkg;
    const v = pkg.contributes.jsonValidation.find((j) => j.fileMatch === '*.eval.json')!;
    const schemaFile = path.join(extension().extensionPath, v.url);
    assert.ok(fs.existsSync(schemaFile), 'the schema ships inside the extension');
    const uri = vscode.Uri.file(path.join(workspaceFolder(), 'template.eval.json'));
    const written = await vscode.commands.executeCommand<vscode.Uri>('distillery.newEvalConfig', uri);
    assert.equal(written?.fsPath, uri.fsPath);
    const text = fs.readFileSync(uri.fsPath, 'utf8');
    assert.match(text, /^\/\/ /m, 'commented');
    // "math500" alone runs the first 100 questions (as the schema's hover and --help say), not all 500.
    assert.match(text, /math500\[:N\] \(the first N questions; 100 without :N, all 500 with math500:500\)/);
    const config = parseEvalConfigText(text);
    assert.equal(config.run, 'template');
    // The schema's rules that a top-level value can break.
    const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as { required: string[]; properties: Record<string, Prop> };
    const obj = JSON.parse(stripJsonComments(text)) as Record<string, unknown>;
    for (const k of schema.required) assert.ok(k in obj, `required ${k}`);
    for (const [k, x] of Object.entries(obj)) {
      const p = schema.properties[k];
      assert.ok(p, `the schema knows ${k}`);
      if (p.enum) assert.ok(p.enum.includes(x), `${k} in its enum`);
      if (p.pattern) assert.match(String(x), new RegExp(p.pattern));
    }
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath, 'the template is open');
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'jsonc', 'opened as JSON with comments');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('the walkthrough goes import → review → curate → evaluate → report, each page shipped', () => {
    const w = (packageJson() as Pkg).contributes.walkthroughs[0];
    assert.deepEqual(w.steps.map((s) => s.id), ['import', 'review', 'curate', 'evaluate', 'report']);
    for (const s of w.steps) assert.ok(fs.existsSync(path.join(extension().extensionPath, s.media.markdown!)), s.media.markdown);
  });

  it('the tree shows a data set\'s selections and runs; its context menu has review, curate, rename and delete', async () => {
    const a = await readyApi();
    const menu = packageJson().contributes.menus['view/item/context'] as { command: string; when: string; group?: string }[];
    const onDataset = menu.filter((m) => m.when.includes('viewItem == distillery.dataset') && m.group !== 'inline').map((m) => m.command);
    assert.deepEqual(onDataset.sort(), ['distillery.curateDataset', 'distillery.deleteDataset', 'distillery.renameDataset', 'distillery.reviewDataset', 'distillery.verifyTraces']);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of onDataset) assert.ok(registered.has(c), `${c} is registered`);

    const roots = await a.datasets.getChildren();
    const childrenOf = async (name: string) => {
      const node = roots.find((n) => n.kind === 'dataset' && n.dataset.name === name);
      assert.ok(node, `data set ${name} in the tree`);
      return a.datasets.getChildren(node);
    };
    // The curation suite made a selection of curate-host; the evaluation suite a run on eval:math500.
    const sel = (await childrenOf('curate-host')).find((n): n is Extract<DatasetsNode, { kind: 'selection' }> => n.kind === 'selection');
    assert.match(sel?.selection ?? '', /^s1k:curate-host@\d+$/);
    assert.equal(sel!.count, 50);
    const run = (await childrenOf('eval:math500')).find((n) => n.kind === 'run' && n.run === 'host-eval');
    assert.ok(run, 'the run host-eval under eval:math500');
    // Clicking (or Enter on) a selection or run opens it in the review panel.
    const item = a.datasets.getTreeItem(sel!);
    assert.equal(item.command?.command, 'distillery.reviewDataset');
    assert.equal(item.contextValue, 'distillery.selection');
    // A data set expands on click (no command); its inline button opens review.
    assert.equal(a.datasets.getTreeItem(roots[0]).command, undefined);
    const menu2 = packageJson().contributes.menus['view/item/context'] as { command: string; when: string; group?: string }[];
    assert.ok(menu2.some((m) => m.command === 'distillery.reviewDataset' && m.when.includes('viewItem == distillery.dataset') && m.group === 'inline'));
  });

  it('rename and delete a data set from the tree (delete asks first; here confirmed)', async () => {
    const a = await readyApi();
    cli(['--db', a.config.databasePath, 'import', sampleFile(), '--dataset', 'to-rename', '--preset', 'auto']);
    const renamed = await vscode.commands.executeCommand<string>('distillery.renameDataset', { dataset: { name: 'to-rename' } }, 'renamed-set');
    assert.equal(renamed, 'renamed-set');
    let names = (await a.engine.request('datasets/list', {})).map((d) => d.name);
    assert.ok(names.includes('renamed-set') && !names.includes('to-rename'), names.join(', '));
    const deleted = await vscode.commands.executeCommand<number>('distillery.deleteDataset', { dataset: { name: 'renamed-set' } }, true);
    assert.equal(deleted, 5);
    names = (await a.engine.request('datasets/list', {})).map((d) => d.name);
    assert.ok(!names.includes('renamed-set'));
  });

  it('Run Task offers curate, eval (one per *.eval.json) and metrics besides stats and import sample data', async () => {
    await readyApi();
    const names = (await vscode.tasks.fetchTasks({ type: 'distillery' })).map((t) => t.name);
    for (const n of ['stats', 'import sample data', 'curate curate-host (s1k)', 'eval host-eval', 'eval template', 'metrics host-eval']) {
      assert.ok(names.includes(n), `"${n}" in ${names.join(', ')}`);
    }
  });
});
