// The review panel as a person using only the keyboard, or a screen reader, meets it: what the sample list says
// it is (a list box whose rows say their place, status and question), where the focus goes when the note field,
// the keys overlay and the diff close (back where it was, never lost on the page), the Tab order, the diff's
// changes as insertions and deletions (not colour alone), and the high-contrast themes' outlines and borders.
import assert from 'node:assert/strict';
import path from 'node:path';
import { cli, panelFrame, pick, runCommand, selectedId, until } from './panel.mjs';

let frame;

/** What has the focus in the panel: '.list', '#note', 'aside.help …', 'body', … */
const focused = (frame) => frame.evaluate(() => {
  const a = document.activeElement;
  if (!a || a === document.body) return 'body';
  if (a.classList.contains('list')) return '.list';
  if (a.id) return `#${a.id}`;
  const help = a.closest('aside.help');
  if (help) return `aside.help ${a.tagName.toLowerCase()}`;
  if (a.closest('.detail')) return `.detail ${a.tagName.toLowerCase()}`;
  return a.tagName.toLowerCase();
});

/** Waits for the focus to be at `where`; a failure says where it is instead. */
async function focusAt(frame, where, what) {
  let last = '';
  try {
    await until(async () => (last = await focused(frame)) === where, what, 5_000);
  } catch {
    assert.fail(`${what}: the focus is on ${last}, not ${where}`);
  }
}

/** Clicks the first row, so that the list has the focus and the panel has told VS Code so (its keys' `when`). */
async function listFocused(page, frame) {
  await frame.locator('.row[data-id]').first().click();
  await focusAt(frame, '.list', 'a click on a row focuses the list');
  await page.waitForTimeout(300);
}

