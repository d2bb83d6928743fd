// A person's labels survive a copy of the database: the engine checkpoints on a clean exit and after a burst of
// labels, and `distillery backup` writes one consistent file while others write.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, RequestType } from 'vscode-jsonrpc/node';
import { ENGINE_PROTOCOL_VERSION, type EngineRequests } from '../../../src/shared/protocol';
import { openDatabase } from '../../../src/core/store/db';
import { sample, tempDir } from '../helpers';

const CLI = resolve('out', 'cli.js');
const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const statusOf = (file: string, id: number) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT status FROM samples WHERE id = ?').get(id) as { status: string } | undefined)?.status;
  } finally { db.close(); }
};

describe('labels reach the database file: checkpoints and backup', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => { tmp = tempDir(); });
  afterEach(() => tmp.cleanup());

  it('a label set in the engine is in the .db file alone after the editor closes the engine', async () => {
    const file = join(tmp.dir, 'e.db');
    assert.equal(cli(['--db', file, 'import', sample('aime24.jsonl')]).code, 0);
    // Another connection stays open, as a CLI job would: SQLite's own checkpoint-on-last-close cannot help then.
    const other = openDatabase(file);
    const proc = spawn(process.execPath, [resolve('out', 'engine.js'), '--db', file], { stdio: ['pipe', 'pipe', 'inherit'] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.listen();
    const req = <M extends keyof EngineRequests>(m: M, p: EngineRequests[M]['params']) =>
      conn.sendRequest(new RequestType<EngineRequests[M]['params'], EngineRequests[M]['result'], void>(m), p);
    await req('engine/ping', { protocol: ENGINE_PROTOCOL_VERSION });
    const [first] = (await req('review/list', { filter: {}, offset: 0, limit: 1 })).rows;
    await req('review/setStatus', { id: first.id, status: 'accepted' });
    const exited = new Promise((r) => proc.once('exit', r));
    proc.stdin!.end(); // what VS Code does when the extension stops
    await exited;
    conn.dispose();
    const alone = join(tmp.dir, 'copied-alone.db');
    copyFileSync(file, alone); // no -wal beside it
    assert.equal(statusOf(alone, first.id), 'accepted');
    other.close();
  });

  it('distillery backup writes one consistent file with fresh labels; refuses to overwrite; creates nothing on a missing db', () => {
    const file = join(tmp.dir, 'b.db');
    assert.equal(cli(['--db', file, 'import', sample('aime24.jsonl')]).code, 0);
    const writer = openDatabase(file);
    writer.pragma('wal_autocheckpoint = 0'); // the label stays in the WAL
    const id = (writer.prepare('SELECT id FROM samples ORDER BY id LIMIT 1').get() as { id: number }).id;
    writer.prepare("UPDATE samples SET status = 'rejected' WHERE id = ?").run(id);
    const out = join(tmp.dir, 'copy.db');
    const r = cli(['--db', file, '--json', 'backup', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { out: string; integrity: string; bytes: number; pages: number };
    assert.equal(j.integrity, 'ok');
    assert.equal(j.out, out);
    assert.ok(j.pages > 0 && j.bytes > 0);
    assert.equal(statusOf(out, id), 'rejected');
    assert.deepEqual(readdirSync(tmp.dir).filter((f) => f.startsWith('copy')), ['copy.db'], 'one file, no -wal, no partial');
    const again = cli(['--db', file, 'backup', '--out', out]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /copy\.db exists: pass --force/);
    assert.equal(cli(['--db', file, 'backup', '--out', out, '--force']).code, 0);
    assert.match(cli(['--db', file, 'backup', '--out', file]).stderr, /is the database itself/);
    // A missing folder is made, as export --out makes it (README: output paths).
    assert.equal(cli(['--db', file, 'backup', '--out', join(tmp.dir, 'nope', 'x.db')]).code, 0);
    assert.equal(existsSync(join(tmp.dir, 'nope', 'x.db')), true);
    writer.close();
    const missing = join(tmp.dir, 'missing.db');
    const m = cli(['--db', missing, 'backup', '--out', join(tmp.dir, 'm.db')]);
    assert.equal(m.code, 2);
    assert.equal(existsSync(missing), false);
    assert.equal(existsSync(join(tmp.dir, 'm.db')), false);
  });
});
