// Runs only in the Restricted Mode pass (scripts/host-test.mjs --mode restricted, workspace trust on).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { relayWebviewRequest } from '../../src/extension/reviewPanel';
import { WRITE_METHODS, type EngineMethod, type EngineRequests, type ImportResult } from '../../src/shared/protocol';
import { api, cli, extension, packageJson, readyApi, sampleFile, workspaceFolder } from './helpers';

describe('[restricted] Restricted Mode', () => {
  it('the workspace is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('the extension still activates (capabilities.untrustedWorkspaces: limited)', async () => {
    await api();
    assert.ok(extension().isActive);
    const declared = packageJson().contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(declared.filter((c) => !registered.has(c)), []);
  });

  it('ignores the workspace\'s own distillery.nodePath (restrictedConfigurations)', async () => {
    const a = await readyApi();
    const settings = path.join(workspaceFolder(), '.vscode', 'settings.json');
    if (fs.existsSync(settings)) {
      // scripts/host-test.mjs writes "distillery.nodePath": "/nonexistent/workspace-node" there
      assert.match(fs.readFileSync(settings, 'utf8'), /workspace-node/);
      assert.equal(a.config.nodePath, 'node', 'the extension does not use the workspace value');
    }
    assert.equal(a.engine.state, 'ready');
  });

  it('browsing works: the engine answers', async () => {
    const a = await readyApi();
    const ping = await a.engine.request('engine/ping', {});
    assert.equal(ping.pid, a.engine.pid);
    assert.ok(Array.isArray(await a.engine.request('datasets/list', {})));
  });

  it('import refuses with a message and writes nothing', async () => {
    const a = await readyApi();
    const r = await vscode.commands.executeCommand<ImportResult | undefined>('distillery.importDataset', {
      files: [sampleFile()],
      dataset: 'restricted-import',
      preset: 'auto',
    });
    assert.equal(r, undefined);
    const list = await a.engine.request('datasets/list', {});
    assert.ok(!list.some((d) => d.name === 'restricted-import'));
  });

  it('the task provider offers no tasks', async () => {
    const a = await api();
    assert.deepEqual(await a.tasks.provideTasks(), []);
    assert.equal(await a.tasks.resolveTask(new vscode.Task({ type: 'distillery', command: 'stats' }, vscode.TaskScope.Workspace, 'stats', 'distillery')), undefined);
  });

  it('the review panel refuses every write method (WRITE_METHODS) and the database stays as it was', async () => {
    const a = await readyApi();
    const dataset = 'restricted-writes';
    // Data to write to, put there by the CLI (the extension's own import is refused in Restricted Mode).
    cli(['import', sampleFile(), '--db', a.config.databasePath, '--dataset', dataset, '--preset', 'auto']);
    const list = await a.engine.request('review/list', { filter: { dataset } });
    assert.equal(list.total, 5);
    const id = list.rows[0].id;
    const params: { [M in EngineMethod]?: EngineRequests[M]['params'] } = {
      'import/run': { files: [sampleFile()], dataset: 'restricted-import-2', preset: 'auto', token: 'restricted' },
      'index/build': {},
      'review/setStatus': { id, status: 'rejected' },
      'review/toggleLabel': { sampleId: id, label: 'truncated', note: 'written in Restricted Mode' },
      'review/saveSelection': { name: 'restricted-selection', filter: { dataset } },
      'datasets/rename': { name: dataset, to: 'restricted-renamed' },
      'datasets/delete': { name: dataset },
    };
    const snapshot = async () => ({
      rows: (await a.engine.request('review/list', { filter: { dataset } })).rows,
      datasets: (await a.engine.request('datasets/list', {})).map((d) => [d.name, d.samples, d.traces, d.reviewed]),
      selections: await a.engine.request('selections/list', {}),
      stats: await a.engine.request('stats/get', {}),
    });
    const before = await snapshot();
    assert.ok(WRITE_METHODS.length >= 5);
    for (const method of WRITE_METHODS) {
      assert.ok(params[method], `the test knows the params of ${method}`);
      const r = await relayWebviewRequest({ engine: a.engine, log: a.log }, method, params[method]);
      assert.equal(r.result, undefined, `${method} answered a result`);
      assert.match(String(r.error), /disabled in Restricted Mode.*Trust the workspace/, `${method} refused for trust`);
    }
    assert.deepEqual(await snapshot(), before, 'the database is unchanged');
    // The relay itself works: reads still go through in Restricted Mode.
    const read = await relayWebviewRequest({ engine: a.engine, log: a.log }, 'review/list', { filter: { dataset } });
    assert.equal((read.result as { total: number }).total, 5);
  });
});
