#!/usr/bin/env node
// Runs the host tests (mocha inside a real VS Code 1.100.3 extension host) through code-server and headless
// Chromium: the workbench loads this repo as the extension under development and out/test/host/index.js as the
// test module (the `payload` query parameter), the in-host runner writes its results to a file, and this script
// prints them and exits non-zero on failure.
//
//   node scripts/host-test.mjs                 # both passes: trusted workspace, then Restricted Mode
//   node scripts/host-test.mjs --mode trusted  # one pass
//   DISTILLERY_KEEP_TEMP=1 ...                 # keep the temp user-data dir and workspace for debugging
//
// Needs: npm run build, bash scripts/install-test-prereqs.sh. Results also in test-results/host/.
import fs from 'node:fs';
import path from 'node:path';
import {
  findOutputLogs, hardTimeout, launchBrowser, makeLogger, mkTemp, onSignals, repoRoot, startCodeServer, tail, waitFor,
} from './lib/code-server.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const modes = (opt('mode', 'all') === 'all' ? ['trusted', 'restricted'] : [opt('mode')]);
const PASS_TIMEOUT_MS = Number(opt('timeout', '600')) * 1000;
const HARD_TIMEOUT_MS = PASS_TIMEOUT_MS * modes.length + 120_000;
const resultsDir = path.join(repoRoot, 'test-results', 'host');
const log = makeLogger('host');

const testsIndex = path.join(repoRoot, 'out', 'test', 'host', 'index.js');
for (const f of [path.join(repoRoot, 'out', 'extension.js'), testsIndex]) {
  if (!fs.existsSync(f)) {
    console.error(`${path.relative(repoRoot, f)} is missing: run npm run build first`);
    process.exit(2);
  }
}
fs.mkdirSync(resultsDir, { recursive: true });
for (const f of fs.readdirSync(resultsDir)) if (f.startsWith('failure-')) fs.rmSync(path.join(resultsDir, f));

const running = new Set();
const cleanup = async () => {
  for (const stop of [...running].reverse()) await stop();
  running.clear();
};
onSignals(cleanup);
const clearHard = hardTimeout(HARD_TIMEOUT_MS, 'host tests', cleanup);

