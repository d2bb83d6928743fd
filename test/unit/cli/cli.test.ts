// The CLI contract that scripts depend on: run the built out/cli.js as a user would.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../../src/core/store/db';
import { searchListsBehind } from '../../../src/core/store/fts';
import { fixture, sample, tempDir } from '../helpers';

const CLI = resolve('out', 'cli.js');

function run(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

describe('distillery CLI', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: string;
  beforeEach(() => { tmp = tempDir(); db = join(tmp.dir, 'x.db'); });
  afterEach(() => tmp.cleanup());

  it('import --json prints exactly one JSON object with the contract fields; a second run adds nothing', () => {
    const first = run(['--db', db, 'import', sample('s1k-sample-5.jsonl'), '--json']);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout.trim().split('\n').length, 1);
    const r = first.json();
    assert.deepEqual({ dataset: r.dataset, rows: r.rows, traces: r.traces, skipped: r.skipped, errors: r.errors },
      { dataset: 's1k-sample-5', rows: 5, traces: 5, skipped: 0, errors: [] });
    const again = run(['--db', db, 'import', sample('s1k-sample-5.jsonl'), '--json']).json();
    assert.deepEqual([again.rows, again.new_samples, again.new_traces], [5, 0, 0]);
  });

  it('a broken file exits non-zero, names file and line, and leaves the database as it was', () => {
    run(['--db', db, 'import', sample('s1k-sample-5.jsonl'), '--dataset', 'd', '--json']);
    const bad = fixture('import', 's1-pool-bad.jsonl');
    const r = run(['--db', db, 'import', bad, '--dataset', 'd', '--json']);
    assert.equal(r.code, 1);
    const out = r.json();
    assert.deepEqual(out.errors.map((e: { file: string; line: number }) => [e.file, e.line]), [[bad, 2], [bad, 5]]);
    assert.match(r.stderr, /not imported; the database is unchanged/);
    assert.ok(r.stderr.includes(`error ${bad}:2: `), `the error names file and line on stderr: ${r.stderr}`);
    const stats = run(['--db', db, 'stats', '--json']).json();
    assert.equal(stats.totals.samples, 5);
  });

  it('an import that stops before reading its JSONL exits at once: the parse worker started early does not hold the process', () => {
    const blank = join(tmp.dir, 'blank.jsonl');
    writeFileSync(blank, '\n\n');
    const started = Date.now();
    const r = spawnSync(process.execPath, [CLI, '--db', db, 'import', blank, '--json'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 1, `exit status (null: still running after ${Date.now() - started} ms) ${r.stderr}`);
    assert.match(r.stdout, /file has no rows/);
  });

  it('--skip-bad keeps good rows and exits 0', () => {
    const r = run(['--db', db, 'import', fixture('import', 's1-pool-bad.jsonl'), '--skip-bad', '--json']);
    assert.equal(r.code, 0);
    assert.deepEqual([r.json().rows, r.json().skipped], [3, 2]);
  });

  it('stats --dataset reports counts; an unknown dataset is a clear error', () => {
    run(['--db', db, 'import', sample('aime24.jsonl'), '--json']);
    const s = run(['--db', db, 'stats', '--dataset', 'aime24', '--json']).json();
    assert.deepEqual(s.datasets.map((d: { name: string; samples: number; kind: string }) => [d.name, d.samples, d.kind]), [['aime24', 30, 'eval']]);
    const missing = run(['--db', db, 'stats', '--dataset', 'nope', '--json']);
    assert.equal(missing.code, 2);
    assert.match(missing.json().error, /no dataset named 'nope'/);
  });

  it('uses .distillery/distillery.db in the current folder by default', () => {
    const r = run(['import', sample('aime24.jsonl'), '--json'], tmp.dir);
    assert.equal(r.code, 0, r.stderr);
    const s = run(['stats', '--json'], tmp.dir).json();
    assert.equal(s.db, join(tmp.dir, '.distillery', 'distillery.db'));
  });

  it('rejects an unknown preset with the list of choices', () => {
    const r = run(['--db', db, 'import', sample('aime24.jsonl'), '--preset', 'nope']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Allowed choices are auto, s1k, s1, stratos/);
  });

  it('index builds the search index and reports how many traces it added', () => {
    run(['--db', db, 'import', sample('s1k-sample-5.jsonl'), '--json']);
    assert.equal(run(['--db', db, 'index', '--json']).json().indexed, 5);
    assert.equal(run(['--db', db, 'stats', '--json']).json().fts.pendingTraces, 0);
  });

  it('index --no-lists builds the text index and leaves the search lists; a later index builds only the lists', () => {
    run(['--db', db, 'import', sample('s1k-sample-5.jsonl'), '--json']);
    const listsBehind = () => { const c = openDatabase(db); try { return searchListsBehind(c); } finally { c.close(); } };
    assert.equal(run(['--db', db, 'index', '--no-lists', '--json']).json().indexed, 5);
    assert.equal(run(['--db', db, 'stats', '--json']).json().fts.pendingTraces, 0);
    assert.equal(listsBehind(), true);
    assert.equal(run(['--db', db, 'index', '--json']).json().indexed, 0);
    assert.equal(listsBehind(), false);
  });
});
