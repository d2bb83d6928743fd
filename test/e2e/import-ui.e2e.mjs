// Import through the UI, as a person does it: command palette → file dialog → dataset name → preset →
// progress and result notifications → the new data set in the tree.
import assert from 'node:assert/strict';
import path from 'node:path';

const rows = (page) => page.locator('.part.sidebar .pane:has(.pane-header[aria-label^="Datasets"]) .monaco-list-row');
const quickInput = (page) => page.locator('.quick-input-widget');

export const tests = [
  {
    name: 'Distillery: Import Dataset… from the command palette imports a file into a new data set',
    async run({ page, workspace, screenshot, log }) {
      const file = path.join(workspace, 'data', 'tiny-math.jsonl');
      await page.keyboard.press('F1');
      const input = quickInput(page).locator('input.input');
      await input.waitFor({ state: 'visible' });
      await input.fill('>Distillery: Import Dataset');
      const item = quickInput(page).locator('.monaco-list-row', { hasText: 'Distillery: Import Dataset…' }).first();
      await item.waitFor({ state: 'visible' });
      await page.keyboard.press('Enter');

      // The file dialog of the web workbench is a quick input holding a path.
      await quickInput(page).locator('.quick-input-title', { hasText: 'Import a trace data set' }).waitFor({ state: 'visible' });
      // wait until it has listed the workspace folder, or it overwrites what we type
      await quickInput(page).locator('.monaco-list-row', { hasText: 'data' }).first().waitFor({ state: 'visible' });
      await input.fill(file);
      await quickInput(page).locator('.monaco-list-row', { hasText: 'tiny-math.jsonl' }).first().waitFor({ state: 'visible' });
      await page.keyboard.press('Enter');

      // Dataset name, prefilled with the file stem.
      await quickInput(page).locator('.quick-input-title', { hasText: 'dataset name' }).waitFor({ state: 'visible' });
      assert.equal(await input.inputValue(), 'tiny-math');
      await page.keyboard.press('Enter');

      // Preset: auto first.
      await quickInput(page).locator('.quick-input-title', { hasText: 'preset' }).waitFor({ state: 'visible' });
      const first = quickInput(page).locator('.monaco-list-row').first();
      assert.match((await first.textContent()) ?? '', /^auto/);
      const t0 = performance.now();
      await page.keyboard.press('Enter');

      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Distillery: imported 3 rows' });
      await toast.waitFor({ state: 'visible', timeout: 30_000 });
      log(`preset chosen → result notification in ${(performance.now() - t0).toFixed(0)} ms`);

      const row = rows(page).filter({ hasText: 'tiny-math' }).first();
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal((await row.locator('.label-description').first().textContent())?.trim(), '3 samples · 0 traces');
      await screenshot('import-from-ui.png');
    },
  },
];
