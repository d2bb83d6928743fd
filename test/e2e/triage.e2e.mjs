// Triage in the review panel: the list keys (arrows, Home/End, PageUp/PageDown), Escape on the keys overlay,
// a decision that moves on; detector labels in the label filter; an evaluation's traces by budget with the
// verdict in each trace's header; Compare… across samples; fake badges drawn by trace math stay plain text.
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cli, panelFrame, pick, query, runCommand, selectedId, until, withReplay } from './panel.mjs';

let frame;

/** An evaluation run against the replay server, its budgets given out of order (results land as they finish). */
async function replayEval(repoRoot, dbPath) {
  await withReplay(repoRoot, 'math500.jsonl', async (url, model) => {
    cli(repoRoot, dbPath, 'eval', '--backend', url, '--model', model, '--benchmark', 'math500:1', '--method', 'truncation', '--budgets', 'inf,2000,500,1000', '--run', 'e2e-budgets');
  });
}

async function waitSelected(frame, id, what) {
  await until(async () => (await selectedId(frame)) === id, what);
}

const rowIds = (frame) => frame.locator('.row[data-id]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.id)));

export const tests = [
  {
    name: 'list keys: arrows, Home/End, PageUp/PageDown move the selection; Escape closes the keys; a accepts and moves on, u comes back',
    async run({ page, dbPath, repoRoot }) {
      cli(repoRoot, dbPath, 'import', path.join(repoRoot, 'test', 'e2e', 'fixtures', 'triage.jsonl'), '--dataset', 'triage', '--json');
      cli(repoRoot, dbPath, 'curate', '--dataset', 'triage', '--recipe', path.join(repoRoot, 'test', 'e2e', 'fixtures', 'triage.recipe.json'));
      await runCommand(page, 'Distillery: Review Dataset');
      await pick(page, 'Review which data set?', 'triage');
      frame = await panelFrame(page);
      await frame.locator('#count', { hasText: '3 samples' }).waitFor({ state: 'visible', timeout: 20_000 });
      const ids = await until(async () => { const r = await rowIds(frame); return r.length === 3 && r; }, 'three rows');
      // A click on a row gives the list the keys.
      await frame.locator(`.row[data-id="${ids[0]}"]`).click();
      await waitSelected(frame, ids[0], 'first row');
      for (const [key, at] of [['ArrowDown', 1], ['ArrowDown', 2], ['ArrowUp', 1], ['Home', 0], ['End', 2], ['PageUp', 0], ['PageDown', 2], ['Home', 0]]) {
        await page.keyboard.press(key);
        await waitSelected(frame, ids[at], `${key} → row ${at}`);
      }
      assert.equal(await frame.locator('.row.selected').getAttribute('data-id'), String(ids[0]), 'the selected row is marked in the list');
      // In the sample being read, the arrows scroll it and leave the list alone.
      await frame.locator('.detail').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('ArrowDown');
      await page.waitForTimeout(400);
      assert.equal(await selectedId(frame), ids[0], 'ArrowDown in the sample does not move the list');
      // ? opens the keys overlay, Escape closes it.
      await page.waitForTimeout(300); // the panel tells VS Code it has focus (a `when` context for its keys)
      await page.keyboard.press('Shift+Slash');
      await frame.locator('aside.help').waitFor({ state: 'visible' });
      assert.match(await frame.locator('aside.help').innerText(), /Home/);
      // On top of the sample's pane, not behind it: its close button and its right-hand end are the overlay's own.
      const covered = await frame.evaluate(() => {
        const help = document.querySelector('aside.help');
        const r = help.getBoundingClientRect();
        const close = help.querySelector('.help-close').getBoundingClientRect();
        return [[close.left + close.width / 2, close.top + close.height / 2], [r.right - 10, r.top + r.height / 2]]
          .filter(([x, y]) => !help.contains(document.elementFromPoint(x, y))).map((p) => p.map(Math.round).join(','));
      });
      assert.deepEqual(covered, [], 'points of the keys overlay covered by something else');
      await page.keyboard.press('Escape');
      await frame.locator('aside.help').waitFor({ state: 'detached', timeout: 5_000 });
      // a accepts the sample and moves on to the next; u takes the decision back and returns to it.
      await page.keyboard.press('a');
      await until(() => query(dbPath, 'SELECT status FROM samples WHERE id = ?', ids[0])[0]?.status === 'accepted', 'accepted');
      await waitSelected(frame, ids[1], 'moved on to the next sample');
      assert.match(await frame.locator(`.row[data-id="${ids[0]}"] .badge`).innerText(), /accepted/i);
      await page.keyboard.press('u');
      await until(() => query(dbPath, 'SELECT status FROM samples WHERE id = ?', ids[0])[0]?.status === 'unreviewed', 'undone');
      await waitSelected(frame, ids[0], 'back on the sample undone');
    },
  },
  {
    name: 'the label filter lists detector labels (api-error) and filters by them',
    async run() {
      const option = frame.locator('#label option[value="api-error"]');
      await until(async () => (await option.count()) === 1, 'api-error in the label filter');
      await frame.locator('#label').selectOption('api-error');
      await frame.locator('#count', { hasText: '1 sample' }).waitFor({ state: 'visible' });
      assert.match(await frame.locator('.row.selected .preview').innerText(), /api-error[\s\S]*6 times 7/);
      await frame.locator('#label').selectOption('');
      await frame.locator('#count', { hasText: '3 samples' }).waitFor({ state: 'visible' });
      // The filter's placeholders fit their fields (they were cut to "max k cha").
      const clipped = await frame.locator('.bar input[placeholder]').evaluateAll((inputs) => inputs.map((i) => {
        const s = i.ownerDocument.defaultView.getComputedStyle(i);
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = `${s.fontSize} ${s.fontFamily}`;
        const room = i.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - (i.type === 'number' ? 16 : 0);
        return ctx.measureText(i.placeholder).width > room ? `${i.id}: "${i.placeholder}" in ${room}px` : null;
      }).filter(Boolean));
      assert.deepEqual(clipped, [], 'no placeholder is clipped');
    },
  },
  {
    name: 'an evaluation\'s traces of one question by budget, each with its verdict in its header; Compare… diffs two traces',
    async run({ page, dbPath, repoRoot, screenshot }) {
      // The picture shows the review panel: the Output panel (opened by an earlier test) is hidden.
      if (await page.locator('.part.panel').isVisible()) {
        await runCommand(page, 'View: Toggle Panel Visibility');
        await page.locator('.part.panel').waitFor({ state: 'hidden' });
      }
      await replayEval(repoRoot, dbPath);
      await until(async () => (await frame.locator('#dataset option[value="eval:math500"]').count()) > 0, 'the evaluation in the data sets', 20_000);
      await frame.locator('#dataset').selectOption('eval:math500');
      const traces = frame.locator('.detail .trace');
      await until(async () => (await traces.count()) === 4, 'four traces');
      const heads = await traces.locator('.trace-head h3').allInnerTexts();
      assert.deepEqual(heads.map((h) => h.split('·').pop().trim()), ['500', '1000', '2000', 'inf'], heads.join(' | '));
      for (let i = 0; i < 4; i++) {
        const verdict = traces.nth(i).locator('.trace-head .verdict');
        await verdict.waitFor({ state: 'visible' });
        assert.match(await verdict.innerText(), /gold/);
        assert.equal(await verdict.locator('.codicon').count(), 1, 'the verdict has its icon');
      }
      assert.equal(await frame.locator('.detail .check').count(), 0, 'no verdict left at the bottom');
      // Compare… on the 500 trace, then on the unlimited one: their diff opens.
      await traces.nth(0).locator('.compare').click();
      await frame.locator('.notice', { hasText: 'marked' }).waitFor({ state: 'visible' });
      assert.match(await traces.nth(3).locator('.compare').innerText(), /Diff with #/);
      await runCommand(page, 'Preferences: Color Theme');
      await pick(page, null, 'Dark Modern');
      await page.waitForTimeout(800);
      await screenshot('review-eval-budgets.png');
      await traces.nth(3).locator('.compare').click();
      await frame.locator('.diff .diff-body').waitFor({ state: 'visible' });
      const picked = await frame.locator('.diff select').evaluateAll((s) => s.map((x) => x.selectedOptions[0].textContent));
      assert.match(picked[0], /· 500/);
      assert.match(picked[1], /· inf/);
      await runCommand(page, 'Preferences: Color Theme');
      await pick(page, null, 'Light Modern');
    },
  },
  {
    name: 'd on a one-trace sample marks its trace, d on another sample diffs the two; trace math draws no fake badge',
    async run({ page }) {
      await frame.locator('#dataset').selectOption('triage');
      await frame.locator('#count', { hasText: '3 samples' }).waitFor({ state: 'visible', timeout: 20_000 });
      const ids = await until(async () => { const r = await rowIds(frame); return r.length === 3 && r; }, 'three rows');
      await frame.locator(`.row[data-id="${ids[1]}"]`).click();
      await waitSelected(frame, ids[1], 'the sample with coloured boxes');
      await frame.locator('.detail').click({ position: { x: 5, y: 5 } });
      await page.waitForTimeout(300);
      await page.keyboard.press('d');
      await frame.locator('.notice', { hasText: 'one trace' }).waitFor({ state: 'visible' });
      assert.equal(await frame.locator('.error').count(), 0, 'not an error');
      assert.match(await frame.locator('.trace .compare.marked').innerText(), /Marked/);
      // Its thinking writes "ACCEPTED" and "correct" in \colorbox / \fcolorbox: text, with no coloured box.
      await frame.locator('details.thinking summary').first().click();
      const md = frame.locator('details.thinking .md').first();
      await md.waitFor({ state: 'visible' });
      // The slice is in the page from the click's own task; its text is rendered text (innerText) from the next frame.
      await until(async () => /ACCEPTED[\s\S]*correct/.test(await md.innerText()), 'the thinking\'s text, ACCEPTED and correct');
      const painted = await md.locator('.katex-html *').evaluateAll((els) => els.filter((e) => {
        const bg = e.ownerDocument.defaultView.getComputedStyle(e).backgroundColor;
        return bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent';
      }).length);
      assert.equal(painted, 0, 'no background painted by trace math');
      assert.equal(await md.locator('.real-badge, .codicon').count(), 0, 'the real badges are not inside the text');
      // The status badge and verdict are the panel's: icon and border, outside the rendered text.
      assert.equal(await frame.locator('#status-badge .codicon').count(), 1);
      assert.equal(await frame.locator('.trace-head .verdict .codicon').count(), 1);
      // Next sample, d: the marked trace and this one's are diffed.
      await page.keyboard.press('j');
      await waitSelected(frame, ids[2], 'next sample');
      await page.keyboard.press('d');
      await frame.locator('.diff .diff-body').waitFor({ state: 'visible' });
      const picked = await frame.locator('.diff select').evaluateAll((s) => s.map((x) => x.selectedOptions[0].textContent));
      assert.match(picked[0], new RegExp(`sample #${ids[1]}`), picked.join(' | '));
    },
  },
  {
    name: 'a list that was empty shows its first sample once another process gives it one (not "No sample selected")',
    async run({ dbPath }) {
      // As Generate Traces opens the panel on its run before the first trace is stored: here, no triage sample is
      // flagged yet; another process flags one.
      await frame.locator('#dataset').selectOption('triage');
      await frame.locator('#count', { hasText: '3 samples' }).waitFor({ state: 'visible', timeout: 20_000 });
      const ids = await until(async () => { const r = await rowIds(frame); return r.length === 3 && r; }, 'three rows');
      const shown = await selectedId(frame);
      const id = ids.find((x) => x !== shown);
      await frame.locator('#status').selectOption('flagged');
      await frame.locator('#count', { hasText: '0 samples' }).waitFor({ state: 'visible' });
      await frame.locator('.detail .empty', { hasText: 'No sample selected' }).waitFor({ state: 'visible' });
      const db = new Database(dbPath);
      try {
        db.prepare("UPDATE samples SET status = 'flagged' WHERE id = ?").run(id);
      } finally {
        db.close();
      }
      await frame.locator('#count', { hasText: '1 sample' }).waitFor({ state: 'visible', timeout: 20_000 });
      await waitSelected(frame, id, 'the sample flagged elsewhere shown');
      await frame.locator('.detail .question').waitFor({ state: 'visible' });
      // Kept as a selection of its own: one sample, said in the singular.
      await frame.locator('#save-selection').click();
      await frame.locator('#selection-name').fill('flagged-one');
      await frame.locator('#selection-name').press('Enter');
      await frame.locator('.notice', { hasText: 'flagged-one@1' }).waitFor({ state: 'visible' });
      assert.equal(await frame.locator('.notice').innerText(), 'saved 1 sample as flagged-one@1');
      await frame.locator('#status').selectOption('');
    },
  },
];
