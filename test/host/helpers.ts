// Shared helpers for the host tests (bundled into each *.test.js; not a test file itself).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DistilleryApi } from '../../src/extension/extension';
import { findExecutable } from '../../src/extension/findNode';

export const EXTENSION_ID = 'distillery.distillery';

export function extension(): vscode.Extension<DistilleryApi> {
  const ext = vscode.extensions.getExtension<DistilleryApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

/** Activates the extension (if needed) and returns its API. */
export async function api(): Promise<DistilleryApi> {
  return extension().activate();
}

/** The API once the engine answers. */
export async function readyApi(timeoutMs = 60_000): Promise<DistilleryApi> {
  const a = await api();
  await a.engine.whenReady(timeoutMs);
  return a;
}

export function workspaceFolder(): string {
  const f = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!f) throw new Error('the host tests need a workspace folder');
  return f;
}

export function sampleFile(): string {
  return path.join(extension().extensionPath, 'samples', 's1k-sample-5.jsonl');
}

export function packageJson(): {
  contributes: {
    commands: { command: string; title: string }[];
    menus: Record<string, { command: string }[]>;
    viewsWelcome: { view: string; contents: string }[];
    taskDefinitions: { type: string }[];
    views: Record<string, { id: string }[]>;
  };
  activationEvents: string[];
} {
  return extension().packageJSON;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until fn returns a truthy value. */
export async function waitUntil<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 30_000, intervalMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(intervalMs);
  }
}

/** The Node.js the extension uses (under test-electron, process.execPath is Electron, not Node). */
export function nodeExe(): string {
  const n = findExecutable(vscode.workspace.getConfiguration('distillery').get<string>('nodePath', 'node'));
  if (!n) throw new Error('no node on PATH');
  return n;
}

/** Runs the bundled CLI with --json and returns its parsed stdout. */
export function cli<T = unknown>(args: string[]): T {
  const cliPath = path.join(extension().extensionPath, 'out', 'cli.js');
  const r = spawnSync(nodeExe(), [cliPath, ...args, '--json'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`distillery ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
