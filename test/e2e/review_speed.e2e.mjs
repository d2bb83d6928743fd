// The review panel where people wait: search ranks hits (FTS5 bm25) and shows each row's snippet with the words
// marked, hostile snippet text staying text; j shows a sample fetched ahead while the previous one was read, and
// two keys in a row show the right sample; a long answer comes whole after its first screen; a long trace's
// thinking renders its later part when the pane is scrolled to it. No timings are asserted here
// (bench/panel.mjs measures them).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { panelFrame, pick, query, runCommand, selectedId, until, waitSelectedChange } from './panel.mjs';

const filler = (n) => Array.from({ length: n }, (_, i) => `word${i % 50}`).join(' ');
const RANKED = [
  { question: 'Find the area of the figure.', thinking_trajectories: [`${filler(300)} and the hexagon is split ${filler(300)}`], attempt: '6' },
  { question: 'Unrelated question about primes.', thinking_trajectories: ['<img src=x onerror=alert(1)> hexagonal <script>alert(2)</script> tiles'], attempt: 'no' },
  { question: 'Count the diagonals of this polygon.', thinking_trajectories: ['A hexagon: every hexagon vertex, hexagon sides, so the hexagon has 9.'], attempt: '9' },
  { question: 'What is the remainder when 7 is divided by 3?', thinking_trajectories: ['The remainder is 1.'], attempt: '1' },
];

function importRows(repoRoot, dbPath, dir, name, rows) {
  const file = path.join(dir, `${name}.jsonl`);
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'out', 'cli.js'), '--db', dbPath, 'import', file, '--dataset', name, '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

async function openOn(page, dataset, count) {
  // The quick pick can close before it is answered (focus returning to the panel from the palette): ask again.
  for (let attempt = 0; ; attempt++) {
    try {
      await runCommand(page, 'Distillery: Review Dataset');
      await pick(page, 'Review which data set?', dataset, 10_000);
      break;
    } catch (e) {
      if (attempt >= 2) throw e;
      await page.keyboard.press('Escape');
    }
  }
  const frame = await panelFrame(page);
  await frame.locator('#count', { hasText: `${count} sample` }).waitFor({ state: 'visible', timeout: 20_000 });
  await frame.locator('.detail .sample-head .meta', { hasText: dataset }).waitFor({ state: 'visible', timeout: 20_000 });
  // The panel opens a data set at its first sample. When it already showed this one (a test before moved on in it),
  // the count and the name are there before it goes back: wait for the top row to be the one shown, or a test reads
  // the sample it left behind and then acts on the first (a label went to the first sample while the test looked
  // for it on the third).
  await until(async () => {
    const rows = await frame.locator('.row[data-id]').evaluateAll((rs) => rs.map((r) => [r.getBoundingClientRect().top, Number(r.dataset.id)]));
    return rows.length > 0 && rows.sort((a, b) => a[0] - b[0])[0][1] === await selectedId(frame);
  }, 'the first sample shown', 20_000);
  return frame;
}

