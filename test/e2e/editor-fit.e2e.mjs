// The editor's pages in a small window, as found by walking the extension: a curation funnel above the review list
// must leave the list most of a 700 px-tall window (it took most of the height above the list, a bar per stage),
// and the runs dashboard in a narrow editor must fit its pane (the runs table and the charts made the whole page
// scroll sideways): tables scroll in their own box, charts shrink. Sizes and positions are compared, never times.
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cli, dashboardFrame, fakeTrainRun, panelFrame, pick, runCommand, until, withReplay } from './panel.mjs';

const SELECTION = 'e2e-fit-funnel';
const EVAL = 'e2e-fit-eval';
const TRAIN = 'e2e-fit-train';
/** The list's rows are 44 px (sample-list.ts). */
const ROW_HEIGHT = 44;
/** s1k's funnel: the start, its eight stages and a person's drops. */
const STAGES = ['start', 'api errors / missing features', 'empty or truncated thinking', 'formatting', 'decontaminate against benchmarks',
  'dedup (fuzzy)', 'difficulty: both models right', 'benchmark picks (AIME, GPQA)', 'diversity: by domain', 'human drop'];

/** A selection of the pre-imported data set's questions with an s1k-like funnel (no CLI command saves one from a filter). */
function saveSelection(dbPath, name, funnel) {
  const db = new Database(dbPath);
  try {
    const ds = db.prepare("SELECT id FROM datasets WHERE name = 's1k-sample-5'").pluck().get();
    const ids = db.prepare('SELECT id FROM samples WHERE dataset_id = ? ORDER BY id').pluck().all(ds);
    const sel = Number(db.prepare("INSERT INTO selections (name, version, dataset_id, recipe, seed, funnel) VALUES (?, 1, ?, 'null', 0, ?)")
      .run(name, ds, JSON.stringify(funnel)).lastInsertRowid);
    ids.forEach((id, rank) => db.prepare('INSERT INTO selection_items (selection_id, sample_id, rank) VALUES (?, ?, ?)').run(sel, id, rank));
  } finally {
    db.close();
  }
}

/** The frame's height, the list's box and the funnel's, in the frame's pixels. */
const layout = (frame) => frame.evaluate(() => {
  const box = (sel) => {
    const e = document.querySelector(sel);
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return { top: r.top, height: r.height, bottom: r.bottom };
  };
  return { window: window.innerHeight, list: box('.list'), funnel: box('.funnel'), rows: box('.funnel-rows') };
});

