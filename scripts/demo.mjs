// `npm run demo`: a fresh database from the bundled sample data, then its stats and a full-text index.
// Runs the real CLI (out/cli.js) the way a user or a VS Code task would.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

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
console.log(`
Done: everything above is in ${db} (a fresh file on each run, apart from your own .distillery/distillery.db).
  CLI:     npx distillery --db ${db} stats        (or: export DISTILLERY_DB=${db})
  VS Code: open this folder with the Distillery extension installed (npm run package, then install distillery.vsix),
           set "distillery.databasePath": "${db}" in the workspace settings, then run "Distillery: Review Dataset".`);