export const tests = [
  {
    name: 'search lists hits best first (bm25) with the matched words marked in each row\'s snippet; markup in a snippet stays text',
    async run({ page, dbPath, repoRoot, mkTemp, screenshot }) {
      importRows(repoRoot, dbPath, mkTemp('distillery-e2e-ranked-'), 'ranked', RANKED);
      const dialogs = [];
      const onDialog = (d) => { dialogs.push(d.message()); void d.dismiss(); };
      page.on('dialog', onDialog);
      const frame = await openOn(page, 'ranked', 4);
      // The count can paint before the rows do: wait for the four rows.
      const inIdOrder = await until(async () => { const r = await frame.locator('.row[data-id]').evaluateAll((rs) => rs.map((x) => Number(x.dataset.id))); return r.length === 4 && r; }, 'four rows');
      await frame.locator('#search').fill('hexagon');
      await frame.locator('#search').press('Enter');
      await frame.locator('#count', { hasText: '3 samples' }).waitFor({ state: 'visible', timeout: 20_000 });
      const rows = frame.locator('.row[data-id]');
      // The count can paint before the rows do: wait for the three rows themselves.
      const ranked = await until(async () => { const r = await rows.evaluateAll((rs) => rs.map((x) => Number(x.dataset.id))); return r.length === 3 && r; }, 'three ranked rows');
      // The dense short trace first, the long trace that names the word once after it: not the list's id order.
      assert.deepEqual(ranked.slice(0, 1), [inIdOrder[2]], `ranked ${ranked}, ids ${inIdOrder}`);
      assert.ok(ranked.indexOf(inIdOrder[0]) > ranked.indexOf(inIdOrder[2]));
      // Every row shows a snippet with the word marked; the long trace's snippet is the part around the word.
      for (let i = 0; i < 3; i++) assert.match(await rows.nth(i).locator('.snippet mark.hit').first().innerText(), /^hexagon/i);
      const long = rows.and(frame.locator(`[data-id="${inIdOrder[0]}"]`));
      assert.match(await long.locator('.snippet').innerText(), /and the hexagon is split/);
      // Markup in the text is shown as text: no element made from it, no script run.
      const hostile = rows.and(frame.locator(`[data-id="${inIdOrder[1]}"]`)).locator('.snippet');
      assert.match(await hostile.innerText(), /<img src=x onerror=alert\(1\)> hexagonal <script>alert\(2\)<\/script>/);
      assert.deepEqual(await hostile.evaluate((e) => [...e.querySelectorAll('*')].map((x) => x.tagName.toLowerCase()).sort()), ['mark', 'span']);
      assert.equal(await frame.locator('.list img, .list script').count(), 0);
      await rows.first().locator('.snippet mark.hit').first().waitFor({ state: 'visible' });
      await screenshot('review-ranked-search.png');
      await page.waitForTimeout(300);
      assert.deepEqual(dialogs, [], 'no script ran');
      page.off('dialog', onDialog);
      // Another search shows its own snippets in the rows on screen (made again, not kept from the last search).
      await frame.locator('#search').fill('remainder');
      await frame.locator('#search').press('Enter');
      await frame.locator('#count', { hasText: '1 sample' }).waitFor({ state: 'visible', timeout: 20_000 });
      await until(async () => (await rows.count()) === 1 && (await rows.first().getAttribute('data-id')) === String(inIdOrder[3]), 'the one remainder row');
      assert.match(await rows.first().locator('.snippet').innerText(), /remainder/i);
      assert.doesNotMatch(await frame.locator('.list').innerText(), /hexagon/i);
      assert.deepEqual(await frame.locator('.list mark.hit').allInnerTexts(), (await frame.locator('.list mark.hit').allInnerTexts()).map(() => 'remainder'));
      assert.ok(await frame.locator('.list mark.hit').count() >= 1);
      await frame.locator('#search').fill('');
      await frame.locator('#search').press('Enter');
      await frame.locator('#count', { hasText: '4 samples' }).waitFor({ state: 'visible' });
    },
  },
  {
    name: 'a search with more hits than the screen: every hit row comes (the rows on screen first, the others after), End reaches the last, and clearing the search brings the list back',
    async run({ page, dbPath, repoRoot, mkTemp }) {
      const many = Array.from({ length: 70 }, (_, i) => ({ question: i < 50 ? `Problem ${i} about a pentagon${i % 7 === 0 ? ' pentagon pentagon' : ''}.` : `Problem ${i} about a square.`, thinking_trajectories: [`Think ${i}: ${filler(20 + i)}`], attempt: String(i) }));
      importRows(repoRoot, dbPath, mkTemp('distillery-e2e-many-'), 'many-hits', many);
      const frame = await openOn(page, 'many-hits', 70);
      await frame.locator('#search').fill('pentagon');
      await frame.locator('#search').press('Enter');
      // The first page of a word in many rows may be proven from the index's lists: its count reads "30+" until all are ranked.
      await frame.locator('#count', { hasText: /^(30\+|50) samples/ }).waitFor({ state: 'visible', timeout: 20_000 });
      await frame.locator('#sample-row-0 .snippet mark.hit').first().waitFor({ state: 'visible', timeout: 20_000 });
      const indexes = () => frame.locator('.row[data-id]').evaluateAll((rs) => rs.map((r) => Number(r.id.replace('sample-row-', ''))).sort((a, b) => a - b));
      // The rows on screen come with the count; the rows below the screen follow in a background slice.
      const onScreen = await frame.locator('.list').evaluate((l) => Math.ceil(l.clientHeight / 44));
      const shown = await until(async () => { const ix = await indexes(); return ix.length >= Math.min(30, onScreen + 10) && ix; }, 'the rows below the screen');
      assert.deepEqual(shown, shown.map((_, i) => i), 'every row from the first, none missing');
      // The best matches first: the questions naming the word three times.
      assert.match(await frame.locator('#sample-row-0 .snippet').innerText(), /pentagon pentagon/);
      await frame.locator('.list').focus();
      await page.keyboard.press('End');
      await frame.locator('#sample-row-49[data-id] .snippet mark.hit').first().waitFor({ state: 'visible', timeout: 20_000 });
      assert.equal(await frame.locator('#sample-row-49').getAttribute('aria-selected'), 'true');
      await frame.locator('#count', { hasText: '50 samples' }).waitFor({ state: 'visible' });
      await frame.locator('#search').fill('');
      await frame.locator('#search').press('Enter');
      await frame.locator('#count', { hasText: '70 samples' }).waitFor({ state: 'visible', timeout: 20_000 });
      await until(async () => (await frame.locator('.row .snippet').count()) === 0 && (await frame.locator('#sample-row-0[data-id]').count()) === 1, 'the plain list again, no snippets');
    },
  },
  {
    name: 'j shows the next sample fetched ahead while the one before was read',
    async run({ page }) {
      // The first test's search started the engine's background index build, which may end meanwhile: no sample
      // changed, so the panel keeps what it fetched ahead.
      const frame = await openOn(page, 'ranked', 4);
      await frame.locator('.detail').click({ position: { x: 5, y: 5 } });
      for (let i = 0; i < 2; i++) {
        const before = await selectedId(frame);
        const next = Number(await frame.locator('.row.selected + .row').getAttribute('data-id'));
        // Reading the sample: its neighbours are fetched meanwhile (give the panel a moment).
        await page.waitForTimeout(800);
        await page.keyboard.press('j');
        assert.equal(await waitSelectedChange(frame, before), next);
        assert.equal(await frame.evaluate(() => document.body.dataset.shownFrom), 'cache', 'shown from what was fetched ahead');
        const question = await frame.locator('.detail .question').innerText();
        assert.equal(question.trim().slice(0, 12), RANKED[i + 1].question.slice(0, 12));
      }
    },
  },
  {
    name: 'after a label set in the panel (its write seen by the file watcher), j still shows the next sample fetched ahead',
    async run({ page, dbPath }) {
      const frame = await openOn(page, 'ranked', 4);
      await frame.locator('.detail').click({ position: { x: 5, y: 5 } });
      const before = await selectedId(frame);
      const next = Number(await frame.locator('.row.selected + .row').getAttribute('data-id'));
      await page.waitForTimeout(800); // reading: the neighbours are fetched meanwhile
      await page.keyboard.press('1');
      await until(() => query(dbPath, "SELECT 1 FROM annotations WHERE sample_id = ? AND origin = 'human'", before).length === 1, 'the label stored');
      // Past the watcher's debounce (500 ms) and the engine's look at who wrote.
      await page.waitForTimeout(2000);
      await frame.locator('.detail').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('j');
      assert.equal(await waitSelectedChange(frame, before), next);
      assert.equal(await frame.evaluate(() => document.body.dataset.shownFrom), 'cache', 'the panel\'s own label did not drop what it fetched ahead');
      await page.keyboard.press('k');
      await waitSelectedChange(frame, next);
      await page.keyboard.press('1'); // the label taken back: the next tests see the data set as it was
      await until(() => query(dbPath, "SELECT 1 FROM annotations WHERE sample_id = ? AND origin = 'human'", before).length === 0, 'the label taken back');
    },
  },
  {
    name: 'a label another process writes on the sample shown appears in the panel, and the next sample is still there at once',
    async run({ page, dbPath }) {
      const frame = await openOn(page, 'ranked', 4);
      await frame.locator('.detail').click({ position: { x: 5, y: 5 } });
      const shown = await selectedId(frame);
      const next = Number(await frame.locator('.row.selected + .row').getAttribute('data-id'));
      await page.waitForTimeout(800);
      // Another process (this test's own connection, as a CLI job's would be) labels the sample being read.
      const db = new Database(dbPath);
      try {
        db.prepare("INSERT INTO annotations (sample_id, label, origin, note) VALUES (?, 'from-elsewhere', 'human', 'written by another process')").run(shown);
      } finally {
        db.close();
      }
      await frame.locator('.detail .annotations', { hasText: 'from-elsewhere' }).waitFor({ state: 'visible', timeout: 20_000 });
      await frame.locator('.detail').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('j');
      assert.equal(await waitSelectedChange(frame, shown), next);
      assert.equal(await frame.evaluate(() => document.body.dataset.shownFrom), 'cache', 'fetched again in the background, not dropped');
      const fresh = new Database(dbPath);
      try {
        fresh.prepare("DELETE FROM annotations WHERE label = 'from-elsewhere'").run();
      } finally {
        fresh.close();
      }
    },
  },
  {
    name: 'j pressed twice in a row shows the sample two rows down, with its own question and answer',
    async run({ page }) {
      const frame = await openOn(page, 'ranked', 4);
      // The rows in the order shown (the virtual list's elements need not be in that order).
      const ids = await frame.locator('.row[data-id]').evaluateAll((rows) => rows.map((r) => [r.getBoundingClientRect().top, Number(r.dataset.id)])
        .sort((a, b) => a[0] - b[0]).map((x) => x[1]));
      await frame.locator(`.row[data-id="${ids[0]}"]`).click();
      await until(async () => (await selectedId(frame)) === ids[0], 'the first sample shown');
      await frame.locator('.detail').click({ position: { x: 5, y: 5 } });
      // The second key comes while the first one's sample is on its way or being shown.
      await page.keyboard.press('j');
      await page.keyboard.press('j');
      await until(async () => (await selectedId(frame)) === ids[2], 'the third sample selected');
      await until(async () => (await frame.locator('.detail .question').innerText()).trim().startsWith(RANKED[2].question.slice(0, 20)), 'its question shown');
      await frame.locator('.detail .answer:not([aria-busy])').waitFor({ state: 'attached' });
      assert.equal((await frame.locator('.detail .answer').textContent()).trim(), RANKED[2].attempt);
      assert.equal(await frame.locator('.row.selected').getAttribute('data-id'), String(ids[2]), 'the list shows the same row selected');
      await frame.locator('.detail details.thinking summary').click();
      await until(async () => /hexagon has 9/.test(await frame.locator('.detail details.thinking .md').textContent()), 'its own thinking');
    },
  },
  {
    name: 'a long answer is inserted in parts after the first screen and ends up whole, in order, with its math',
    async run({ page, dbPath, repoRoot, mkTemp }) {
      const paras = Array.from({ length: 60 }, (_, i) => `Answer step ${i}: with $a_{${i}} = \\frac{${i}}{2}$ we get ${filler(20)}.`);
      paras.push('$$\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}$$');
      paras.push('So the answer is ANSWER-END-17.');
      importRows(repoRoot, dbPath, mkTemp('distillery-e2e-long-answer-'), 'long-answer', [{ question: 'A long answer.', thinking_trajectories: ['Short thinking.'], attempt: paras.join('\n\n') }]);
      const frame = await openOn(page, 'long-answer', 1);
      const answer = frame.locator('.detail .answer');
      await frame.locator('.detail .answer:not([aria-busy])').waitFor({ state: 'attached', timeout: 20_000 });
      // All of it, in order (textContent: parts far below the pane are not laid out, and innerText skips them).
      const text = await answer.evaluate((e) => e.textContent);
      assert.match(text, /^\s*Answer step 0:/);
      assert.ok(text.indexOf('Answer step 59:') > text.indexOf('Answer step 58:'));
      assert.match(text, /ANSWER-END-17\.\s*$/);
      assert.ok((await answer.locator(':scope > .slice').count()) > 1, 'inserted in parts');
      assert.equal(await answer.locator('.math-inline').count(), 60, 'every formula rendered');
      assert.equal(await answer.locator('.math-display').count(), 1);
      assert.equal(await answer.locator('.katex-error, .math-source').count(), 0);
    },
  },
  {
    name: 'a long trace\'s thinking renders its first part at once and its later part when scrolled to',
    async run({ page, dbPath, repoRoot, mkTemp }) {
      const paras = Array.from({ length: 120 }, (_, i) => `Paragraph ${i}: we check the case $n = ${i}$ and ${filler(60)}.`);
      paras.push('The last paragraph says FINAL-MARKER-42.');
      importRows(repoRoot, dbPath, mkTemp('distillery-e2e-long-'), 'long-trace', [{ question: 'A long one.', thinking_trajectories: [paras.join('\n\n')], attempt: '42' }]);
      const frame = await openOn(page, 'long-trace', 1);
      await frame.locator('details.thinking summary').click();
      const thinking = frame.locator('details.thinking .md');
      await thinking.locator('text=Paragraph 0').waitFor({ state: 'visible' });
      assert.ok(!(await thinking.innerText()).includes('FINAL-MARKER-42'), 'the end is not rendered before it is scrolled to');
      await frame.locator('details.thinking .more').waitFor({ state: 'visible' });
      await until(async () => {
        await frame.locator('.detail').evaluate((e) => { e.scrollTop = e.scrollHeight; });
        return (await thinking.innerText()).includes('FINAL-MARKER-42');
      }, 'the end of the thinking rendered on scroll', 30_000);
      assert.equal(await frame.locator('details.thinking .more').count(), 0, 'nothing left to render');
      assert.match(await thinking.innerText(), /Paragraph 119:/);
    },
  },
  {
    name: 'scrolling without pause past a long trace\'s thinking (a long answer below it) still renders all of it',
    async run({ page, dbPath, repoRoot, mkTemp }) {
      // The pane jumps from the top to the end every frame: the end of the rendered thinking goes from below the
      // pane to above it without ever being on screen (the answer below is taller than the pane).
      const paras = Array.from({ length: 120 }, (_, i) => `Step ${i}: for $k = ${i}$ we get $\\frac{k}{2}$ and ${filler(60)}.`);
      paras.push('Thinking ends with END-OF-THINKING-7.');
      const answer = Array.from({ length: 80 }, (_, i) => `Answer line ${i}: ${filler(30)}`).join('\n\n');
      importRows(repoRoot, dbPath, mkTemp('distillery-e2e-past-'), 'past-thinking', [{ question: 'Scroll past me.', thinking_trajectories: [paras.join('\n\n')], attempt: answer }]);
      const frame = await openOn(page, 'past-thinking', 1);
      await frame.locator('details.thinking summary').click();
      await frame.locator('details.thinking .more').waitFor({ state: 'visible' });
      const r = await frame.evaluate(() => new Promise((resolve) => {
        const box = document.querySelector('.detail');
        const start = performance.now();
        const tick = (now) => {
          const more = document.querySelector('.thinking .more');
          if (!more || now - start > 60_000) { resolve({ left: more?.textContent ?? null }); return; }
          box.scrollTop = box.scrollHeight;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }));
      assert.equal(r.left, null, `continuous scrolling stopped with ${r.left}`);
      // All of it is in the page (textContent: slices scrolled out of view are not laid out, and innerText skips them).
      const thinking = await frame.locator('details.thinking .md').evaluate((e) => e.textContent);
      assert.match(thinking, /END-OF-THINKING-7/);
      assert.match(thinking, /Step 119:/);
    },
  },
];
