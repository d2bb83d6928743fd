// Curation from the editor: Curate Dataset runs `distillery curate` as a task and opens the review panel on the
// selection it made; the funnel and the drop reasons are what the panel then shows (engine requests).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cli, extension, nodeExe, readyApi, waitUntil, workspaceFolder } from './helpers';

describe('Curation', function () {
  this.timeout(180_000);

  it('Curate Dataset runs the s1k recipe as a task; the selection, its funnel and each drop reason are served to the panel', async () => {
    const a = await readyApi();
    const root = extension().extensionPath;
    const pool = path.join(workspaceFolder(), 'curate-pool.jsonl');
    const gen = spawnSync(nodeExe(), [path.join(root, 'bench', 'gen-curate-pool.mjs'), '--rows', '600', '--out', pool], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    cli(['--db', a.config.databasePath, 'import', pool, '--dataset', 'curate-host', '--preset', 's1']);

    const ref = await vscode.commands.executeCommand<string | undefined>('distillery.curateDataset', { dataset: 'curate-host', recipe: 's1k', target: 50, review: true });
    assert.match(ref ?? '', /^s1k:curate-host@\d+$/);
    const sel = await a.engine.request('selections/get', { name: ref! });
    assert.equal(sel!.count, 50);
    assert.deepEqual(sel!.datasets, ['curate-host'], 'the data set its samples come from (Generate Traces opens the panel on it)');
    assert.deepEqual(sel!.funnel.slice(0, 2).map((r) => r.stage), ['start', 'api errors / missing features']);
    assert.equal(sel!.funnel[0].kept, 600);
    const inSel = await a.engine.request('review/list', { filter: { dataset: 'curate-host', selection: ref } });
    assert.equal(inSel.total, 50);
    // A sample outside the selection says which stage dropped it and why.
    const dropped = await a.engine.request('review/list', { filter: { dataset: 'curate-host', label: 'dropped' } });
    assert.equal(dropped.total, 550);
    const d = await a.engine.request('review/get', { id: dropped.rows[0].id });
    const drop = d!.annotations.find((x) => x.label === 'dropped')!;
    assert.match(drop.origin, /^detector:curate/);
    assert.ok((drop.evidence as { stage?: string }).stage, 'the drop names its stage');
    await waitUntil(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview), 'the review panel');
  });
});
