// `npm run demo`: a fresh database from the bundled sample data, then its stats and a full-text index, curation,
// an evaluation against the replay server and its report. Runs the real CLI (out/cli.js) the way a user or a
// VS Code task would.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const db = join('.distillery', 'demo.db');
for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });

const cli = (...args) => execFileSync(process.execPath, ['out/cli.js', '--db', db, ...args], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
const step = (title, ...args) => {
  process.stdout.write(`\n$ distillery --db ${db} ${args.join(' ')}\n`);
  process.stdout.write(cli(...args));
};

console.log('Distillery demo: importing the bundled sample data into a fresh database.');
step('s1K rows', 'import', 'samples/s1k-sample-5.jsonl', '--dataset', 's1k-sample');
step('evaluation sets', 'import', 'samples/math500.jsonl', '--dataset', 'math500');
step('evaluation sets', 'import', 'samples/aime24.jsonl', '--dataset', 'aime24');
step('re-import adds nothing', 'import', 'samples/s1k-sample-5.jsonl', '--dataset', 's1k-sample');
step('search index', 'index');
step('stats', 'stats');
// Curation on a synthetic s1-schema pool whose funnel is known by construction (the five real rows lack the
// isqwen* difficulty features, so a recipe would drop them all as "missing features").
execFileSync(process.execPath, ['bench/gen-curate-pool.mjs', '--rows', '3000', '--out', join('.distillery', 'demo-pool.jsonl')], { stdio: 'ignore' });
step('synthetic s1 pool', 'import', join('.distillery', 'demo-pool.jsonl'), '--dataset', 'pool', '--preset', 's1');
step('curate (s1K recipe)', 'curate', '--dataset', 'pool', '--recipe', 's1k', '--eval', 'samples/math500.jsonl', 'samples/aime24.jsonl', '--target', '300');
step('curate (s1 notebook)', 'curate', '--dataset', 'pool', '--recipe', 's1k-notebook', '--target', '300');
step('why samples were dropped', 'annotations', '--dataset', 'pool', '--label', 'contamination');
// Evaluation with test-time scaling against the replay server (labelled as a replay throughout).
execFileSync(process.execPath, ['scripts/demo-eval.mjs', '--db', db], { stdio: 'inherit' });
// The report: plots (SVG), tables, where scaling fails, examples, cost, configuration and the curation funnel.
const reportDir = join('.distillery', 'demo-report');
rmSync(reportDir, { recursive: true, force: true });
step('report', 'report', '--run', 'demo-replay', '--out', reportDir, '--selection', 's1k:pool');
const png = await scalingPng(join(reportDir, 'scaling.svg'), join(reportDir, 'scaling.png'));

/** The three-panel plot as PNG through headless Chromium, where there is one (the report itself needs none). */
async function scalingPng(svg, out) {
  const chromium = process.env.DISTILLERY_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) return null;
  try {
    const { chromium: launcher } = createRequire(import.meta.url)('playwright-core');
    const browser = await launcher.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
    try {
      const page = await browser.newPage({ deviceScaleFactor: 2 });
      await page.setContent(`<html><body style="margin:0;background:white">${readFileSync(svg, 'utf8')}</body></html>`);
      await (await page.$('svg')).screenshot({ path: out });
      return out;
    } finally {
      await browser.close();
    }
  } catch (e) {
    console.error(`(no PNG of the plot: ${e.message.split('\n')[0]})`);
    return null;
  }
}

console.log(`
Report: ${resolve(reportDir, 'report.md')}${png ? `\n        plot as PNG: ${resolve(png)}` : ''}
        (a REPLAY: the replay server plays back recorded solutions, so its numbers are not a model's; the report says so at the top)
  VS Code: open it and run "Markdown: Open Preview", or "Distillery: Open Report…" to make one for any run.

Done: everything above is in ${db} (a fresh file on each run, apart from your own .distillery/distillery.db).
  CLI:     npx distillery --db ${db} stats        (or: export DISTILLERY_DB=${db})
  VS Code: open this folder with the Distillery extension installed (npm run package, then install distillery.vsix),
           set "distillery.databasePath": "${db}" in the workspace settings, then run "Distillery: Review Dataset".`);
