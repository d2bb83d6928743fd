// The runs dashboard as a person uses it: two AIME24 evaluation runs against the replay server, Distillery: Show
// Runs Dashboard from the palette, the page's CSP (no 'unsafe-eval': Vega draws through its interpreter), a click
// on a point of the scaling plot landing on its samples in the review list, and two runs ticked showing their
// paired difference, whose count opens exactly the question that flipped.
// AIME24, not MATH500: the triage suite reads the first eval:math500 question's traces and must find only its own.
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cli, dashboardFrame, panelFrame, query, runCommand, until, withReplay } from './panel.mjs';

const RUN_A = 'e2e-dash';
const RUN_B = 'e2e-dash-tuned';

/** Two runs of the same four AIME24 questions against the replay server. */
async function replayRuns(repoRoot, dbPath) {
  await withReplay(repoRoot, 'aime24.jsonl', async (url, model) => {
    for (const run of [RUN_A, RUN_B]) {
      cli(repoRoot, dbPath, 'eval', '--backend', url, '--model', model, '--benchmark', 'aime24:4', '--method', 'truncation', '--budgets', '500,2000,inf', '--run', run);
    }
  });
}

let dash;
/** The scaling plot's points (not its legend's symbols). */
const POINTS = 'figure[data-chart="scaling"] g.mark-symbol.role-mark path';

