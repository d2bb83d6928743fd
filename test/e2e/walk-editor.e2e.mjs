// Two defects found by walking the editor as a user: Open Report…'s picker says "the first picked is the
// baseline", so the runs must reach the report in the order they were ticked, not the list's order; and a training
// run ticked in the runs dashboard draws its loss curve (a spec as wide as its container), which must not be drawn
// 0 pixels wide.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cli, dashboardFrame, fakeTrainRun, runCommand, until, withReplay } from './panel.mjs';

const RUN_A = 'e2e-walk-a';
const RUN_B = 'e2e-walk-b';
const TRAIN = 'e2e-walk-train';

/** A selection of the pre-imported data set's questions (no CLI command saves one from a filter). */
function saveSelection(dbPath, name) {
  const db = new Database(dbPath);
  try {
    const ds = db.prepare("SELECT id FROM datasets WHERE name = 's1k-sample-5'").pluck().get();
    const ids = db.prepare('SELECT id FROM samples WHERE dataset_id = ? ORDER BY id').pluck().all(ds);
    const sel = Number(db.prepare("INSERT INTO selections (name, version, dataset_id, recipe, seed, funnel) VALUES (?, 1, ?, 'null', 0, '[]')").run(name, ds).lastInsertRowid);
    ids.forEach((id, rank) => db.prepare('INSERT INTO selection_items (selection_id, sample_id, rank) VALUES (?, ?, ?)').run(sel, id, rank));
  } finally {
    db.close();
  }
}

export const tests = [
  {
    name: 'Open Report… keeps the order the runs were ticked in: the first ticked is the baseline',
    async run({ page, dbPath, repoRoot, workspace }) {
      // AIME24, not MATH500: the triage suite reads the first eval:math500 question's traces and must find only its own.
      await withReplay(repoRoot, 'aime24.jsonl', async (url, model) => {
        for (const run of [RUN_A, RUN_B]) {
          cli(repoRoot, dbPath, 'eval', '--backend', url, '--model', model, '--benchmark', 'aime24:2', '--method', 'truncation', '--budgets', '500,inf', '--run', run);
        }
      });
      try {
        await runCommand(page, 'Distillery: Open Report…');
        const qi = page.locator('.quick-input-widget');
        await qi.locator('.quick-input-title', { hasText: 'the first picked is the baseline' }).waitFor({ state: 'visible', timeout: 20_000 });
        const row = (run) => qi.locator('.monaco-list-row', { hasText: run });
        await until(async () => (await row(RUN_A).count()) === 1 && (await row(RUN_B).count()) === 1, 'both runs listed');
        // Tick the one listed second first, so that the order ticked and the list's order differ.
        // (Rows are placed by position: the DOM's order is not the list's, their data-index is.)
        const index = async (run) => Number(await row(run).getAttribute('data-index'));
        const at = { [RUN_A]: await index(RUN_A), [RUN_B]: await index(RUN_B) };
        assert.ok(Number.isFinite(at[RUN_A]) && Number.isFinite(at[RUN_B]) && at[RUN_A] !== at[RUN_B], JSON.stringify(at));
        const listed = [RUN_A, RUN_B].sort((x, y) => at[x] - at[y]);
        const ticked = [listed[1], listed[0]];
        for (const run of ticked) {
          await row(run).locator('.quick-input-list-checkbox, input[type=checkbox], .monaco-checkbox').first().click();
          await page.waitForTimeout(200);
        }
        await qi.locator('.monaco-button', { hasText: 'OK' }).click();
        const report = path.join(workspace, 'reports', ticked.join('+'), 'report.md');
        const wrong = path.join(workspace, 'reports', listed.join('+'), 'report.md');
        await until(() => fs.existsSync(report) || fs.existsSync(wrong), 'the report written', 60_000);
        assert.ok(!fs.existsSync(wrong), `the report took the list's order (${listed[0]} first), not the order ticked (${ticked[0]} first)`);
        assert.match(fs.readFileSync(report, 'utf8').split('\n')[0], new RegExp(`${ticked[0]}.*${ticked[1]}`), 'the first ticked is the baseline');
      } finally {
        await runCommand(page, 'View: Close All Editors');
      }
    },
  },
  {
    name: 'a training run ticked in the runs dashboard draws its loss curve, as wide as the page',
    async run({ page, dbPath, repoRoot, workspace, resultsDir, log }) {
      saveSelection(dbPath, 'e2e-walk-train-sel');
      fakeTrainRun(repoRoot, dbPath, path.join(workspace, 'train'), { name: TRAIN, selection: 'e2e-walk-train-sel@1' });
      try {
        await runCommand(page, 'Distillery: Show Runs Dashboard');
        const dash = await dashboardFrame(page);
        const box = dash.locator(`tr[data-run="${TRAIN}"] input[type=checkbox]`);
        await box.waitFor({ state: 'visible', timeout: 20_000 });
        await box.check();
        const svg = dash.locator(`figure[data-chart="loss:${TRAIN}"] svg`);
        await svg.waitFor({ state: 'attached', timeout: 30_000 });
        const width = await until(async () => Number(await svg.getAttribute('width')) || false, 'the loss chart drawn', 20_000).catch(() => 0);
        await svg.scrollIntoViewIfNeeded().catch(() => {});
        await page.waitForTimeout(300);
        await page.screenshot({ path: path.join(resultsDir, 'dashboard-loss.png') });
        log('screenshot test-results/e2e/dashboard-loss.png');
        assert.ok(width > 300, `the loss chart is ${width} px wide`);
        // Its line: one point per logged step (4: 2 epochs of 2 steps).
        assert.equal(await dash.locator(`figure[data-chart="loss:${TRAIN}"] g.mark-symbol path`).count(), 4);
      } finally {
        await runCommand(page, 'View: Close All Editors');
      }
    },
  },
];
