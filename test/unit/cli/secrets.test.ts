// A hostile backend: its 401 echoes the request line and headers (Authorization included). Whatever it says,
// the key never reaches the CLI's stderr, its --json output or the run stored in the database.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { createBackend } from '../../../src/core/backend/client';
import { evalSession } from '../../../src/core/evaluate/session';
import { openDatabase } from '../../../src/core/store/db';
import { tempDir } from '../helpers';

const CLI = resolve('out', 'cli.js');
const KEY = 'sk-test-SECRET0123456789abcdefKEY';
const USERINFO_KEY = 'UserinfoSecret0123456789';

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Asynchronous: the backend answering it lives in this process.
  return new Promise((done) => {
    const p = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, OPENAI_API_KEY: '', ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    p.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Every form in which a key could leak: as is, and base64 inside a Basic header. */
function leaks(text: string, key: string): string[] {
  const forms = [key, Buffer.from(`user:${key}`).toString('base64'), Buffer.from(key).toString('base64')];
  return forms.filter((f) => text.includes(f));
}

describe('no secret in eval output (hostile backend)', function () {
  this.timeout(120_000);
  let server: Server;
  let port = 0;
  let tmp: ReturnType<typeof tempDir>;

  before(async () => {
    tmp = tempDir();
    server = createServer((req, res) => {
      if (req.method === 'GET' && req.url?.endsWith('/models')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model', created: 0, owned_by: 'x', max_model_len: 4096 }] }));
        return;
      }
      req.resume();
      const echoed = Object.entries(req.headers).map(([k, v]) => `${k}: ${String(v)}`).join('\n');
      // The URL as the server understood it, with the token it was given as userinfo.
      const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `invalid key for ${req.method} http://apikey:${token}@${req.headers.host}${req.url}\n${echoed}`, type: 'auth' } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    tmp.cleanup();
  });

  const evalArgs = (db: string, backend: string) =>
    ['--db', db, 'eval', '--backend', backend, '--model', 'm', '--benchmark', 'math500:1', '--method', 'none', '--run', 'r', '--concurrency', '1', '--json'];

  it('a 401 that echoes "Authorization: Bearer <key>" fails the run without printing or storing the key', async () => {
    const db = join(tmp.dir, 'a.db');
    const r = await cli(evalArgs(db, `http://127.0.0.1:${port}/v1`), { DISTILLERY_API_KEY: KEY });
    assert.notEqual(r.code, 0);
    // The failure is still explained: the backend, its status, what it said.
    assert.match(r.stderr, /401/);
    assert.match(r.stderr, /Authorization: Bearer \*\*\*/i);
    assert.match(r.stderr, /http:\/\/\*\*\*@127\.0\.0\.1/);
    assert.match(JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}').error, /401/);
    assert.deepEqual(leaks(r.stdout + r.stderr, KEY), []);
    const rows = new Database(db, { readonly: true }).prepare('SELECT * FROM runs').all();
    assert.equal(rows.length, 1);
    assert.deepEqual(leaks(JSON.stringify(rows), KEY), []);
  });

  it('a key in the backend URL\'s userinfo is never printed or stored', async () => {
    const db = join(tmp.dir, 'b.db');
    const r = await cli(evalArgs(db, `http://user:${USERINFO_KEY}@127.0.0.1:${port}/v1`), { DISTILLERY_API_KEY: '' });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /127\.0\.0\.1/);
    assert.deepEqual(leaks(r.stdout + r.stderr, USERINFO_KEY), []);
    // It fails before any run is made; if one were, its stored backend URL would carry no userinfo.
    if (existsSync(db)) assert.deepEqual(leaks(readFileSync(db).toString('latin1'), USERINFO_KEY), []);
  });

  it('the run stores its backend URLs without userinfo and its error without the key', async () => {
    const db = openDatabase(join(tmp.dir, 'c.db'));
    try {
      const backend = createBackend({ urls: [`http://127.0.0.1:${port}/v1`], model: 'm', apiKey: KEY, concurrency: 1 });
      const urls = [`http://user:${USERINFO_KEY}@127.0.0.1:${port}/v1`];
      await assert.rejects(evalSession({ db, backend, backendUrls: urls, model: 'm', benchmark: 'math500:1', method: 'none', run: 'c', maxModelTokens: 4096 }));
      const row = db.prepare('SELECT config, status, error FROM runs').get() as { config: string; status: string; error: string };
      assert.equal(row.status, 'failed');
      assert.deepEqual(JSON.parse(row.config).backend, [`http://127.0.0.1:${port}/v1`]);
      assert.match(row.error, /401/);
      assert.deepEqual([...leaks(JSON.stringify(row), KEY), ...leaks(JSON.stringify(row), USERINFO_KEY)], []);
    } finally {
      db.close();
    }
  });
});