export const tests = [
  {
    name: 'Show Runs Dashboard lists the runs with their progress, metrics and plots, under a CSP without unsafe-eval',
    async run({ page, dbPath, repoRoot }) {
      await replayRuns(repoRoot, dbPath);
      await runCommand(page, 'Distillery: Show Runs Dashboard');
      dash = await dashboardFrame(page);
      const csp = await dash.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '');
      assert.match(csp, /script-src 'nonce-[^']+'(;|$)/, csp);
      assert.doesNotMatch(csp, /unsafe-eval/, 'no unsafe-eval');
      // Both runs, done, 12 of 12 results (4 questions × 3 budgets); the newest is shown.
      for (const run of [RUN_A, RUN_B]) {
        const row = dash.locator(`tr[data-run="${run}"]`);
        await row.waitFor({ state: 'visible', timeout: 20_000 });
        assert.match(await row.innerText(), /eval\s+done\s+12 \/ 12\s+replay/);
      }
      assert.equal(await dash.locator(`tr[data-run="${RUN_B}"] input[type=checkbox]`).isChecked(), true);
      await dash.locator('table.metrics tbody tr').first().waitFor({ state: 'visible' });
      assert.equal(await dash.locator('table.metrics tbody tr').count(), 3, 'one metrics row per budget');
      // The report's scaling plot, drawn by Vega in the page (no eval), with a point per budget.
      await until(async () => (await dash.locator(POINTS).count()) === 3, 'three points in the scaling plot', 30_000);
      // For a screen reader: every header cell is a column header with words (the checkboxes' and the Review
      // buttons' columns too), each run's checkbox is named, the plot says what it plots.
      const heads = await dash.locator('th').evaluateAll((ths) => ths.map((t) => [t.getAttribute('scope'), t.textContent.trim()]));
      assert.deepEqual(heads.filter(([scope, text]) => scope !== 'col' || !text), [], 'header cells without scope="col" or words');
      assert.equal(await dash.getByRole('checkbox', { name: `Show ${RUN_A}`, exact: true }).count(), 1, 'the run checkbox is named');
      assert.equal(await dash.locator('figure[data-chart="scaling"]').getAttribute('aria-label'), 'Accuracy against mean thinking tokens');
    },
  },
  {
    name: 'clicking a point of the plot lands on its samples in the review list',
    async run({ page, dbPath }) {
      // Whichever point comes first: the notice names it (a label or error bar over it carries the same datum).
      await dash.locator(POINTS).first().click({ force: true });
      const notice = await until(async () => {
        const t = await dash.locator('.notice').innerText().catch(() => '');
        return /opened in the review panel/.test(t) && t;
      }, 'the notice of the point opened');
      const m = /^(\d+) samples? of (\S+) · aime24 · truncation · budget (\w+)/.exec(notice);
      assert.ok(m, notice);
      const [, n, run, budget] = m;
      const review = await panelFrame(page);
      await review.locator('#count', { hasText: `${n} sample` }).waitFor({ state: 'visible', timeout: 20_000 });
      assert.equal(await review.locator('#dataset').inputValue(), 'eval:aime24');
      assert.equal(await review.locator('#run').inputValue(), run);
      assert.equal(await review.locator('#budget').inputValue(), budget);
      const expected = query(dbPath, `SELECT DISTINCT x.sample_id AS id FROM results x JOIN runs r ON r.id = x.run_id
        WHERE r.name = ? AND ifnull(x.budget, -1) = ? ORDER BY x.sample_id`, run, budget === 'inf' ? -1 : Number(budget)).map((r) => r.id);
      const shown = await until(async () => {
        const ids = await review.locator('.row[data-id]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.id)));
        return ids.length === expected.length && ids;
      }, 'the point\'s rows');
      assert.deepEqual(shown.sort((a, b) => a - b), expected);
    },
  },
  {
    name: 'two runs ticked show their paired difference; its count opens the question that flipped',
    async run({ page, dbPath, resultsDir, log }) {
      try {
        // A hand-made flip: the tuned run gets the first question's unlimited-budget answer right, the base run wrong.
        const [q] = query(dbPath, "SELECT min(x.sample_id) AS id FROM results x JOIN runs r ON r.id = x.run_id WHERE r.name = ?", RUN_A);
        const db = new Database(dbPath);
        try {
          db.prepare('UPDATE results SET grade = ? WHERE sample_id = ? AND budget IS NULL AND run_id = (SELECT id FROM runs WHERE name = ?)').run(0, q.id, RUN_A);
          db.prepare('UPDATE results SET grade = ? WHERE sample_id = ? AND budget IS NULL AND run_id = (SELECT id FROM runs WHERE name = ?)').run(1, q.id, RUN_B);
        } finally {
          db.close();
        }
        await dash.locator(`tr[data-run="${RUN_A}"] input[type=checkbox]`).check();
        const section = dash.locator('section.compare');
        await section.waitFor({ state: 'visible', timeout: 20_000 });
        const inf = section.locator('tbody tr', { hasText: 'inf' });
        await until(async () => (await inf.locator('.only-a button').innerText().catch(() => '')) === '1', 'one question right only in the tuned run (the first ticked)');
        assert.match(await section.locator('h3').innerText(), new RegExp(`${RUN_B} against ${RUN_A}`));
        await until(async () => (await dash.locator(POINTS).count()) === 6, 'both runs in the plot', 30_000);
        await dash.locator('figure[data-chart="scaling"]').scrollIntoViewIfNeeded();
        await page.waitForTimeout(500);
        await page.screenshot({ path: path.join(resultsDir, 'dashboard.png') });
        // The plot at the top, the paired difference below it.
        await dash.locator('figure[data-chart="scaling"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
        await page.waitForTimeout(500);
        await page.screenshot({ path: path.join(resultsDir, 'dashboard-pairs.png') });
        log('screenshots test-results/e2e/dashboard.png, dashboard-pairs.png');
        await inf.locator('.only-a button').click();
        const review = await panelFrame(page);
        await review.locator('#count', { hasText: '1 sample' }).waitFor({ state: 'visible', timeout: 20_000 });
        assert.match(await review.locator('#clear-ids').innerText(), /1 listed sample/);
        // The rows can paint a moment after the count: wait for the one row listed, not the old list's.
        const only = await until(async () => {
          const ids = await review.locator('.row[data-id]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.id)));
          return ids.length === 1 && ids;
        }, 'the one listed row');
        assert.deepEqual(only, [q.id]);
        // The chip drops the list: every question of the data set again.
        await review.locator('#clear-ids').click();
        await review.locator('#count', { hasText: '4 samples' }).waitFor({ state: 'visible', timeout: 20_000 });
      } finally {
        // The suites after this one open their own panels.
        await runCommand(page, 'View: Close All Editors');
      }
    },
  },
];
