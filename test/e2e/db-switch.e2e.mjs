// Another database, or the same one after a crash: a new engine process starts (the setting
// distillery.databasePath changed, written to the workspace's .vscode/settings.json as a person's edit would be, or
// the engine was killed), and what the editor shows follows it. The review panel, the runs dashboard, the Datasets
// and Models views and the status bar each show the second database's contents after the switch (and not the
// first's), and the first's again after switching back. A key pressed in the review panel while the engine dies
// is never lost without a word: it lands, or the panel says it was not saved.
// The second database is made here by the CLI (MATH500 imported, a selection of it and a fake training run).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cli, dashboardFrame, fakeTrainRun, panelFrame, pick, query, runCommand, selectedId, until, withReplay } from './panel.mjs';

const FIRST = 's1k-sample-5';
const SECOND = 'math500-switch';
const TRAIN = 'e2e-switch-train';
const EVAL = 'e2e-switch-eval';

/** The second database (made once, by the first test that needs it). */
let second;

/**
 * MATH500 imported, a training run on five of its questions (the fake trainer) and an evaluation run of two AIME24
 * questions against the replay server (its data set, eval:aime24, comes first by name: the panel lands on it).
 */
async function makeSecond({ repoRoot, mkTemp }) {
  if (second) return second;
  const dir = mkTemp('distillery-e2e-db2-');
  const db = path.join(dir, 'second.db');
  cli(repoRoot, db, 'import', path.join(repoRoot, 'samples', 'math500.jsonl'), '--dataset', SECOND, '--preset', 'auto', '--json');
  // A training run on a selection of five questions (the fake trainer), for the Models view and the dashboard.
  const w = new Database(db);
  try {
    const ds = w.prepare('SELECT id FROM datasets WHERE name = ?').pluck().get(SECOND);
    const ids = w.prepare('SELECT id FROM samples WHERE dataset_id = ? ORDER BY id LIMIT 5').pluck().all(ds);
    const sel = Number(w.prepare("INSERT INTO selections (name, version, dataset_id, recipe, seed, funnel) VALUES (?, 1, ?, 'null', 0, '[]')")
      .run(`${TRAIN}-sel`, ds).lastInsertRowid);
    ids.forEach((id, rank) => w.prepare('INSERT INTO selection_items (selection_id, sample_id, rank) VALUES (?, ?, ?)').run(sel, id, rank));
  } finally {
    w.close();
  }
  fakeTrainRun(repoRoot, db, dir, { name: TRAIN, selection: `${TRAIN}-sel@1`, epochs: 1 });
  await withReplay(repoRoot, 'aime24.jsonl', async (url, model) => {
    cli(repoRoot, db, 'eval', '--backend', url, '--model', model, '--benchmark', 'aime24:2', '--method', 'truncation', '--budgets', '500,inf', '--run', EVAL);
  });
  second = db;
  return db;
}

/** Sets distillery.databasePath in the workspace's settings (undefined: the setting removed, the default database). */
function useDatabase(workspace, db) {
  const dir = path.join(workspace, '.vscode');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(db ? { 'distillery.databasePath': db } : {}, null, 2));
}

