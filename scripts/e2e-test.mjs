#!/usr/bin/env node
// End-to-end tests: VS Code 1.100.3 (code-server) in headless Chromium, driven like a person would, with the
// extension under development loaded. The workspace database is filled beforehand with the CLI, the way a
// `distillery import` task would. Each test/e2e/*.e2e.mjs exports `tests`: [{ name, run(ctx) }].
// Screenshots go to test-results/e2e/.
//
//   node scripts/e2e-test.mjs        (needs npm run build and bash scripts/install-test-prereqs.sh)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  findOutputLogs, hardTimeout, launchBrowser, makeLogger, mkTemp, onSignals, repoRoot, startCodeServer, tail,
} from './lib/code-server.mjs';

// The suite takes about 4 minutes on a shared 2-core machine (16 tests); the limit leaves room for a loaded one.
const HARD_TIMEOUT_MS = 420_000;
const TEST_TIMEOUT_MS = 90_000;
const resultsDir = path.join(repoRoot, 'test-results', 'e2e');
const log = makeLogger('e2e');

for (const f of ['out/extension.js', 'out/cli.js', 'out/engine.js']) {
  if (!fs.existsSync(path.join(repoRoot, f))) {
    console.error(`${f} is missing: run npm run build first`);
    process.exit(2);
  }
}
fs.mkdirSync(resultsDir, { recursive: true });
for (const f of fs.readdirSync(resultsDir)) if (f.endsWith('.png')) fs.rmSync(path.join(resultsDir, f));

const running = [];
const cleanup = async () => {
  while (running.length) await running.pop()();
};
onSignals(cleanup);
const clearHard = hardTimeout(HARD_TIMEOUT_MS, 'e2e tests', cleanup);

// 1. A workspace whose database already holds the s1K sample, imported by the CLI from another process.
const sample = path.join(repoRoot, 'samples', 's1k-sample-5.jsonl');
const workspace = mkTemp('distillery-e2e-ws-');
running.push(async () => {
  if (!process.env.DISTILLERY_KEEP_TEMP) fs.rmSync(workspace, { recursive: true, force: true });
});
fs.mkdirSync(path.join(workspace, 'data'));
fs.copyFileSync(sample, path.join(workspace, 'data', 's1k-sample-5.jsonl'));
for (const f of fs.readdirSync(path.join(repoRoot, 'test', 'e2e', 'fixtures'))) {
  fs.copyFileSync(path.join(repoRoot, 'test', 'e2e', 'fixtures', f), path.join(workspace, 'data', f));
}
const dbPath = path.join(workspace, '.distillery', 'distillery.db');
const imp = spawnSync(process.execPath, [path.join(repoRoot, 'out', 'cli.js'), 'import', path.join(workspace, 'data', 's1k-sample-5.jsonl'),
  '--db', dbPath, '--dataset', 's1k-sample-5', '--preset', 'auto', '--json'], { encoding: 'utf8' });
if (imp.status !== 0) {
  console.error(`pre-import failed (exit ${imp.status}):\n${imp.stderr}`);
  await cleanup();
  process.exit(1);
}
const imported = JSON.parse(imp.stdout);
log(`pre-imported ${imported.rows} rows / ${imported.traces} traces of ${path.relative(path.resolve(repoRoot, '..'), sample)} into ${dbPath}`);

// 2. VS Code and the browser.
const serverLog = path.join(resultsDir, 'code-server.log');
const consoleLog = path.join(resultsDir, 'browser-console.log');
for (const f of [serverLog, consoleLog]) fs.rmSync(f, { force: true });
let server;
let browser;
const results = [];
try {
  server = await startCodeServer({ workspace, trust: true, logFile: serverLog, log });
  running.push(server.stop);
  browser = await launchBrowser({ log, consoleLog });
  running.push(browser.stop);
  const { page } = browser;
  const url = server.url([['extensionDevelopmentPath', repoRoot]]);
  const ctx = {
    mkTemp: (prefix) => {
      const d = mkTemp(prefix);
      running.unshift(async () => fs.rmSync(d, { recursive: true, force: true }));
      return d;
    },
    page, server, workspace, dbPath, imported, log, repoRoot, resultsDir,
    screenshot: async (name) => {
      const file = path.join(resultsDir, name);
      await page.mouse.move(700, 300); // no hover tooltips in the picture
      await page.waitForTimeout(300);
      await page.screenshot({ path: file });
      log(`screenshot ${path.relative(repoRoot, file)}`);
      return file;
    },
    /** Opens the workbench on the test workspace, or on another folder. */
    open: async (folder) => {
      const t0 = Date.now();
      const target = folder ? url.replace(/([?&]folder=)[^&]*/, `$1${encodeURIComponent(folder)}`) : url;
      await page.goto(target, { waitUntil: 'domcontentloaded' });
      await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
      log(`workbench up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    },
  };
  await ctx.open();

  // 3. The tests, in file order.
  // E2E_ONLY=word,word runs only the files whose name contains one of them (while working on one test).
  const only = (process.env.E2E_ONLY ?? '').split(',').filter(Boolean);
  const files = fs.readdirSync(path.join(repoRoot, 'test', 'e2e')).filter((f) => f.endsWith('.e2e.mjs') && (!only.length || only.some((w) => f.includes(w)))).sort();
  for (const f of files) {
    const mod = await import(pathToFileURL(path.join(repoRoot, 'test', 'e2e', f)).href);
    for (const t of mod.tests) {
      const name = `${f.replace(/\.e2e\.mjs$/, '')}: ${t.name}`;
      const t0 = Date.now();
      try {
        await Promise.race([
          t.run(ctx),
          new Promise((_, rej) => setTimeout(() => rej(new Error(`timed out after ${TEST_TIMEOUT_MS / 1000} s`)), TEST_TIMEOUT_MS).unref()),
        ]);
        results.push({ name, state: 'passed', ms: Date.now() - t0 });
        console.log(`  ✔ ${name} (${Date.now() - t0} ms)`);
      } catch (e) {
        results.push({ name, state: 'failed', ms: Date.now() - t0, error: e.stack ?? String(e) });
        console.log(`  ✖ ${name}\n    ${String(e.stack ?? e).split('\n').slice(0, 6).join('\n    ')}`);
        const shot = `failure-${results.length}.png`;
        await ctx.screenshot(shot).catch(() => {});
      }
    }
  }
} catch (e) {
  results.push({ name: 'e2e harness', state: 'failed', error: e.stack ?? String(e) });
  console.log(`  ✖ e2e harness: ${e.message}`);
  if (browser) await browser.page.screenshot({ path: path.join(resultsDir, 'failure-harness.png') }).catch(() => {});
}
const passed = results.filter((r) => r.state === 'passed').length;
const failed = results.filter((r) => r.state === 'failed').length + (results.length === 0 ? 1 : 0);
if (failed && server) {
  console.error(`\n--- code-server log (tail) ---\n${tail(serverLog, 30)}`);
  for (const f of findOutputLogs(server.dirs.userData)) {
    console.error(`\n--- ${path.relative(server.dirs.userData, f)} (tail) ---\n${tail(f, 40)}`);
  }
}
clearHard();
await cleanup();
fs.writeFileSync(path.join(resultsDir, 'summary.json'), JSON.stringify({ passed, failed, tests: results }, null, 2));
console.log(`\ne2e tests total: ${passed} passing, ${failed} failing`);
process.exit(failed ? 1 : 0);
