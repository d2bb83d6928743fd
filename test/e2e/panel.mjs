// What the review panel's e2e tests share: the command palette, quick picks, the panel's frame, the selected
// sample, read-only database queries and polling.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';

const quickInput = (page) => page.locator('.quick-input-widget');

export async function runCommand(page, title) {
  const input = quickInput(page).locator('input.input');
  // F1 can be swallowed while the workbench (re)loads or a webview holds focus: retry from the status bar.
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      break;
    } catch (e) {
      if (attempt >= 4) throw e;
      await page.locator('.part.statusbar').click({ position: { x: 600, y: 5 } }).catch(() => {});
    }
  }
  // Click the row of exactly this command (a fuzzy match can put a recently used one first).
  const row = quickInput(page).locator(`.monaco-list-row[aria-label^="${title}"]`).first();
  // A query typed while the workbench is still loading the extension's commands can answer "No matching commands"
  // and stay so until the text changes: type it again.
  for (let attempt = 0; ; attempt++) {
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ state: 'visible', timeout: 5_000 });
      break;
    } catch (e) {
      if (attempt >= 5) throw e;
      await input.fill('>');
    }
  }
  await row.click();
}

/**
 * Answers the quick pick that follows a command by typing its item into the quick pick's own input. Not with
 * page.keyboard: focus can still be on its way from the palette back to the panel when the quick pick opens, and
 * keys typed then land in the panel (where they are its keys: accept, diff, ...) while the quick pick closes.
 */
export async function pick(page, title, item, timeout = 30_000) {
  // Our pickers have a title; VS Code's theme picker only a placeholder.
  if (title) await quickInput(page).locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout });
  const input = quickInput(page).locator('input.input');
  await input.fill(item, { timeout });
  await quickInput(page).locator('.monaco-list-row', { hasText: item }).first().waitFor({ state: 'visible', timeout });
  await input.press('Enter', { timeout });
}

/** A webview's content frame: the one that holds `element`. */
async function frameWith(page, element, what, timeout) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    for (const f of page.frames()) {
      if (await f.locator(element).count().catch(() => 0)) return f;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`${what} frame not found`);
}

/** The review panel's content frame. */
export const panelFrame = (page, timeout = 30_000) => frameWith(page, 'distillery-review', 'review panel', timeout);

/** The runs dashboard's content frame. */
export const dashboardFrame = (page, timeout = 30_000) => frameWith(page, 'distillery-dashboard', 'dashboard', timeout);

export const selectedId = (frame) => frame.evaluate(() => Number(document.body.dataset.selectedId ?? NaN));
export async function waitSelectedChange(frame, before) {
  for (let i = 0; i < 100; i++) {
    const now = await selectedId(frame);
    if (!Number.isNaN(now) && now !== before) return now;
    await frame.page().waitForTimeout(100);
  }
  throw new Error(`selection stayed at ${before}`);
}

export function query(dbPath, sql, ...args) {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all(...args);
  } finally {
    db.close();
  }
}

export async function until(fn, what, timeout = 10_000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    // A webview that is still loading (after a reload) may replace its document under us: try again.
    last = await Promise.resolve().then(fn).catch(() => false);
    if (last) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The CLI on the test's database; asserts it succeeded and returns its stdout. */
export function cli(repoRoot, dbPath, ...args) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'out', 'cli.js'), '--db', dbPath, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A training run `name` on the selection `selection` (NAME@N), by the stand-in trainer through the CLI: its config
 *  written to DIR/NAME.train.json, `epochs` epochs of two steps each. */
export function fakeTrainRun(repoRoot, dbPath, dir, { name, selection, epochs = 2 }) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.train.json`);
  fs.writeFileSync(file, JSON.stringify({
    name, selection, trainer: 'trl', epochs, runDir: name,
    launcherPath: path.join(repoRoot, 'test', 'fixtures', 'train', 'fake-hf-trainer.mjs'),
  }, null, 2));
  cli(repoRoot, dbPath, 'train', '--config', file);
}

/** Runs use(url, model) against a replay server of the given sample file, stopped afterwards. */
export async function withReplay(repoRoot, samplesFile, use) {
  const server = spawn(process.execPath, [path.join(repoRoot, 'out', 'cli.js'), '--json', 'serve-replay', '--traces', path.join(repoRoot, 'samples', samplesFile), '--port', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const line = await new Promise((resolve, reject) => {
      createInterface({ input: server.stdout }).once('line', resolve);
      server.once('exit', (code) => reject(new Error(`replay server exited with ${code}`)));
    });
    const { url, model } = JSON.parse(line);
    await use(url, model);
  } finally {
    server.kill('SIGTERM');
  }
}
