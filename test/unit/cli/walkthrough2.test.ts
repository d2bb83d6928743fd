// Defects the fourteenth session's CLI walkthrough found and left, and what a second walk found: figures under
// stats --dataset that were the database's, exit codes for a refused input file, report writing over a folder,
// mix's camelCase field, a closed stderr during a long job.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../../src/core/store/db';
import { saveSelection } from '../../../src/core/store/selections';
import { sample, tempDir } from '../helpers';
import { HAND_RUN, seedRun } from '../report/seed';

const CLI = resolve('out', 'cli.js');

function run(args: string[], cwd?: string, env?: Record<string, string>) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI walkthrough, second walk', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => { tmp = tempDir(); });
  afterEach(() => tmp.cleanup());

  it("stats --dataset counts only that data set's annotations, runs, results and indexed traces, and says so", () => {
    const db = join(tmp.dir, 'x.db');
    assert.equal(run(['--db', db, 'import', sample('s1k-sample-5.jsonl'), '--dataset', 's']).code, 0);
    assert.equal(run(['--db', db, 'index']).code, 0);
    assert.equal(run(['--db', db, 'import', sample('s1k-sample-5.jsonl'), '--dataset', 't']).code, 0);
    const d = openDatabase(db);
    try {
      const ids = (name: string) => d.prepare('SELECT s.id FROM samples s JOIN datasets x ON x.id = s.dataset_id WHERE x.name = ? ORDER BY s.id').pluck().all(name) as number[];
      const [s, t] = [ids('s'), ids('t')];
      const note = d.prepare("INSERT INTO annotations (sample_id, label, origin) VALUES (?, ?, 'human')");
      note.run(s[0], 'good');
      note.run(t[0], 'good');
      note.run(t[1], 'bad');
      const addRun = (name: string) => Number(d.prepare("INSERT INTO runs (kind, name, config) VALUES ('eval', ?, '{}')").run(name).lastInsertRowid);
      const result = d.prepare("INSERT INTO results (run_id, sample_id, method) VALUES (?, ?, 'none')");
      const r1 = addRun('r1');
      const r2 = addRun('r2');
      result.run(r1, t[0]);
      result.run(r1, t[1]);
      result.run(r2, s[0]);
    } finally {
      d.close();
    }
    const all = JSON.parse(run(['--db', db, 'stats', '--json']).stdout) as { scope: string; totals: Record<string, number>; fts: Record<string, number> };
    assert.equal(all.scope, 'database');
    assert.deepEqual(all.totals, { samples: 10, traces: 10, annotations: 3, runs: 2, results: 3 });
    assert.deepEqual(all.fts, { indexedTraces: 5, pendingTraces: 5 });
    for (const [name, totals, fts] of [
      ['s', { samples: 5, traces: 5, annotations: 1, runs: 1, results: 1 }, { indexedTraces: 5, pendingTraces: 0 }],
      ['t', { samples: 5, traces: 5, annotations: 2, runs: 1, results: 2 }, { indexedTraces: 0, pendingTraces: 5 }],
    ] as const) {
      const r = run(['--db', db, 'stats', '--dataset', name, '--json']);
      assert.equal(r.code, 0, r.stderr);
      const one = JSON.parse(r.stdout) as typeof all;
      assert.equal(one.scope, 'dataset');
      assert.deepEqual(one.totals, totals, name);
      assert.deepEqual(one.fts, fts, name);
      const text = run(['--db', db, 'stats', '--dataset', name]).stdout;
      assert.match(text, new RegExp(`total of data set ${name}: 5 samples, 5 traces, ${totals.annotations} annotations; full-text index: ${fts.indexedTraces} of its traces indexed, ${fts.pendingTraces} pending`));
    }
    assert.match(run(['--db', db, 'stats']).stdout, /\n {2}total: 10 samples, 10 traces, 3 annotations; full-text index: 5 traces indexed, 5 pending/);
  });

  it('mix --json has human_dropped beside the camelCase humanDropped it keeps (a contract field), both the same count', () => {
    const db = join(tmp.dir, 'x.db');
    assert.equal(run(['--db', db, 'import', sample('s1k-sample-5.jsonl'), '--dataset', 's']).code, 0);
    const d = openDatabase(db);
    try {
      const ids = d.prepare('SELECT id FROM samples ORDER BY id').pluck().all() as number[];
      const datasetId = d.prepare('SELECT id FROM datasets').pluck().get() as number;
      saveSelection(d, { name: 'all', datasetId, recipe: {}, seed: 1, funnel: [], sampleIds: ids });
      d.prepare("UPDATE samples SET status = 'rejected' WHERE id IN (?, ?)").run(ids[0], ids[1]);
    } finally {
      d.close();
    }
    const r = run(['--db', db, 'mix', '--from', 'all', '--name', 'm', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const [source] = (JSON.parse(r.stdout) as { sources: Record<string, unknown>[] }).sources;
    assert.equal(source.humanDropped, 2);
    assert.equal(source.human_dropped, 2);
    assert.match(readFileSync(resolve('README.md'), 'utf8'), /"human_dropped"[^]*`humanDropped`, the same count as `human_dropped`, kept for compatibility/);
  });

  it('report refuses a --out folder with files in it unless --force, as export and backup refuse to replace a file; an empty or new folder is fine', () => {
    const db = join(tmp.dir, 'r.db');
    const d = openDatabase(db);
    seedRun(d, 'base', HAND_RUN);
    d.close();
    const out = join(tmp.dir, 'rep');
    mkdirSync(out);
    const first = run(['--db', db, 'report', '--run', 'base', '--out', out]);
    assert.equal(first.code, 0, 'an empty folder is written into');
    const before = statSync(join(out, 'report.md')).mtimeMs;
    const again = run(['--db', db, 'report', '--run', 'base', '--out', out, '--json']);
    assert.equal(again.code, 2);
    const message = (JSON.parse(again.stdout) as { error: string }).error;
    assert.equal(message, `--out ${out} is a folder with files in it: pass --force to write the report into it (files of the same names are replaced), or choose another --out (nothing was written)`);
    assert.match(again.stderr, /--force/);
    assert.equal(statSync(join(out, 'report.md')).mtimeMs, before, 'nothing rewritten');
    const forced = run(['--db', db, 'report', '--run', 'base', '--out', out, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(readFileSync(join(out, 'report.md'), 'utf8'), /by `distillery report --run base --out \S+ --force`/);
    const file = join(tmp.dir, 'a-file');
    writeFileSync(file, 'x');
    const onFile = run(['--db', db, 'report', '--run', 'base', '--out', file, '--force']);
    assert.equal(onFile.code, 2);
    assert.match(onFile.stderr, /--out \S+a-file is a file, not a folder/);
    assert.equal(run(['--db', db, 'report', '--run', 'base', '--out', join(tmp.dir, 'new', 'deeper')]).code, 0, 'a new folder is created');
  });
});