async function runPass(mode) {
  const workspace = mkTemp(`distillery-host-ws-${mode}-`);
  fs.mkdirSync(path.join(workspace, 'data'));
  fs.copyFileSync(path.join(repoRoot, 'samples', 's1k-sample-5.jsonl'), path.join(workspace, 'data', 's1k-sample-5.jsonl'));
  const resultFile = path.join(resultsDir, `result-${mode}.json`);
  fs.rmSync(resultFile, { force: true });
  fs.rmSync(`${resultFile}.started`, { force: true });
  // The runner inside the host reads the result path from the environment, or from this file in the workspace.
  if (mode === 'restricted') {
    // A hostile workspace setting: Restricted Mode must ignore it (capabilities.untrustedWorkspaces.restrictedConfigurations).
    fs.mkdirSync(path.join(workspace, '.vscode'));
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'distillery.nodePath': '/nonexistent/workspace-node' }));
  }
  fs.mkdirSync(path.join(workspace, '.vscode-test'));
  fs.writeFileSync(path.join(workspace, '.vscode-test', 'host-test.json'), JSON.stringify({ resultFile, mode }));
  const serverLog = path.join(resultsDir, `code-server-${mode}.log`);
  const consoleLog = path.join(resultsDir, `browser-console-${mode}.log`);
  for (const f of [serverLog, consoleLog]) fs.rmSync(f, { force: true });

  log(`pass "${mode}": workspace ${workspace}`);
  const server = await startCodeServer({
    workspace,
    trust: mode !== 'restricted',
    env: { DISTILLERY_TEST_RESULT: resultFile, DISTILLERY_TEST_MODE: mode },
    logFile: serverLog,
    log,
  });
  const stopServer = async () => {
    await server.stop();
    if (!process.env.DISTILLERY_KEEP_TEMP) fs.rmSync(workspace, { recursive: true, force: true });
  };
  running.add(stopServer);
  let browser;
  try {
    browser = await launchBrowser({ log, consoleLog });
    running.add(browser.stop);
    const url = server.url([
      ['extensionDevelopmentPath', repoRoot],
      ['extensionTestsPath', testsIndex],
    ]);
    const t0 = Date.now();
    await browser.page.goto(url, { waitUntil: 'domcontentloaded' });
    let pageCrashed;
    browser.page.on('crash', () => (pageCrashed = 'the page crashed'));
    await waitFor(() => fs.existsSync(`${resultFile}.started`), {
      timeoutMs: 120_000, what: 'the test runner to start inside VS Code', abort: () => server.exited() ?? pageCrashed,
    });
    const started = JSON.parse(fs.readFileSync(`${resultFile}.started`, 'utf8'));
    log(`runner started in VS Code ${started.vscodeVersion} (${started.appHost}, ${started.uiKind}) after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await waitFor(() => fs.existsSync(resultFile), {
      timeoutMs: PASS_TIMEOUT_MS, intervalMs: 500, what: `the host tests (${mode}) to finish`, abort: () => server.exited() ?? pageCrashed,
    });
    const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    if (result.failed > 0) await browser.page.screenshot({ path: path.join(resultsDir, `failure-${mode}.png`) }).catch(() => {});
    return result;
  } catch (e) {
    if (browser) await browser.page.screenshot({ path: path.join(resultsDir, `failure-${mode}.png`) }).catch(() => {});
    return { mode, passed: 0, failed: 1, pending: 0, tests: [], failures: [{ fullTitle: `host test pass "${mode}"`, message: e.message }], harnessError: true };
  } finally {
    printLogsOnFailure(server, mode, serverLog);
    if (browser) {
      await browser.stop();
      running.delete(browser.stop);
    }
    await stopServer();
    running.delete(stopServer);
  }

  function printLogsOnFailure(srv, m, serverLogFile) {
    const r = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : undefined;
    if (r && r.failed === 0) return;
    console.error(`\n--- code-server log (${m}, tail) ---\n${tail(serverLogFile, 30)}`);
    for (const f of findOutputLogs(srv.dirs.userData)) {
      console.error(`\n--- ${path.relative(srv.dirs.userData, f)} (tail) ---\n${tail(f, 40)}`);
      fs.copyFileSync(f, path.join(resultsDir, `${m}-${path.basename(f)}`));
    }
  }
}

function printResult(r) {
  console.log(`\nHost tests (${r.mode ?? '?'}) in VS Code ${r.vscodeVersion ?? '?'}${r.appHost ? ` (${r.appHost})` : ''}:`);
  let suite = '';
  for (const t of r.tests ?? []) {
    if (t.suite !== suite) {
      suite = t.suite;
      console.log(`  ${suite}`);
    }
    const mark = t.state === 'passed' ? '✔' : t.state === 'failed' ? '✖' : '-';
    console.log(`    ${mark} ${t.title}${t.durationMs != null && t.state !== 'pending' ? ` (${t.durationMs} ms)` : ''}`);
  }
  for (const f of r.failures ?? []) {
    console.log(`\n  FAILED: ${f.fullTitle}\n    ${String(f.message).split('\n').join('\n    ')}`);
    if (f.stack) console.log(`    ${String(f.stack).split('\n').slice(1, 6).join('\n    ')}`);
  }
  console.log(`  ${r.passed} passing, ${r.failed} failing${r.pending ? `, ${r.pending} pending` : ''}`);
}

let passed = 0;
let failed = 0;
let pending = 0;
const passes = [];
for (const mode of modes) {
  const r = await runPass(mode);
  printResult(r);
  passed += r.passed;
  failed += r.failed;
  pending += r.pending ?? 0;
  passes.push({ mode, vscodeVersion: r.vscodeVersion, passed: r.passed, failed: r.failed, pending: r.pending ?? 0 });
  if (r.passed + r.failed === 0) {
    console.log(`  no host test ran in pass "${mode}": counting it as a failure`);
    failed += 1;
  }
}
clearHard();
await cleanup();
fs.writeFileSync(path.join(resultsDir, 'summary.json'), JSON.stringify({ passed, failed, pending, passes }, null, 2));
console.log(`\nhost tests total: ${passed} passing, ${failed} failing${pending ? `, ${pending} pending` : ''}`);
process.exit(failed > 0 ? 1 : 0);
