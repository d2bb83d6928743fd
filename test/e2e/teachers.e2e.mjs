// The runs dashboard's Teachers view as a person reaches it: two generation runs of the pre-imported s1K questions
// (against the replay server, verified by maths), Distillery: Compare Teachers… from the palette with both ticked,
// and the view's figures equal to `distillery teachers --json`, with its thinking-length chart drawn by Vega.
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cli, dashboardFrame, runCommand, until, withReplay } from './panel.mjs';

const RUNS = ['e2e-teach-a', 'e2e-teach-b'];
const SELECTION = 'e2e-teachers';
const pct = (x) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

/** A selection of the pre-imported data set's questions (no CLI command saves one from a filter). */
function saveSelection(dbPath) {
  const db = new Database(dbPath);
  try {
    const ds = db.prepare("SELECT id FROM datasets WHERE name = 's1k-sample-5'").pluck().get();
    const ids = db.prepare('SELECT id FROM samples WHERE dataset_id = ? ORDER BY id').pluck().all(ds);
    const sel = Number(db.prepare("INSERT INTO selections (name, version, dataset_id, recipe, seed, funnel) VALUES (?, 1, ?, 'null', 0, '[]')").run(SELECTION, ds).lastInsertRowid);
    ids.forEach((id, rank) => db.prepare('INSERT INTO selection_items (selection_id, sample_id, rank) VALUES (?, ?, ?)').run(sel, id, rank));
  } finally {
    db.close();
  }
}

export const tests = [
  {
    name: 'Compare Teachers opens the Teachers view: the figures of distillery teachers --json and the length chart',
    async run({ page, dbPath, repoRoot, resultsDir, log }) {
      saveSelection(dbPath);
      await withReplay(repoRoot, 's1k-sample-5.jsonl', async (url, model) => {
        RUNS.forEach((run, i) => cli(repoRoot, dbPath, 'generate', '--backend', url, '--model', model, '--selection', SELECTION, '--samples', String(i + 1), '--run', run));
      });
      for (const run of RUNS) cli(repoRoot, dbPath, 'verify', '--run', run, '--kind', 'math');
      try {
        await runCommand(page, 'Distillery: Compare Teachers…');
        const qi = page.locator('.quick-input-widget');
        await qi.locator('.quick-input-title', { hasText: 'Compare which teachers?' }).waitFor({ state: 'visible' });
        // Narrow the list to the two runs, tick each, accept.
        await page.keyboard.type('e2e-teach-');
        await until(async () => (await qi.locator('.monaco-list-row').count()) === RUNS.length, 'the two runs listed');
        for (const run of RUNS) {
          const row = qi.locator(`.monaco-list-row[aria-label^="${run},"]`);
          await row.locator('.monaco-checkbox').click();
          await until(async () => (await row.getAttribute('aria-checked')) === 'true', `${run} ticked`);
        }
        // Accept from the filter box: after a click the focus may still be on the checkbox, where Enter toggles it
        // instead of accepting (the pick then stays open and no dashboard comes).
        await qi.locator('input.input').focus();
        await page.keyboard.press('Enter');
        await qi.waitFor({ state: 'hidden', timeout: 10_000 });
        const dash = await dashboardFrame(page);
        const section = dash.locator('section.teachers');
        await section.locator('h3', { hasText: 'Teachers' }).waitFor({ state: 'visible', timeout: 20_000 });
        // The CLI's comparison of the runs in the order the view lists them (the quick pick's order).
        const shown = await section.locator('tr[data-teacher]').evaluateAll((rows) => rows.map((r) => r.dataset.teacher));
        assert.deepEqual([...shown].sort(), RUNS);
        const expected = JSON.parse(cli(repoRoot, dbPath, '--json', 'teachers', '--run', shown.join(',')));
        for (const t of expected.teachers) {
          const row = section.locator(`tr[data-teacher="${t.run}"]`);
          await row.waitFor({ state: 'visible' });
          assert.equal((await row.locator('td.accuracy').innerText()).trim(), `${pct(t.accuracy)} (${t.right}/${t.judged})`);
          const m = t.thinking_tokens;
          assert.equal((await row.locator('td.thinking').innerText()).trim(), m.mean === null ? '-' : `${Math.round(m.mean)} (p10 ${m.p10} – p90 ${m.p90})`);
          assert.equal((await row.locator('td').nth(2).innerText()).trim(), String(t.traces));
        }
        const [pair] = expected.agreement;
        const cells = await section.locator(`tr[data-pair="${pair.a}|${pair.b}"] td`).allInnerTexts();
        assert.deepEqual(cells.slice(1).map((c) => c.trim()), [pair.common, pair.both_right, pair.both_wrong, pair.disagree].map(String).concat(pct(pair.agreement)));
        // The chart, drawn by Vega: one bar per teacher and bin.
        const bars = dash.locator('figure[data-chart="teachers:lengths"] g.mark-rect path');
        await until(async () => (await bars.count()) > 0, 'bars in the thinking-length chart', 30_000);
        await dash.locator('figure[data-chart="teachers:lengths"]').scrollIntoViewIfNeeded();
        await page.waitForTimeout(300);
        await page.screenshot({ path: path.join(resultsDir, 'dashboard-teachers.png') });
        log('screenshot test-results/e2e/dashboard-teachers.png');
      } finally {
        await runCommand(page, 'View: Close All Editors');
      }
    },
  },
];
