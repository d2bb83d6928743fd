// Runs only in the Restricted Mode pass (scripts/host-test.mjs --mode restricted, workspace trust on).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ImportResult } from '../../src/shared/protocol';
import { api, extension, packageJson, readyApi, sampleFile, workspaceFolder } from './helpers';

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
    assert.deepEqual(a.tasks.provideTasks(), []);
    assert.equal(a.tasks.resolveTask(new vscode.Task({ type: 'distillery', command: 'stats' }, vscode.TaskScope.Workspace, 'stats', 'distillery')), undefined);
  });
});
