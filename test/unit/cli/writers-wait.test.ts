// A CLI job that writes while another job holds the write lock (a long import's one transaction) waits its turn,
// saying what it waits for, and goes on when the other commits: no bare "database is locked" after 10 s.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../../src/core/store/db';
import { sample, tempDir } from '../helpers';

const CLI = resolve('out', 'cli.js');

describe('CLI writers wait for each other', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => { tmp = tempDir(); });
  afterEach(() => tmp.cleanup());

  it('index waits while another connection holds the write lock, says so, and finishes after the commit', async () => {
    const file = join(tmp.dir, 'w.db');
    assert.equal(spawnSync(process.execPath, [CLI, '--db', file, 'import', sample('aime24.jsonl')]).status, 0);
    const holder = openDatabase(file);
    holder.exec('BEGIN IMMEDIATE');
    holder.exec("UPDATE samples SET status = 'accepted' WHERE id = (SELECT min(id) FROM samples)");
    const child = spawn(process.execPath, [CLI, '--db', file, 'index'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    // Wait until it says it is waiting (the child loads and opens the database first).
    for (let i = 0; i < 200 && !/waiting for another job/.test(stderr); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(stderr, /waiting for another job writing .*w\.db .* to commit/);
    assert.equal(child.exitCode, null, 'still waiting, not failed');
    holder.exec('COMMIT');
    holder.close();
    assert.equal(await exit, 0, stderr);
    assert.doesNotMatch(stderr, /database is locked/);
  });
});
