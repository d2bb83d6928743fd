// Defects found by walking the CLI as a new user (README + --help): --json on usage errors, numbers refused as usage
// errors before any work, a resumed generation against the replay server still labelled a replay.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sample, runCli, tempDir } from '../helpers';
import { cli, generationFixture } from '../generate/gen-helpers';
import { startReplayServer } from '../../../src/core/replay/server';

const run = runCli;

describe('CLI walkthrough: what a new user met', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => { tmp = tempDir(); });
  afterEach(() => tmp.cleanup());

  it('a usage error with --json prints one {"error"} object on stdout too, as every other error does (exit 2)', () => {
    const cases: [string[], RegExp][] = [
      [['import', '--json'], /^missing required argument 'files'$/],
      [['metrics', '--json'], /^required option '--run <name>' not specified$/],
      [['stats', '--bogus', '--json'], /^unknown option '--bogus'/],
      [['export', '--selection', 's', '--format', 'bogus', '--out', 'x.jsonl', '--json'], /argument 'bogus' is invalid/],
      [['nosuch', '--json'], /^unknown command 'nosuch'$/],
      [['--json'], /^no command to run: see 'distillery --help'/],
      [['help', 'nosuch', '--json'], /^no command to run/],
    ];
    for (const [args, error] of cases) {
      const r = run(args, tmp.dir);
      assert.equal(r.code, 2, args.join(' '));
      const lines = r.stdout.trim().split('\n');
      assert.equal(lines.length, 1, `${args.join(' ')}: one line on stdout, got ${JSON.stringify(r.stdout)}`);
      assert.match((JSON.parse(lines[0]) as { error: string }).error, error, args.join(' '));
      assert.match(r.stderr, /distillery --help|^Usage: distillery/, 'stderr still has the human message (or the help)');
    }
    // without --json, stdout stays empty; help and --version are not errors
    assert.equal(run(['metrics'], tmp.dir).stdout, '');
    assert.doesNotMatch(run(['stats', '--help', '--json'], tmp.dir).stdout, /"error"/);
    assert.doesNotMatch(run(['--version', '--json'], tmp.dir).stdout, /"error"/);
  });

  it('import refuses a --workers or --max-field-mb that is not a number as a usage error, before creating anything', () => {
    const db = join(tmp.dir, 'x.db');
    for (const [flag, value, msg] of [
      ['--workers', 'abc', /--workers must be a whole number \(0 parses on the main thread\), not 'abc'/],
      ['--workers', '-1', /--workers must be a whole number/],
      ['--max-field-mb', '-1', /--max-field-mb must be a positive number of million characters, not '-1'/],
      ['--max-field-mb', 'lots', /--max-field-mb must be a positive number/],
    ] as const) {
      const r = run(['--db', db, 'import', sample('aime24.jsonl'), flag, value]);
      assert.equal(r.code, 2, `${flag} ${value}: ${r.stderr}`);
      assert.match(r.stderr, msg);
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one error, not one per line of the file');
      assert.equal(existsSync(db), false, 'nothing created');
    }
    const ok = run(['--db', db, 'import', sample('aime24.jsonl'), '--workers', '0', '--max-field-mb', '0.5', '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { rows: number }).rows, 30);
  });

  it('generate-questions checks --timeout-s and --concurrency before it contacts the backend; a missing --prompt is said in words', () => {
    const prompt = join(tmp.dir, 'p.txt');
    writeFileSync(prompt, 'Write a new question like: {question}');
    const base = ['--db', join(tmp.dir, 'x.db'), 'generate-questions', '--backend', 'http://127.0.0.1:9/v1', '--model', 'm', '--from', 's', '--n', '2', '--dataset', 'd'];
    for (const [flag, value] of [['--timeout-s', 'abc'], ['--concurrency', '0']]) {
      const r = run([...base, '--prompt', prompt, flag, value]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, new RegExp(`${flag} must be an integer >= 1, not '${value}'`));
      assert.doesNotMatch(r.stderr, /cannot reach/);
    }
    const missing = run([...base, '--prompt', join(tmp.dir, 'nope.txt')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--prompt \S+nope\.txt: no such file \(check the path\)/);
    assert.doesNotMatch(missing.stderr, /ENOENT|open '/);
  });

  it('a resumed generation with nothing left to send is still labelled a replay (--json "replay": true)', async function () {
    this.timeout(120_000);
    const f = await generationFixture(2, 'g.db');
    try {
      const args = ['--db', f.dbPath, 'generate', '--backend', f.server.url, '--model', 'replay', '--selection', 'qs', '--samples', '1', '--run', 'g', '--json'];
      const first = await cli(args);
      assert.equal(first.code, 0, first.err);
      assert.equal((JSON.parse(first.out) as { replay: boolean }).replay, true);
      const again = await cli(args);
      assert.equal(again.code, 0, again.err);
      const out = JSON.parse(again.out) as { replay: boolean; skipped: number; sent_requests: number };
      assert.deepEqual([out.skipped, out.sent_requests, out.replay], [2, 0, true]);
    } finally {
      await f.server.close();
      f.tmp.cleanup();
    }
  });

  it('a resumed evaluation with nothing left to ask is still labelled a replay (--json "replay": true, "backend": "replay")', async function () {
    this.timeout(120_000);
    const server = await startReplayServer({ traces: sample('math500.jsonl') });
    try {
      const args = ['--db', join(tmp.dir, 'e.db'), 'eval', '--backend', server.url, '--model', 'replay', '--benchmark', 'math500:2', '--method', 'none', '--run', 'e', '--json'];
      const first = await cli(args);
      assert.equal(first.code, 0, first.err);
      assert.equal((JSON.parse(first.out) as { replay: boolean }).replay, true);
      const again = await cli(args);
      assert.equal(again.code, 0, again.err);
      const out = JSON.parse(again.out) as { replay: boolean; backend: string; skipped: number; sent_requests: number };
      assert.deepEqual([out.skipped, out.sent_requests, out.replay, out.backend], [2, 0, true, 'replay']);
    } finally {
      await server.close();
    }
  });

  it('verify with two scopes names them; serve-replay on a port in use says what to do (no bare EADDRINUSE)', async () => {
    const two = run(['--db', join(tmp.dir, 'x.db'), 'verify', '--dataset', 'd', '--run', 'r']);
    assert.equal(two.code, 2);
    assert.match(two.stderr, /name only one of --run, --selection or --dataset, not --run and --dataset/);
    const busy = createServer();
    await new Promise<void>((res) => busy.listen(0, '127.0.0.1', res));
    try {
      const port = (busy.address() as AddressInfo).port;
      const r = await cli(['serve-replay', '--port', String(port), '--traces', sample('aime24.jsonl'), '--json']);
      assert.equal(r.code, 2);
      assert.match((JSON.parse(r.out) as { error: string }).error, new RegExp(`^--port ${port}: 127\\.0\\.0\\.1:${port} is already in use \\(another server\\?\\): pass another --port, or --port 0`));
      assert.doesNotMatch(r.err, /EADDRINUSE/);
    } finally {
      await new Promise((res) => busy.close(res));
    }
  });

  it('a --backend that no request could reach (not http, userinfo, a query string) is refused in words, not "Connection error."', () => {
    const key = 'sk-walkthrough0123456789';
    for (const [backend, msg] of [
      ['foo', /--backend: foo\/v1 is not an http\(s\) URL: pass the server's base URL/],
      [`http://user:${key}@127.0.0.1:9/v1`, /--backend: http:\/\/\*\*\*@127\.0\.0\.1:9\/v1 has a user or password, which is never sent: put the API key in DISTILLERY_API_KEY/],
      [`http://127.0.0.1:9/v1?api_key=${key}`, /has a query string or #fragment, which cannot be used/],
    ] as const) {
      for (const cmd of [['eval', '--benchmark', 'math500:1', '--method', 'none'], ['generate', '--selection', 's']]) {
        const r = run(['--db', join(tmp.dir, 'x.db'), cmd[0], '--backend', backend, '--model', 'm', '--run', 'r', ...cmd.slice(1), '--json']);
        assert.equal(r.code, 2, `${cmd[0]} ${backend}`);
        assert.match((JSON.parse(r.stdout) as { error: string }).error, msg);
        assert.doesNotMatch(r.stderr, /Connection error|cannot reach/);
        assert.ok(!(r.stdout + r.stderr).includes(key), 'the key is not printed');
      }
    }
  });

  it('teachers with an unknown run lists the runs it could compare, as report and metrics do; an empty --run says what it wants', () => {
    const db = join(tmp.dir, 'x.db');
    assert.equal(run(['--db', db, 'import', sample('aime24.jsonl')]).code, 0);
    const none = run(['--db', db, 'teachers', '--run', 'nope']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no run named 'nope' \(this database has no generation or evaluation runs: run distillery generate or eval first\)/);
    const empty = run(['--db', db, 'teachers', '--run', ',']);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /--run: no run name given \(generation or evaluation runs, comma-separated\)/);
  });

  it('commands that only read write no cache (README: the cache folder is for tokens, eval, generate, curate)', () => {
    const db = join(tmp.dir, 'x.db');
    const cache = join(tmp.dir, 'cache');
    const env = { DISTILLERY_CACHE_DIR: cache };
    assert.equal(run(['--db', db, 'import', sample('s1k-sample-5.jsonl'), '--dataset', 's'], undefined, env).code, 0);
    for (const args of [['stats'], ['selection'], ['annotations', '--dataset', 's'], ['index'], ['grade', '--gold', '1', '--pred', '1']]) {
      assert.equal(run(['--db', db, ...args], undefined, env).code, 0, args[0]);
    }
    assert.equal(existsSync(cache), false, 'no cache folder');
    // the same folder is used by a command that counts tokens (so the check above looks in the right place)
    assert.equal(run(['--db', db, 'tokens', '--dataset', 's', '--workers', '1'], undefined, env).code, 0);
    assert.equal(existsSync(join(cache, 'tokenizers')), true);
  });

  it('import --help lists every preset with its description in one column (the long names pushed theirs out)', () => {
    const help = run(['import', '--help']).stdout;
    const lines = help.slice(help.indexOf('Presets:')).split('\n').slice(1).filter((l) => l.trim());
    assert.ok(lines.some((l) => l.startsWith('  openthoughts-metadata ')), help);
    const columns = new Set(lines.map((l) => /^ {2}\S+ +/.exec(l)?.[0].length));
    assert.deepEqual([...columns].length, 1, lines.join('\n'));
  });
});