export const tests = [
  {
    name: 'in a 700 px-tall window the funnel is one line above the review list, which keeps most of the height; opened, its stages scroll in their own box',
    async run({ page, dbPath, screenshot, log }) {
      let kept = 59_029;
      const funnel = STAGES.map((stage, i) => {
        const dropped = i === 0 ? 0 : Math.round(kept * 0.3);
        kept -= dropped;
        return { stage, type: i === 0 ? 'start' : 'detector', kept: i === STAGES.length - 1 ? 5 : kept, dropped };
      });
      saveSelection(dbPath, SELECTION, funnel);
      await page.setViewportSize({ width: 1400, height: 700 });
      try {
        await runCommand(page, 'Distillery: Review Dataset');
        // With one data set in the database the panel opens on it; with more, it asks which.
        const asked = page.locator('.quick-input-widget .quick-input-title', { hasText: 'Review which data set?' });
        const opened = async () => {
          for (const f of page.frames()) if (await f.locator('distillery-review').count().catch(() => 0)) return true;
          return false;
        };
        await until(async () => (await asked.isVisible()) || opened(), 'the picker or the panel', 30_000);
        if (await asked.isVisible()) await pick(page, 'Review which data set?', 's1k-sample-5');
        const frame = await panelFrame(page);
        await until(async () => (await frame.locator('#selection option', { hasText: `${SELECTION}@1` }).count()) > 0, 'the selection in the filter', 20_000);
        await frame.locator('#selection').selectOption(`${SELECTION}@1`);
        await frame.locator('.funnel', { hasText: `${SELECTION}@1` }).waitFor({ state: 'visible', timeout: 20_000 });
        await frame.locator('#count', { hasText: '5 samples' }).waitFor({ state: 'visible', timeout: 20_000 });
        // The window's height goes to the editor: a terminal or output panel left open below by an earlier test
        // (the whole suite's order) would halve it.
        if (await page.locator('.part.panel').isVisible().catch(() => false)) await runCommand(page, 'View: Hide Panel');
        await page.waitForTimeout(300);
        const closed = await layout(frame);
        log(`700 px window: panel ${closed.window} px, funnel ${closed.funnel.height.toFixed(0)} px, list ${closed.list.height.toFixed(0)} px`);
        await screenshot('review-funnel-700.png');
        // The list keeps most of the panel; the funnel is one line that says where the selection came from.
        const rows = Math.floor(closed.list.height / ROW_HEIGHT);
        assert.ok(rows >= 9 && closed.list.height >= 0.75 * closed.window,
          `the list shows ${rows} rows (${closed.list.height} of ${closed.window} px)`);
        assert.ok(closed.funnel.height <= 32, `the funnel is one line, not ${closed.funnel.height} px`);
        assert.match(await frame.locator('.funnel').innerText(), /59,029 → 5 through 9 stages/);
        // Opened: every stage is there, in a box of at most a third of the panel that scrolls; the list keeps the rest.
        await frame.locator('.funnel summary').click({ position: { x: 4, y: 6 } });
        await frame.locator('.funnel-row').first().waitFor({ state: 'visible' });
        const open = await layout(frame);
        await screenshot('review-funnel-700-open.png');
        assert.equal(await frame.locator('.funnel-row').count(), STAGES.length);
        assert.ok(open.rows.height <= open.window / 3 + 1, `the stages' box is ${open.rows.height} of ${open.window} px`);
        assert.ok(Math.floor(open.list.height / ROW_HEIGHT) >= 6, `open, the list still shows ${open.list.height} px`);
        const last = frame.locator('.funnel-row', { hasText: 'human drop' });
        await last.scrollIntoViewIfNeeded();
        assert.ok(await last.isVisible(), 'the last stage is reached by scrolling the funnel');
        assert.equal((await layout(frame)).list.top, open.list.top, 'scrolling the funnel moves nothing else');
        // Closed again, and the Export button on its line exports (a picker) without opening or closing it.
        await frame.locator('.funnel summary').click({ position: { x: 4, y: 6 } });
        await until(async () => (await frame.locator('.funnel-row').first().isVisible()) === false, 'the funnel closed');
        await frame.locator('.funnel-export').click();
        const qi = page.locator('.quick-input-widget');
        await qi.waitFor({ state: 'visible', timeout: 20_000 });
        await qi.locator('input.input').press('Escape');
        assert.equal(await frame.locator('.funnel details').evaluate((d) => d.open), false, 'Export… left the funnel closed');
      } finally {
        await page.setViewportSize({ width: 1400, height: 900 });
        await runCommand(page, 'View: Close All Editors');
      }
    },
  },
  {
    name: 'in a narrow editor the runs dashboard fits its pane: the tables scroll in their own box, the charts shrink',
    async run({ page, dbPath, repoRoot, workspace, screenshot, log }) {
      await withReplay(repoRoot, 'aime24.jsonl', async (url, model) => {
        cli(repoRoot, dbPath, 'eval', '--backend', url, '--model', model, '--benchmark', 'aime24:2', '--method', 'truncation', '--budgets', '500,inf', '--run', EVAL);
      });
      saveSelection(dbPath, `${TRAIN}-sel`, []);
      fakeTrainRun(repoRoot, dbPath, path.join(workspace, 'train'), { name: TRAIN, selection: `${TRAIN}-sel@1` });
      try {
        await runCommand(page, 'Distillery: Show Runs Dashboard');
        const dash = await dashboardFrame(page);
        for (const run of [EVAL, TRAIN]) {
          const box = dash.locator(`tr[data-run="${run}"] input[type=checkbox]`);
          await box.waitFor({ state: 'visible', timeout: 20_000 });
          await box.check();
        }
        // The training run's progress: its steps, not 0 (2 epochs of 2 steps).
        assert.match(await dash.locator(`tr[data-run="${TRAIN}"] td.progress`).innerText(), /4 \/ 4 steps/);
        await dash.locator('figure[data-chart="scaling"] svg').waitFor({ state: 'attached', timeout: 30_000 });
        await dash.locator(`figure[data-chart="loss:${TRAIN}"] svg`).waitFor({ state: 'attached', timeout: 30_000 });
        const wide = await dash.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
        log(`wide: the page ${wide.scroll} / ${wide.client} px`);
        // A narrow editor: the window shrinks, the side bar keeps its width.
        await page.setViewportSize({ width: 720, height: 900 });
        const fit = await until(async () => {
          const s = await dash.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, charts: document.body.dataset.chartsDrawn }));
          return s.client < 600 && s;
        }, 'the dashboard narrowed');
        await page.waitForTimeout(500);
        const narrow = await dash.evaluate(() => {
          const page = document.documentElement;
          const table = document.querySelector('table.runs');
          const figures = [...document.querySelectorAll('figure.chart')].map((f) => [f.dataset.chart, Math.round(f.getBoundingClientRect().right)]);
          return { scroll: page.scrollWidth, client: page.clientWidth, table: table.getBoundingClientRect().width, figures };
        });
        log(`narrow: the page ${narrow.scroll} / ${narrow.client} px (${fit.client}), runs table ${narrow.table} px, charts' right edges ${JSON.stringify(narrow.figures)}`);
        await screenshot('dashboard-narrow.png');
        assert.ok(narrow.scroll <= narrow.client, `the page scrolls sideways: ${narrow.scroll} px wide in ${narrow.client}`);
        for (const [id, right] of narrow.figures) assert.ok(right <= narrow.client, `chart ${id} ends at ${right} px, past ${narrow.client}`);
        // What is wider than the pane scrolls inside its own box, reachable: the runs table's last column.
        const started = dash.locator(`tr[data-run="${TRAIN}"] td.time`);
        await started.scrollIntoViewIfNeeded();
        assert.ok(await started.isVisible());
        assert.equal(await dash.evaluate(() => document.documentElement.scrollLeft), 0, 'the page itself did not scroll');
      } finally {
        await page.setViewportSize({ width: 1400, height: 900 });
        await runCommand(page, 'View: Close All Editors');
      }
    },
  },
];
