// A database this user may not write (file and folder read-only): the CLI says so, naming the path and what to do,
// instead of reporting an error in the input file. Needs root to run the CLI as another user (nobody); skipped otherwise.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sample, tempDir } from '../helpers';

const CLI = resolve('out', 'cli.js');
const asNobody = (args: string[]) => spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, ...args], { encoding: 'utf8' });

describe('a read-only database', function () {
  this.timeout(60_000);

  it('import and stats name the database, say it is read-only for this user and what to do; nothing is written', function () {
    // As root, with setpriv, and where that user can read this checkout (CI's isolated copy sits in a folder only root
    // may enter): otherwise skipped.
    if (process.getuid?.() !== 0 || spawnSync('setpriv', ['--version']).status !== 0 || asNobody(['--version']).status !== 0) this.skip();
    const tmp = tempDir();
    try {
      const dir = join(tmp.dir, 'ro');
      mkdirSync(dir);
      const db = join(dir, 'x.db');
      assert.equal(spawnSync(process.execPath, [CLI, '--db', db, 'import', sample('s1k-sample-5.jsonl'), '--dataset', 'a']).status, 0);
      const input = join(tmp.dir, 'aime24.jsonl');
      copyFileSync(sample('aime24.jsonl'), input);
      chmodSync(tmp.dir, 0o755);
      chmodSync(input, 0o644);
      chmodSync(db, 0o444);
      chmodSync(dir, 0o555);
      const imp = asNobody(['--db', db, 'import', input, '--dataset', 'b']);
      assert.equal(imp.status, 2, imp.stderr);
      assert.match(imp.stderr, new RegExp(`cannot write the database ${db.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: it or its folder is read-only for this user`));
      assert.match(imp.stderr, /Nothing was written/);
      assert.doesNotMatch(imp.stderr, /aime24\.jsonl/, 'the input file is not blamed');
      const stats = asNobody(['--db', db, 'stats']);
      assert.equal(stats.status, 2);
      assert.match(stats.stderr, /cannot read the database .*read-only for this user.*Copy the database/);
      chmodSync(dir, 0o755);
      chmodSync(db, 0o644);
      const after = spawnSync(process.execPath, [CLI, '--db', db, '--json', 'stats'], { encoding: 'utf8' });
      assert.equal(JSON.parse(after.stdout).totals.samples, 5, 'the database is as it was');
    } finally {
      tmp.cleanup();
    }
  });
});
