// The host test entry (extensionTestsPath): runs mocha programmatically over out/test/host/**/*.test.js inside
// the extension host. Works the same under @vscode/test-electron (.vscode-test.mjs) and under code-server
// (scripts/host-test.mjs), where the outcome also goes to a result file: its path comes from
// $DISTILLERY_TEST_RESULT or from .vscode-test/host-test.json in the workspace.
//
// Mode: "trusted" runs every suite but those tagged [restricted]; "restricted" (Restricted Mode) only those.
// It comes from $DISTILLERY_TEST_MODE or the workspace file, else from vscode.workspace.isTrusted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import Mocha from 'mocha';

interface TestRecord {
  suite: string;
  title: string;
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
}
interface FailureRecord {
  fullTitle: string;
  message: string;
  stack?: string;
}

function findTestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findTestFiles(p));
    else if (e.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

function harnessConfig(): { resultFile?: string; mode?: string } {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let fromFile: { resultFile?: string; mode?: string } = {};
  if (folder) {
    try {
      fromFile = JSON.parse(fs.readFileSync(path.join(folder, '.vscode-test', 'host-test.json'), 'utf8'));
    } catch {
      // not run by scripts/host-test.mjs
    }
  }
  return {
    resultFile: process.env.DISTILLERY_TEST_RESULT || fromFile.resultFile,
    mode: process.env.DISTILLERY_TEST_MODE || fromFile.mode,
  };
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2));
  fs.renameSync(tmp, file); // the outer runner never sees a half-written file
}

export async function run(): Promise<void> {
  const { resultFile, mode: givenMode } = harnessConfig();
  const mode = givenMode ?? (vscode.workspace.isTrusted ? 'trusted' : 'restricted');
  const env = { vscodeVersion: vscode.version, appHost: vscode.env.appHost, uiKind: vscode.UIKind[vscode.env.uiKind], node: process.version, mode };
  if (resultFile) writeJson(`${resultFile}.started`, { ...env, at: new Date().toISOString() });

  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  mocha.grep(/\[restricted\]/);
  if (mode !== 'restricted') mocha.invert();
  for (const f of findTestFiles(__dirname)) mocha.addFile(f);

  const tests: TestRecord[] = [];
  const failures: FailureRecord[] = [];
  const t0 = Date.now();
  const record = (t: Mocha.Test, state: TestRecord['state']) =>
    tests.push({ suite: t.parent?.fullTitle() ?? '', title: t.title, fullTitle: t.fullTitle(), state, durationMs: t.duration });

  let failed = 0;
  try {
    failed = await new Promise<number>((resolve) => {
      const runner = mocha.run((n) => resolve(n));
      runner.on('pass', (t) => record(t, 'passed'));
      runner.on('pending', (t) => record(t, 'pending'));
      runner.on('fail', (t, err: Error) => {
        // hook failures ("before all" ...) are not tests, count them as failures all the same
        if (t.type === 'test') record(t as Mocha.Test, 'failed');
        else tests.push({ suite: t.parent?.fullTitle() ?? '', title: t.title, fullTitle: t.fullTitle(), state: 'failed' });
        failures.push({ fullTitle: t.fullTitle(), message: err?.message ?? String(err), stack: err?.stack });
      });
    });
  } catch (e) {
    failures.push({ fullTitle: 'loading the host tests', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined });
    failed = Math.max(failed, 1);
  }
  const summary = {
    ...env,
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: Math.max(failures.length, failed),
    pending: tests.filter((t) => t.state === 'pending').length,
    durationMs: Date.now() - t0,
    tests,
    failures,
  };
  if (resultFile) writeJson(resultFile, summary);
  if (summary.failed > 0) throw new Error(`${summary.failed} host test(s) failed`);
  if (summary.passed === 0) throw new Error('no host test ran');
}
