// `distillery report` as a user runs it (out/cli.js): exit codes, the --json fields, the files written, the replay
// warning at the top, and an unknown run named with the runs there are.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir, type TempDir } from '../helpers';
import { openDatabase } from '../../../src/core/store/db';
import { HAND_RUN, seedRun } from './seed';

const CLI = process.env.DISTILLERY_CLI ? resolve(process.env.DISTILLERY_CLI) : resolve('out', 'cli.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('distillery report (CLI)', function () {
  this.timeout(120_000);
  let tmp: TempDir;
  let dbPath: string;
  before(() => {
    tmp = tempDir();
    dbPath = join(tmp.dir, 'r.db');
    const db = openDatabase(dbPath);
    seedRun(db, 'base', HAND_RUN, { backend: 'replay' });
    seedRun(db, 'tuned', HAND_RUN.map((r) => (r.method === 'truncation' && r.budget === 1000 && r.q === 'q3' ? { ...r, grade: 1 as const } : r)));
    db.close();
  });
  after(() => tmp.cleanup());

  it('writes report.md, one SVG per plot and the per-sample JSONL; --json names them; exit 0', () => {
    const out = join(tmp.dir, 'rep');
    const r = cli(['--db', dbPath, '--json', 'report', '--run', 'base,tuned', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 1, 'one JSON object');
    const j = JSON.parse(r.stdout);
    assert.equal(j.report, join(out, 'report.md'));
    assert.equal(j.replay, true);
    assert.deepEqual(j.runs.map((x: { name: string; replay: boolean; results: number }) => [x.name, x.replay, x.results]), [['base', true, 20], ['tuned', false, 20]]);
    assert.deepEqual(j.charts.map((c: { id: string }) => c.id), ['scaling', 'histograms', 'failures-accuracy', 'failures-tokens', 'failures-flips']);
    for (const c of j.charts) assert.match(readFileSync(c.file, 'utf8'), /^<svg/);
    assert.deepEqual(j.exports.map((e: { run: string; rows: number }) => [e.run, e.rows]), [['base', 20], ['tuned', 20]]);
    const row = JSON.parse(readFileSync(j.exports[0].file, 'utf8').split('\n')[0]);
    for (const k of ['run', 'benchmark', 'sample_id', 'question', 'gold', 'method', 'budget', 'repeat', 'grade', 'thinking_tokens', 'continuations', 'thinking', 'answer', 'finish_reasons']) assert.ok(k in row, k);
    // Each run: truncation 1000 → 2000 falls and budget forcing stays flat (and unused); flips: q1 in both, q3 in tuned.
    assert.deepEqual(j.failures, { pairs: 4, stalled: 2, flips: 3 });
    assert.deepEqual(j.benchmarks, ['math500']);

    const md = readFileSync(j.report, 'utf8');
    // The replay is said in words before anything else.
    const banner = md.indexOf("answered by Distillery's replay server");
    assert.ok(banner > 0 && banner < md.indexOf('## Runs'), 'replay warning at the top');
    assert.match(md.slice(0, banner + 400), /not a model/);
    for (const h of ['## Accuracy against thinking tokens', '## Test-time scaling metrics', '## Accuracy per budget', '## Where scaling fails',
      '## Runs side by side', '## Examples', '## Computational cost', '## Configuration']) assert.ok(md.includes(h), h);
    assert.ok(md.includes('![Accuracy against mean thinking tokens per data set](scaling.svg)'));
    assert.ok(md.includes('[failures/flips.jsonl](failures/flips.jsonl)'));
    assert.ok(existsSync(join(out, 'failures', 'flips.jsonl')));
    // base vs tuned at truncation 1000: q3 right only in tuned.
    assert.match(md, /\| base vs tuned \| MATH500 \| truncation \| 1000 \| 4 \| 50\.0% \| 75\.0% \| 25\.0 pts \| 0: – \| 1: \d+ \|/);
  });

  it('human output names the report and warns of the replay', () => {
    const r = cli(['--db', dbPath, 'report', '--run', 'base', '--out', join(tmp.dir, 'h')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^REPLAY: base answered by the replay server/);
    assert.ok(r.stdout.includes(`report: ${join(tmp.dir, 'h', 'report.md')}`));
  });

  it('an unknown run exits 2 naming it and the runs there are; --json prints {error}', () => {
    const r = cli(['--db', dbPath, 'report', '--run', 'base,nope', '--out', join(tmp.dir, 'x')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no evaluation run named 'nope' \(runs in this database: tuned, base\)/);
    assert.ok(!existsSync(join(tmp.dir, 'x', 'report.md')));
    const j = cli(['--db', dbPath, '--json', 'report', '--run', 'nope', '--out', join(tmp.dir, 'x')]);
    assert.equal(j.code, 2);
    assert.match(JSON.parse(j.stdout).error, /no evaluation run named 'nope'/);
  });

  it('usage errors exit 2: no --out, an unknown selection, a missing database', () => {
    assert.equal(cli(['--db', dbPath, 'report', '--run', 'base']).code, 2);
    const s = cli(['--db', dbPath, 'report', '--run', 'base', '--out', join(tmp.dir, 'y'), '--selection', 'none']);
    assert.equal(s.code, 2);
    assert.match(s.stderr, /--selection: no selection named 'none'/);
    const d = cli(['--db', join(tmp.dir, 'missing.db'), 'report', '--run', 'base', '--out', join(tmp.dir, 'z')]);
    assert.equal(d.code, 2);
    assert.match(d.stderr, /no database at/);
  });
});
