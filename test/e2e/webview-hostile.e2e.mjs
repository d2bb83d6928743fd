// Hostile trace text in the review panel (issue 15's webview suite): SVG with scripts and handlers, javascript:,
// data: and vbscript: links, KaTeX's \href, \url, \htmlClass, \htmlStyle, \htmlId, \includegraphics and expansion
// bombs, CSS injection (style, link, base, meta refresh), frames, objects and forms, and huge math. For every
// sample with its thinking open: no script runs (no dialog), no request leaves the page for anything the text names,
// no active element or attribute exists in the panel, the page stays usable, and the served HTML keeps its CSP.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { panelFrame, pick, runCommand, selectedId, until, waitSelectedChange } from './panel.mjs';

export const tests = [
  {
    name: 'hostile trace text (SVG, URLs, KaTeX commands, CSS, frames, huge math): no script runs, no request leaves, nothing active in the DOM',
    async run({ page, dbPath, repoRoot, log }) {
      const imp = spawnSync(process.execPath, [path.join(repoRoot, 'out', 'cli.js'), '--db', dbPath, 'import',
        path.join(repoRoot, 'test', 'e2e', 'fixtures', 'webview-hostile.jsonl'), '--dataset', 'webview-hostile', '--json'], { encoding: 'utf8' });
      assert.equal(imp.status, 0, imp.stderr);
      const dialogs = [];
      const onDialog = (d) => { dialogs.push(d.message()); void d.dismiss(); };
      const requests = [];
      const onRequest = (r) => requests.push(r.url());
      page.on('dialog', onDialog);
      page.on('request', onRequest);
      try {
        // Run alone (E2E_ONLY), this is the first test: the command shows once the engine has listed the data sets.
        for (let attempt = 0; ; attempt++) {
          try {
            await runCommand(page, 'Distillery: Review Dataset');
            break;
          } catch (e) {
            if (attempt >= 5) throw e;
            await page.keyboard.press('Escape');
            await page.waitForTimeout(3000);
          }
        }
        await pick(page, 'Review which data set?', 'webview-hostile');
        const frame = await panelFrame(page);
        log('hostile: panel open');
        await frame.locator('#count', { hasText: '5 samples' }).waitFor({ state: 'visible', timeout: 30_000 });
        // The CSP of the document the webview serves: nonces, no unsafe-eval, no remote sources.
        const csp = await frame.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '');
        assert.match(csp, /default-src 'none'/);
        assert.match(csp, /script-src 'nonce-[^']+'/);
        assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline'[^;]*script|https?:\/\/(?!.*vscode)/);
        // Every content security policy violation from here on is recorded (asserted empty at the end).
        await frame.evaluate(() => {
          const w = /** @type {any} */ (window);
          w.__cspViolations = [];
          document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
        });
        const detail = frame.locator('.detail');
        await frame.locator('.row[data-id]').first().click();
        let before = await selectedId(frame);
        for (let i = 0; i < 5; i++) {
          await detail.locator('.question').waitFor({ state: 'visible' });
          const summary = detail.locator('details.thinking summary').first();
          if (await summary.count()) {
            await summary.click();
            await detail.locator('details.thinking .md').first().waitFor({ state: 'visible', timeout: 20_000 });
          }
          await page.waitForTimeout(300);
          const found = await frame.evaluate(() => {
            const root = document.querySelector('.detail');
            if (!root) return ['no .detail'];
            const bad = [];
            for (const sel of ['script', 'iframe', 'object', 'embed', 'form', 'style', 'link', 'base', 'meta', 'video', 'audio', 'img', 'foreignObject', 'math > mtext > script']) {
              if (root.querySelector(sel)) bad.push(`<${sel}>`);
            }
            for (const el of root.querySelectorAll('*')) {
              for (const a of el.attributes) {
                if (/^on/i.test(a.name)) bad.push(`${el.tagName} ${a.name}`);
                if (/href|src|action|poster|data/i.test(a.name) && /^\s*(javascript|data|vbscript):/i.test(a.value)) bad.push(`${el.tagName} ${a.name}=${a.value.slice(0, 40)}`);
                if (a.name === 'style' && /url\(/i.test(a.value)) bad.push(`${el.tagName} style with url()`);
              }
              if (/evil/.test(el.id) || /evil/.test(el.className?.baseVal ?? el.className ?? '')) bad.push(`${el.tagName} id/class from trace text`);
            }
            // links to remote places are shown as text or open outside, never navigate the panel
            for (const a of root.querySelectorAll('a[href]')) if (!/^(https?:|#)/i.test(a.getAttribute('href') ?? '')) bad.push(`a href=${a.getAttribute('href')}`);
            return bad;
          });
          assert.deepEqual(found, [], `sample ${i + 1}: active content in the panel`);
          log(`hostile: sample ${i + 1} checked`);
          // The panel still answers: its height is bounded and the next key moves on.
          const tall = await detail.evaluate((e) => e.scrollHeight);
          assert.ok(tall < 60_000, `sample ${i + 1}: the detail is ${tall} px tall`);
          if (i < 4) {
            await frame.locator('.detail').click({ position: { x: 5, y: 5 } });
            await page.keyboard.press('j');
            before = await waitSelectedChange(frame, before);
          }
        }
        // KaTeX's commands that could act (\href, \url, \htmlClass, \includegraphics…) are refused, their text kept.
        await page.keyboard.press('Home');
        await page.keyboard.press('k');
        await until(async () => (await frame.locator('.detail .question').innerText()).length > 0, 'a sample is shown');
        await page.waitForTimeout(1000);
        assert.deepEqual(dialogs, [], 'no script ran');
        const leaving = requests.filter((u) => /evil\.example|^data:|javascript:|vbscript:/i.test(u));
        assert.deepEqual(leaving, [], 'no request for anything the trace text names');
        const blocked = await frame.evaluate(() => /** @type {any} */ (window).__cspViolations);
        // The renderer made nothing the CSP had to block: the CSP is the second wall, not the first.
        assert.deepEqual(blocked, [], 'no content that the CSP had to block');
      } finally {
        page.off('dialog', onDialog);
        page.off('request', onRequest);
      }
    },
  },
];
