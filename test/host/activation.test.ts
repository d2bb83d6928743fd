import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, extension, packageJson, readyApi, waitUntil, workspaceFolder } from './helpers';

describe('Activation', () => {
  it('runs inside a real VS Code 1.100 extension host', () => {
    assert.match(vscode.version, /^1\.100\./);
    assert.equal(typeof vscode.commands.executeCommand, 'function');
  });

  it('activates the Distillery extension and returns its API', async () => {
    const a = await api();
    assert.ok(extension().isActive);
    assert.ok(a.engine && a.datasets && a.tasks && a.config);
  });

  it('starts the engine on activation with Node from distillery.nodePath', async () => {
    const a = await readyApi();
    assert.equal(a.engine.state, 'ready');
    assert.ok(a.engine.info, 'engine/ping answered at start');
    assert.ok(Number(a.engine.info.node.replace(/^v/, '').split('.')[0]) >= 20, `engine runs on Node 20+ (got ${a.engine.info.node})`);
  });

  it('opens the workspace database at .distillery/distillery.db by default', async () => {
    const a = await readyApi();
    const expected = path.join(workspaceFolder(), '.distillery', 'distillery.db');
    assert.equal(a.config.databasePath, expected);
    assert.equal(a.engine.dbPath, expected);
  });

  it('creates no .distillery/ before anything is written; the tree is empty and the welcome view offers the sample data', async () => {
    const a = await readyApi();
    assert.deepEqual(await a.datasets.getChildren(), []);
    assert.equal(fs.existsSync(path.join(workspaceFolder(), '.distillery')), false, 'no database folder after activation and reads');
    const welcome = packageJson().contributes.viewsWelcome.find((w) => w.view === 'distillery.datasets')!;
    assert.match(welcome.contents, /\[Import Sample Data\]\(command:distillery\.importSampleData\)/);
  });

  it('shows the engine state in the status bar', async () => {
    const a = await readyApi();
    await waitUntil(() => a.statusBar.text === '$(database) Distillery', 'status bar to show ready');
  });
});
