// Host tests under @vscode/test-cli / @vscode/test-electron, for machines that can download VS Code
// (a laptop, a public CI runner). Here, without that download, scripts/host-test.mjs runs the same suite in
// VS Code 1.100.3 through code-server.
//
//   npm run test:electron            (= npm run build && node .vscode-test.mjs [--restricted])
//       @vscode/test-electron (a dev dependency) downloads VS Code 1.100.3 and runs our runner,
//       extensionTestsPath = out/test/host/index.js
//   npx --package @vscode/test-cli vscode-test
//       test-cli's own mocha runner over out/test/host/**/*.test.js (the two configurations below);
//       test-cli is not a dependency: its current releases need Node 22.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const VERSION = '1.100.3';

/** A fresh, empty workspace folder (emptied on each load): the extension keeps its database in <folder>/.distillery/. */
function workspace(name) {
  const dir = path.join(os.tmpdir(), 'distillery-vscode-test', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const common = {
  version: VERSION,
  extensionDevelopmentPath: root,
  files: 'out/test/host/**/*.test.js',
};

/** @type {import('@vscode/test-cli').TestConfiguration[]} */
export default [
  {
    ...common,
    label: 'host',
    workspaceFolder: workspace('host'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
    mocha: { ui: 'bdd', timeout: 60_000, grep: '\\[restricted\\]', invert: true },
  },
  {
    ...common,
    label: 'host-restricted',
    workspaceFolder: workspace('host-restricted'),
    launchArgs: ['--disable-extensions'],
    mocha: { ui: 'bdd', timeout: 60_000, grep: '\\[restricted\\]' },
  },
];

// `node .vscode-test.mjs`: run out/test/host/index.js (the runner that scripts/host-test.mjs uses) under test-electron.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const restricted = process.argv.includes('--restricted');
  const { runTests } = await import('@vscode/test-electron');
  const folder = workspace(restricted ? 'run-restricted' : 'run');
  try {
    await runTests({
      version: VERSION,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'host', 'index.js'),
      extensionTestsEnv: { DISTILLERY_TEST_MODE: restricted ? 'restricted' : 'trusted' },
      launchArgs: [folder, '--disable-extensions', ...(restricted ? [] : ['--disable-workspace-trust'])],
    });
  } catch (e) {
    console.error(`host tests failed: ${e instanceof Error ? e.message : e}`);
    process.exitCode = 1;
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
