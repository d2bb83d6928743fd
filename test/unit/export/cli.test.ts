// `distillery export` as a user runs it: the built out/cli.js, its --json summary and its exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fixture } from '../helpers';
import { selectAll, world, type World } from './setup';

const CLI = resolve('out', 'cli.js');
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('distillery export (CLI)', function () {
  this.timeout(60_000);
  let w: World;
  beforeEach(async () => { w = await world([fixture('import', 's1-pool.jsonl')]); selectAll(w.db); w.db.close(); });
  afterEach(() => w.cleanup());

  it('--json prints one summary with the files, their SHA-256 and the counts; the folder holds data, manifest and card', () => {
    const out = join(w.dir, 'hub', 's1.parquet');
    const r = run(['--db', w.dbPath, 'export', '--selection', 'sel', '--format', 'parquet', '--out', out, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.deepEqual(s.files.map((f: { kind: string }) => f.kind), ['data', 'manifest', 'card']);
    assert.match(s.files[0].sha256, /^[0-9a-f]{64}$/);
    assert.equal(s.counts.rows, s.counts.exported_samples);
    assert.deepEqual(readdirSync(join(w.dir, 'hub')).sort(), ['README.md', 'manifest.json', 's1.parquet']);
  });

  it('mistakes exit 2 with a message naming what to do, and write nothing', () => {
    const out = join(w.dir, 'hub', 'd.jsonl');
    const unknown = run(['--db', w.dbPath, 'export', '--selection', 'nope', '--format', 's1', '--out', out, '--json']);
    assert.equal(unknown.code, 2);
    assert.match(JSON.parse(unknown.stdout).error, /no selection named 'nope'.*distillery selection/);
    const badFormat = run(['--db', w.dbPath, 'export', '--selection', 'sel', '--format', 'alpaca', '--out', out]);
    assert.equal(badFormat.code, 2);
    assert.equal(run(['--db', w.dbPath, 'export', '--selection', 'sel', '--format', 's1', '--out', out]).code, 0);
    const again = run(['--db', w.dbPath, 'export', '--selection', 'sel', '--format', 's1', '--out', out]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, new RegExp(`${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} already exists: pass --force`));
    const split = run(['--db', w.dbPath, 'export', '--selection', 'sel', '--format', 's1', '--out', join(w.dir, 'x', 'd.jsonl'), '--split', '1.5']);
    assert.equal(split.code, 2);
    assert.ok(!existsSync(join(w.dir, 'x')));
  });
});
