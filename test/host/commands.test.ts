// check-commands: every command that package.json declares is registered, and every command the manifest
// points at (menus, welcome views) is declared or built in.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, packageJson } from './helpers';

describe('Commands', () => {
  before(async () => {
    await api();
  });

  it('registers every command declared in contributes.commands', async () => {
    const declared = packageJson().contributes.commands.map((c) => c.command);
    assert.ok(declared.length >= 3, 'at least import, show output and refresh are declared');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
  });

  it('declares the commands of the foundation', () => {
    const titles = Object.fromEntries(packageJson().contributes.commands.map((c) => [c.command, c.title]));
    assert.equal(titles['distillery.importDataset'], 'Import Dataset…');
    assert.equal(titles['distillery.showOutput'], 'Show Output');
    assert.equal(titles['distillery.refreshDatasets'], 'Refresh Datasets');
  });

  it('only points menus and welcome views at declared or built-in commands', async () => {
    const pkg = packageJson();
    const declared = new Set(pkg.contributes.commands.map((c) => c.command));
    const registered = new Set(await vscode.commands.getCommands(true));
    const used = [
      ...Object.values(pkg.contributes.menus).flat().map((m) => m.command),
      ...pkg.contributes.viewsWelcome.flatMap((w) => [...w.contents.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1])),
    ];
    const unknown = used.filter((c) => !declared.has(c) && !(registered.has(c) && !c.startsWith('distillery.')));
    assert.deepEqual(unknown, []);
  });

  it('Show Output and Refresh Datasets run without error', async () => {
    await vscode.commands.executeCommand('distillery.showOutput');
    await vscode.commands.executeCommand('distillery.refreshDatasets');
  });
});
