// The Distillery view in the workbench: activity-bar icon → Datasets tree with the pre-imported data set.
import assert from 'node:assert/strict';

const DATASET = 's1k-sample-5';

/** The Datasets view's tree rows. */
const rows = (page) => page.locator('.part.sidebar .pane:has(.pane-header[aria-label^="Datasets"]) .monaco-list-row');

export const tests = [
  {
    name: 'the activity bar has the Distillery icon, and it opens the Datasets view',
    async run({ page, log }) {
      const icon = page.locator('.part.activitybar .action-item:has([aria-label^="Distillery"]) .action-label').first();
      await icon.waitFor({ state: 'visible', timeout: 30_000 });
      const t0 = performance.now();
      await icon.click();
      // a container with one view shows no pane header: the sidebar title names both
      const title = page.locator('.part.sidebar .composite.title h2').first();
      await title.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match((await title.textContent()) ?? '', /DISTILLERY/i);
      // the tree asks the engine, which has to start first
      await rows(page).filter({ hasText: DATASET }).first().waitFor({ state: 'visible', timeout: 60_000 });
      log(`click → dataset row shown in ${(performance.now() - t0).toFixed(0)} ms`);
    },
  },
  {
    name: 'the tree shows the imported data set with its sample and trace counts',
    async run({ page, imported }) {
      const row = rows(page).filter({ hasText: DATASET }).first();
      const label = (await row.locator('.label-name').first().textContent())?.trim();
      assert.equal(label, DATASET);
      const description = (await row.locator('.label-description').first().textContent())?.trim();
      assert.equal(description, `${imported.rows} samples · ${imported.traces} traces`);
    },
  },
  {
    name: 'expanding the data set shows its details; screenshot of the view',
    async run({ page, screenshot }) {
      const row = rows(page).filter({ hasText: DATASET }).first();
      await row.click();
      if ((await row.getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight');
      await rows(page).filter({ hasText: 'Samples' }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await rows(page).filter({ hasText: 'Preset' }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await screenshot('datasets-view.png');
    },
  },
  {
    name: 'the status bar shows the engine as ready, and a click opens the Distillery output',
    async run({ page }) {
      const item = page.locator('.part.statusbar .statusbar-item:has-text("Distillery")').first();
      await item.waitFor({ state: 'visible', timeout: 30_000 });
      const text = (await item.textContent())?.trim() ?? '';
      assert.ok(!/failed|restarting/.test(text), `status: ${text}`);
      await item.locator('a, .statusbar-item-label').first().click();
      // the Output panel opens on the Distillery channel
      await page.locator('.part.panel .monaco-editor .view-lines:has-text("engine")').first().waitFor({ state: 'visible', timeout: 15_000 });
    },
  },
];