/** The engine processes serving `db` (their command line names it), by pid. */
function enginePids(db) {
  const pids = [];
  for (const p of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let argv;
    try {
      argv = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const at = argv.indexOf('--db');
    if (at > 0 && argv[at + 1] === db && argv.some((a) => a.endsWith(path.join('out', 'engine.js')))) pids.push(Number(p));
  }
  return pids;
}

/** The review panel on the first database's data set (asked for when the database holds others too). */
async function openReview(page, dbPath) {
  await runCommand(page, 'Distillery: Review Dataset');
  if (query(dbPath, 'SELECT count(*) AS n FROM datasets')[0].n > 1) await pick(page, 'Review which data set?', FIRST);
  const frame = await panelFrame(page);
  await shows(frame, FIRST, dbPath);
  return frame;
}

/** Words a question starts with, as they read once rendered (before its first formula or command). */
const opening = (q) => q.split(/[$\\]/)[0].trim().split(/\s+/).slice(0, 4).join(' ');

/** Waits until the panel shows `dataset` of `db`: the data set chosen, its count, and a sample of it from that database. */
async function shows(frame, dataset, db) {
  const n = query(db, 'SELECT count(*) AS n FROM samples s JOIN datasets d ON d.id = s.dataset_id WHERE d.name = ?', dataset)[0].n;
  await until(async () => await frame.locator('#dataset').inputValue() === dataset
    && (await frame.locator('#count').innerText()).trim() === `${n} samples`
    && (await frame.locator('.detail .sample-head .meta').innerText()).includes(dataset), `the panel on ${dataset}`, 30_000);
  const id = await selectedId(frame);
  const q = query(db, 'SELECT question FROM samples WHERE id = ?', id)[0].question;
  const words = opening(q);
  if (words) await until(async () => (await frame.locator('.detail .question').innerText()).includes(words), `sample ${id}'s question of ${path.basename(db)}`);
}

/** The data set a panel opens on in `db`, and so lands on after a switch to it: the first by name. */
const firstDataset = (db) => query(db, 'SELECT name FROM datasets ORDER BY name LIMIT 1')[0].name;

/** The rows of a view in the Distillery side bar. */
const viewRows = (page, view) => page.locator(`.part.sidebar .pane:has(.pane-header[aria-label^="${view}"]) .monaco-list-row`);

/** After a test, whatever happened: the default database again, the engine on it, and no settings file left. */
async function backToFirst(workspace, dbPath) {
  useDatabase(workspace, undefined);
  await until(() => enginePids(dbPath).length === 1, 'the engine on the first database again', 30_000);
  fs.rmSync(path.join(workspace, '.vscode'), { recursive: true, force: true });
}

export const tests = [
  {
    name: 'the review panel follows distillery.databasePath to another database and back: its data set, count and samples',
    async run(ctx) {
      const { page, workspace, dbPath } = ctx;
      const db2 = await makeSecond(ctx);
      const frame = await openReview(page, dbPath);
      try {
        useDatabase(workspace, db2);
        await shows(frame, firstDataset(db2), db2);
        const options = await frame.locator('#dataset option').evaluateAll((os) => os.map((o) => o.value));
        assert.ok(options.includes(SECOND) && !options.includes(FIRST), `the second database's data sets offered, not the first's: ${options.join(', ')}`);
        assert.ok(!(await frame.locator('.detail .sample-head .meta').innerText()).includes(FIRST));
        // Its other data set, chosen in the panel, is there too.
        await frame.locator('#dataset').selectOption(SECOND);
        await shows(frame, SECOND, db2);
        // Back: the first database has no math500-switch, so the panel is on its first data set.
        useDatabase(workspace, undefined);
        await shows(frame, firstDataset(dbPath), dbPath);
        const back = await frame.locator('#dataset option').evaluateAll((os) => os.map((o) => o.value));
        assert.ok(!back.includes(SECOND), `the second database's data set is gone: ${back.join(', ')}`);
      } finally {
        await backToFirst(workspace, dbPath);
        await runCommand(page, 'View: Close All Editors');
      }
    },
  },
  {
    name: 'the runs dashboard follows the switch: the second database\'s training run, then the first\'s runs again',
    async run(ctx) {
      const { page, workspace, dbPath } = ctx;
      const db2 = await makeSecond(ctx);
      const firstRuns = query(dbPath, 'SELECT name FROM runs').map((r) => r.name);
      await runCommand(page, 'Distillery: Show Runs Dashboard');
      const dash = await dashboardFrame(page);
      const runRows = () => dash.locator('tr[data-run]').evaluateAll((rows) => rows.map((r) => r.dataset.run));
      await until(async () => (await runRows()).length === firstRuns.length && !(await dash.locator('.error').count()), 'the first database\'s runs', 30_000);
      try {
        useDatabase(workspace, db2);
        await until(async () => (await runRows()).sort().join() === [EVAL, TRAIN].sort().join(), 'the dashboard listing the second database\'s runs only', 30_000);
        // Its evaluation run ticked, as the page opens on a database: its metrics shown (one row per budget).
        await until(async () => await dash.locator(`tr[data-run="${EVAL}"] input[type=checkbox]`).isChecked()
          && (await dash.locator('table.metrics tbody tr').count()) === 2, 'the second database\'s evaluation run ticked, with its metrics', 30_000);
        assert.equal(await dash.locator('.error').count(), 0, 'no error on the page');
        useDatabase(workspace, undefined);
        await until(async () => (await runRows()).sort().join() === [...firstRuns].sort().join(), 'the first database\'s runs again', 30_000);
        assert.equal(await dash.locator('.error').count(), 0, 'no error on the page');
      } finally {
        await backToFirst(workspace, dbPath);
        await runCommand(page, 'View: Close All Editors');
      }
    },
  },
  {
    name: 'the Datasets and Models views and the status bar follow the switch and come back',
    async run(ctx) {
      const { page, workspace, dbPath } = ctx;
      const db2 = await makeSecond(ctx);
      await runCommand(page, 'Distillery: Focus on Datasets View');
      await viewRows(page, 'Datasets').filter({ hasText: FIRST }).first().waitFor({ state: 'visible', timeout: 30_000 });
      await runCommand(page, 'Distillery: Focus on Models View');
      // Another process holds both databases open (a CLI task would): their -wal files stay, so the file watcher
      // sees no new file when the engine opens one, and only the engine's own restart can refresh the views.
      const held = [new Database(dbPath), new Database(db2)];
      const status = page.locator('.part.statusbar .statusbar-item:has-text("Distillery")').first();
      /** The status bar item's tooltip (its hover), which names the database. */
      const tooltip = async () => {
        await page.mouse.move(5, 5);
        await status.hover();
        const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Distillery engine' }).first();
        await hover.waitFor({ state: 'visible', timeout: 5_000 });
        return hover.innerText();
      };
      try {
        useDatabase(workspace, db2);
        await viewRows(page, 'Datasets').filter({ hasText: SECOND }).first().waitFor({ state: 'visible', timeout: 30_000 });
        assert.equal(await viewRows(page, 'Datasets').filter({ hasText: FIRST }).count(), 0, 'the first database\'s data set left the tree');
        await viewRows(page, 'Models').filter({ hasText: TRAIN }).first().waitFor({ state: 'visible', timeout: 30_000 });
        await until(async () => (await tooltip()).includes(db2) && /ready/.test(await tooltip()), 'the status bar naming the second database', 30_000);
        useDatabase(workspace, undefined);
        await viewRows(page, 'Datasets').filter({ hasText: FIRST }).first().waitFor({ state: 'visible', timeout: 30_000 });
        assert.equal(await viewRows(page, 'Datasets').filter({ hasText: SECOND }).count(), 0, 'the second database\'s data set left the tree');
        await until(async () => !(await viewRows(page, 'Models').filter({ hasText: TRAIN }).count()), 'the training run gone from the Models view', 30_000);
        await until(async () => (await tooltip()).includes(dbPath) && /ready/.test(await tooltip()), 'the status bar naming the first database', 30_000);
      } finally {
        for (const h of held) h.close();
        await page.mouse.move(700, 300);
        await backToFirst(workspace, dbPath);
      }
    },
  },
  {
    name: 'a key pressed in the review panel while the engine dies lands, or the panel says it was not saved',
    async run(ctx) {
      const { page, workspace, dbPath, log, screenshot } = ctx;
      const db2 = await makeSecond(ctx);
      // On the second database: the first one's samples belong to the review tests.
      const frame = await openReview(page, dbPath);
      try {
        useDatabase(workspace, db2);
        await shows(frame, firstDataset(db2), db2);
        const status = (id) => query(db2, 'SELECT status FROM samples WHERE id = ?', id)[0].status;
        const reloads = () => frame.evaluate(() => Number(document.body.dataset.engineReloads ?? 0));
        /** Waits for the engine that replaces `old`, and for the panel's reload from it (`before`: its reloads till then). */
        const restartedEngine = async (old, before) => {
          await until(() => { const p = enginePids(db2); return p.length === 1 && p[0] !== old; }, 'a new engine process', 30_000);
          // The panel has read everything again from the new process.
          await until(async () => (await reloads()) > before, 'the panel reloaded after the restart', 30_000);
        };

        /**
         * The engine stops answering (SIGSTOP), `key` is pressed, its request reaches the stopped engine, `meanwhile`
         * runs, and the engine dies (SIGKILL): the write is in flight when the process ends. Waits for the restart.
         */
        const keyWhileDying = async (key, meanwhile = () => {}) => {
          const [pid] = enginePids(db2);
          await frame.locator('.detail').click({ position: { x: 5, y: 5 } });
          const before = await reloads();
          process.kill(pid, 'SIGSTOP');
          await page.keyboard.press(key);
          // The key's request reaches the (stopped) engine within milliseconds; a second makes sure it is in the pipe.
          await page.waitForTimeout(1000);
          meanwhile();
          process.kill(pid, 'SIGKILL');
          await restartedEngine(pid, before);
        };
        const error = frame.locator('distillery-filter-bar .error');
        /** The bar's error now ('' when there is none: innerText alone would wait for one to appear). */
        const errorText = async () => ((await error.count()) ? error.innerText().catch(() => '') : '');

        // 1. `a` in flight when the engine dies: the decision lands, or the panel says it was not saved.
        const id = await selectedId(frame);
        assert.equal(status(id), 'unreviewed');
        await keyWhileDying('a');
        if (status(id) !== 'accepted') {
          // Not saved: the panel says so, after the restart's reload too, naming the sample and the decision.
          const text = await errorText();
          log(`the panel says: ${text}`);
          assert.match(text, /not saved/i, `the panel's message: "${text}"`);
          await screenshot('review-not-saved.png');
          assert.match(text, new RegExp(`accept.*sample ${id}|sample ${id}.*accept`, 'i'), text);
          // The key again: it lands, and the message goes.
          assert.equal(await selectedId(frame), id, 'the panel stayed on the sample not saved');
          await frame.locator('.detail').click({ position: { x: 5, y: 5 } });
          await page.keyboard.press('a');
          await until(() => status(id) === 'accepted', 'the decision saved on the second try');
          await until(async () => !(await error.count()), 'the message gone once saved');
        }

        // 2. The old engine saved the decision but died before answering (here the database is written while it is
        //    stopped, as it would have): the panel reads the sample again after the restart and says nothing is
        //    lost (pressing a again would take the decision back).
        const next = await until(async () => { const s = await selectedId(frame); return s !== id && s; }, 'the panel on the next sample');
        assert.equal(status(next), 'unreviewed');
        await keyWhileDying('a', () => {
          const w = new Database(db2);
          try {
            w.prepare("UPDATE samples SET status = 'accepted' WHERE id = ?").run(next);
          } finally {
            w.close();
          }
        });
        await until(async () => !/not saved/i.test(await errorText()), 'no "not saved" message once the sample reads accepted', 30_000);
        await frame.locator('.detail .badge.accepted').first().waitFor({ state: 'visible', timeout: 30_000 });

        // 3. The engine killed, `r` pressed at once (while it restarts): it waits and lands, or the panel says.
        const [pid3] = enginePids(db2);
        await frame.locator('.detail').click({ position: { x: 5, y: 5 } });
        const before3 = await reloads();
        process.kill(pid3, 'SIGKILL');
        await page.keyboard.press('r');
        await restartedEngine(pid3, before3);
        await until(async () => status(next) === 'rejected' || /not saved/i.test(await errorText()), `sample ${next} rejected, or the panel saying it was not`, 30_000);
        // The side bar's views after the crashes: the second database's contents, not an empty tree.
        await viewRows(page, 'Datasets').filter({ hasText: SECOND }).first().waitFor({ state: 'visible', timeout: 30_000 });
        await viewRows(page, 'Models').filter({ hasText: TRAIN }).first().waitFor({ state: 'visible', timeout: 30_000 });
      } finally {
        await backToFirst(workspace, dbPath);
        await runCommand(page, 'View: Close All Editors');
      }
    },
  },
];