export const tests = [
  {
    name: 'the sample list is a list box: each row says its place of the total, its status and its question; arrows move the active row',
    async run({ page, dbPath, repoRoot }) {
      // Two data sets (the diff's, below): the command asks which one to review. Named to sort last: the suite's later
      // files open the panel on the first data set by name (db-switch), or find theirs by a part of its name (review).
      cli(repoRoot, dbPath, 'import', path.join(repoRoot, 'test', 'fixtures', 'import', 'two-teachers.jsonl'), '--dataset', 'z-a11y-two-traces', '--json');
      await runCommand(page, 'Distillery: Review Dataset');
      await pick(page, 'Review which data set?', 's1k-sample-5');
      frame = await panelFrame(page);
      await frame.locator('#count', { hasText: '5 samples' }).waitFor({ state: 'visible', timeout: 20_000 });
      await frame.locator('.detail .question').waitFor({ state: 'visible', timeout: 20_000 });
      await listFocused(page, frame);
      const list = frame.locator('.list');
      assert.equal(await list.getAttribute('role'), 'listbox');
      assert.equal(await list.getAttribute('aria-label'), 'Samples');
      // The search field is named by a label, not only by its placeholder (which goes once text is typed); the count
      // of samples the filter shows is a status a screen reader announces when it changes.
      assert.equal(await frame.locator('#search').getAttribute('aria-label'), 'Search questions and traces');
      assert.deepEqual([await frame.locator('#count').getAttribute('role'), await frame.locator('#count').getAttribute('aria-live')], ['status', 'polite']);
      const first = frame.locator('.row[data-id]').first();
      assert.equal(await first.getAttribute('role'), 'option');
      assert.equal(await first.getAttribute('aria-selected'), 'true');
      assert.equal(await list.getAttribute('aria-activedescendant'), await first.getAttribute('id'), 'the active row is the selected one');
      // The list draws only the rows on screen: each says where it is in the whole list, not in the rows drawn.
      assert.deepEqual([await first.getAttribute('aria-posinset'), await first.getAttribute('aria-setsize')], ['1', '5'], 'row 1 of 5');
      // The row's accessible name: its status in words, then its source and the question's first words.
      const snap = await list.ariaSnapshot();
      const name = /option "([^"]*)" \[selected\]/.exec(snap)?.[1] ?? '';
      assert.match(name, /^unreviewed\b/i, `the selected row's name starts with its status: ${snap}`);
      const question = (await frame.locator('.row.selected .preview-text').innerText()).slice(0, 20);
      assert.ok(name.includes(question), `the row's name holds the question's start (${question}): ${name}`);
      const before = await selectedId(frame);
      await page.keyboard.press('ArrowDown');
      await until(async () => (await selectedId(frame)) !== before, 'ArrowDown moves the selection');
      const second = frame.locator('.row[data-id]').nth(1);
      assert.equal(await second.getAttribute('aria-selected'), 'true');
      assert.equal(await first.getAttribute('aria-selected'), 'false');
      assert.equal(await list.getAttribute('aria-activedescendant'), await second.getAttribute('id'), 'the active row follows the selection');
      assert.equal(await second.getAttribute('aria-posinset'), '2');
      await focusAt(frame, '.list', 'the focus stays on the list');
      await page.keyboard.press('Home');
      await until(async () => (await selectedId(frame)) === before, 'Home goes back to the first row');
    },
  },
  {
    name: 'the note field: Escape or Enter closes it and the focus goes back to the list, not to nowhere',
    async run({ page }) {
      await listFocused(page, frame);
      await page.keyboard.press('n');
      await frame.locator('#note').waitFor({ state: 'visible' });
      await focusAt(frame, '#note', 'n puts the focus in the note field');
      await page.keyboard.press('Escape');
      await frame.locator('#note').waitFor({ state: 'detached' });
      await focusAt(frame, '.list', 'Escape in the note field');
      await page.waitForTimeout(300);
      await page.keyboard.press('n');
      await focusAt(frame, '#note', 'n again');
      await page.keyboard.type('a11y note');
      await page.keyboard.press('Enter');
      await frame.locator('#note').waitFor({ state: 'detached' });
      await focusAt(frame, '.list', 'Enter in the note field');
    },
  },
  {
    name: 'a label key the person set says so with a check and in words, not by its colour alone',
    async run({ page, screenshot }) {
      await listFocused(page, frame);
      const key = frame.locator('.label-key[data-label="ascii-art"]');
      const on = () => key.evaluate((e) => e.classList.contains('on'));
      // Key 2 sets ascii-art (unless it is set already).
      if (!(await on())) {
        await page.keyboard.press('2');
        await until(on, 'key 2 sets ascii-art');
      }
      assert.equal(await key.locator('.codicon-check').count(), 1, 'a check on the key that is set');
      await screenshot('a11y-label-key-set.png');
      const snap = await frame.locator('.labels').ariaSnapshot();
      assert.match(snap, /list "Label keys"/, snap);
      assert.match(snap, /listitem:\s*2 ascii-art\s*,? set\s*$/m, `the key set says so: ${snap}`);
      assert.match(snap, /listitem:\s*3 image-reference\s*$/m, `a key not set says nothing more: ${snap}`);
      await page.keyboard.press('2');
      await until(async () => !(await on()), 'key 2 takes ascii-art off again');
      assert.equal(await key.locator('.codicon-check').count(), 0, 'no check once it is off');
    },
  },
  {
    name: 'the keys overlay takes the focus when it opens (a dialog named Keys); Escape or its close button gives it back',
    async run({ page }) {
      await listFocused(page, frame);
      await page.keyboard.press('Shift+Slash');
      await frame.locator('aside.help').waitFor({ state: 'visible' });
      assert.equal(await frame.locator('aside.help').getAttribute('role'), 'dialog');
      await until(async () => (await focused(frame)).startsWith('aside.help'), 'the focus in the keys overlay', 5_000)
        .catch(async () => assert.fail(`the keys overlay opened without the focus (on ${await focused(frame)})`));
      await page.keyboard.press('Escape');
      await frame.locator('aside.help').waitFor({ state: 'detached' });
      await focusAt(frame, '.list', 'Escape closes the keys overlay');
      await page.waitForTimeout(300);
      await page.keyboard.press('Shift+Slash');
      await frame.locator('aside.help .help-close').waitFor({ state: 'visible' });
      await page.keyboard.press('Tab'); // from the dialog to its close button
      await page.keyboard.press('Enter');
      await frame.locator('aside.help').waitFor({ state: 'detached' });
      await focusAt(frame, '.list', 'the close button');
    },
  },
  {
    name: 'the diff: its changes are insertions and deletions; Escape closes it and the focus goes back to the list',
    async run({ page }) {
      await until(async () => (await frame.locator('#dataset option', { hasText: 'z-a11y-two-traces' }).count()) > 0, 'the data set in the list', 20_000);
      await frame.locator('#dataset').selectOption('z-a11y-two-traces');
      await frame.locator('.detail .trace').nth(1).waitFor({ state: 'visible', timeout: 20_000 });
      await listFocused(page, frame);
      await page.keyboard.press('d');
      await frame.locator('.diff .diff-body').waitFor({ state: 'visible' });
      // A screen reader says "insertion" / "deletion"; the eye has an underline and a strike-through besides the colour.
      assert.ok(await frame.locator('.diff-body ins.added').count() > 0, 'insertions are <ins>');
      assert.ok(await frame.locator('.diff-body del.removed').count() > 0, 'deletions are <del>');
      const decoration = await frame.locator('.diff-body ins.added').first().evaluate((e) => e.ownerDocument.defaultView.getComputedStyle(e).textDecorationLine);
      assert.match(decoration, /underline/, 'an insertion is underlined');
      // From the list: Escape closes the diff, the list keeps the focus.
      await page.keyboard.press('Escape');
      await frame.locator('.diff').waitFor({ state: 'detached' });
      await focusAt(frame, '.list', 'Escape closes the diff');
      // From inside the diff (a keyboard person tabbed to its trace picker): Escape closes it, the focus goes back to the list.
      await page.waitForTimeout(300);
      await page.keyboard.press('d');
      await frame.locator('.diff .diff-body').waitFor({ state: 'visible' });
      await frame.locator('.diff select').first().focus();
      await page.keyboard.press('Escape');
      await frame.locator('.diff').waitFor({ state: 'detached' });
      await focusAt(frame, '.list', 'Escape in the diff\'s trace picker');
    },
  },
  {
    name: 'every control has a name a screen reader says (the selection name field, the funnel\'s Export, the diff\'s pickers and button too)',
    async run({ page }) {
      const unnamed = (snap) => snap.split('\n').filter((l) => /^\s*- (button|combobox|textbox|searchbox|spinbutton|checkbox|listbox|dialog)\b(?! ")/.test(l));
      // The selection name field, open; then the selection saved and shown, with its funnel's line and Export button.
      await frame.locator('#save-selection').click();
      await frame.locator('#selection-name').waitFor({ state: 'visible' });
      let snap = await frame.locator('body').ariaSnapshot();
      assert.deepEqual(unnamed(snap), [], `controls without a name:\n${snap}`);
      await frame.locator('#selection-name').fill('a11y-sel');
      await frame.locator('#selection-name').press('Enter');
      await until(async () => (await frame.locator('#selection option', { hasText: 'a11y-sel@1' }).count()) > 0, 'the selection in the filter', 20_000);
      await frame.locator('#selection').selectOption('a11y-sel@1');
      await frame.locator('.funnel-export').waitFor({ state: 'visible', timeout: 20_000 });
      await listFocused(page, frame);
      await page.keyboard.press('d');
      await frame.locator('.diff .diff-body').waitFor({ state: 'visible' });
      snap = await frame.locator('body').ariaSnapshot();
      assert.deepEqual(unnamed(snap), [], `controls without a name:\n${snap}`);
      // The funnel's Export says its word only (its icon is a font glyph, hidden from the name).
      assert.match(snap, /button "Export…"/, snap);
      // The diff's pickers say which side they pick.
      assert.match(snap, /combobox "Left trace"/, snap);
      assert.match(snap, /combobox "Right trace"/, snap);
      await page.keyboard.press('Escape');
      await frame.locator('.diff').waitFor({ state: 'detached' });
    },
  },
  {
    name: 'Tab goes from the filter bar to the list to the sample, and on out of the sample',
    async run({ page }) {
      await frame.locator('#dataset').focus();
      const seen = [];
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        seen.push(await focused(frame));
        if (seen.filter((s) => s.startsWith('.detail')).length >= 3) break;
      }
      const list = seen.indexOf('.list');
      assert.ok(list > 0, `the list is reached by Tab: ${seen.join(', ')}`);
      assert.ok(seen.slice(0, list).every((s) => !s.startsWith('.detail')), `the filter bar before the list: ${seen.join(', ')}`);
      assert.ok(seen[list + 1]?.startsWith('.detail'), `after the list, the sample: ${seen.join(', ')}`);
      assert.equal(seen.filter((s) => s === 'body').length, 0, `no Tab stop on nothing: ${seen.join(', ')}`);
    },
  },
  {
    name: 'high contrast (dark and light): the selected row, the focused list and the status badges keep a visible outline or border',
    async run({ page, screenshot }) {
      for (const [theme, shot] of [['Dark High Contrast', 'a11y-high-contrast-dark.png'], ['Light High Contrast', 'a11y-high-contrast-light.png']]) {
        await runCommand(page, 'Preferences: Color Theme');
        await pick(page, null, theme);
        await until(() => frame.evaluate(() => document.body.classList.contains('vscode-high-contrast')), `${theme} in the webview`);
        await listFocused(page, frame);
        // Keys: the list's focus ring is shown (focus-visible), as to a person using the keyboard.
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowUp');
        await page.waitForTimeout(500);
        const s = await frame.evaluate(() => {
          const css = (el) => el.ownerDocument.defaultView.getComputedStyle(el);
          const visible = (style, prop) => style[`${prop}Style`] !== 'none' && parseFloat(style[`${prop}Width`]) > 0 && !/rgba\(.*, 0\)$|transparent/.test(style[`${prop}Color`]);
          const row = document.querySelector('.row.selected');
          const badge = document.querySelector('.row.selected .badge');
          const list = document.querySelector('.list');
          return {
            row: visible(css(row), 'outline'), badge: visible(css(badge), 'borderTop'),
            list: list.matches(':focus-visible') ? visible(css(list), 'outline') : 'not focus-visible',
          };
        });
        assert.deepEqual(s, { row: true, badge: true, list: true }, `${theme}: what stays visible`);
        await screenshot(shot);
      }
      await runCommand(page, 'Preferences: Color Theme');
      await pick(page, null, 'Light Modern');
    },
  },
];
