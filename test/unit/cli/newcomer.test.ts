// What a new user meets first on the command line: errors that name the path and say what to do, read-only commands
// that create nothing, usage errors that fit on the screen, a closed pipe that ends quietly, Distillery's own version.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sample, tempDir } from '../helpers';

const CLI = resolve('out', 'cli.js');

function run(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

/** Every key of a JSON value, however deep. */
function keysOf(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysOf(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.add(k); keysOf(x, out); }
  return out;
}

describe('CLI: a new user\'s first hour', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => { tmp = tempDir(); });
  afterEach(() => tmp.cleanup());

  it('read-only commands create nothing: a missing database is an error naming the path (exit 2)', () => {
    const db = join(tmp.dir, 'no', 'such', 'dir', 'x.db');
    for (const args of [['stats'], ['annotations', '--dataset', 'd'], ['selection'], ['metrics', '--run', 'r'], ['tokens', '--dataset', 'd'], ['index']]) {
      const r = run(['--db', db, ...args]);
      assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`no database at ${db.replace(/[.]/g, '\\.')}: import data first`));
    }
    assert.equal(existsSync(join(tmp.dir, 'no')), false, 'no folder was created');
    const here = run(['stats'], tmp.dir);
    assert.equal(here.code, 2);
    assert.deepEqual(readdirSync(tmp.dir), [], 'stats in an empty folder leaves it empty');
  });

  it('a writing command creates the database and says so', () => {
    const db = join(tmp.dir, 'new', 'x.db');
    const r = run(['--db', db, 'import', sample('aime24.jsonl'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`created a new database at ${db.replace(/[.]/g, '\\.')}`));
    assert.doesNotMatch(run(['--db', db, 'import', sample('aime24.jsonl')]).stderr, /created a new database/);
  });

  it('--db naming a folder, a folder to import and a missing file: one error naming the path, no summary, no :0', () => {
    const dir = run(['--db', tmp.dir, 'stats']);
    assert.equal(dir.code, 2);
    assert.match(dir.stderr, new RegExp(`--db ${tmp.dir} is a folder, not a database file: pass a file path such as`));
    const db = join(tmp.dir, 'x.db');
    const folder = run(['--db', db, 'import', tmp.dir]);
    assert.equal(folder.code, 2);
    assert.equal(folder.stdout, '', 'no summary line for a file that was never read');
    assert.match(folder.stderr, new RegExp(`${tmp.dir} is a folder: pass the files inside it`));
    const missing = run(['--db', db, 'import', join(tmp.dir, 'nope.jsonl'), '--json']);
    assert.equal(missing.code, 2);
    assert.match(missing.json().error, /nope\.jsonl: no such file/);
    for (const r of [folder, missing]) assert.doesNotMatch(r.stderr + r.stdout, /:0\b|EISDIR|ENOENT/);
    assert.equal(existsSync(db), false, 'a refused import creates no database');
  });

  it('several files without --dataset are refused; with --dataset they go into one data set', () => {
    const db = join(tmp.dir, 'x.db');
    const r = run(['--db', db, 'import', sample('aime24.jsonl'), sample('math500.jsonl')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /2 files given without --dataset: name the one data set they go into/);
    const ok = run(['--db', db, 'import', sample('aime24.jsonl'), sample('math500.jsonl'), '--dataset', 'evals', '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual([ok.json().dataset, ok.json().rows], ['evals', 530]);
  });

  it('import --json uses the contract\'s snake_case names throughout', () => {
    const r = run(['--db', join(tmp.dir, 'x.db'), 'import', sample('s1k-sample-5.jsonl'), '--json']);
    const camel = [...keysOf(r.json())].filter((k) => /[a-z][A-Z]/.test(k));
    assert.deepEqual(camel, []);
    assert.equal(r.json().files[0].new_samples, 5);
  });

  it('a usage error is the error and one line pointing at --help, exit 2', () => {
    for (const args of [['stats', '--bogus'], ['import'], ['eval', '--model', 'm']]) {
      const r = run(args);
      assert.equal(r.code, 2, args.join(' '));
      const lines = r.stderr.trim().split('\n');
      assert.ok(lines.length <= 2, `${args.join(' ')} printed ${lines.length} lines:\n${r.stderr}`);
      assert.match(lines.at(-1) ?? '', /distillery --help/);
    }
  });

  it('a closed pipe ends the command quietly with exit 0', () => {
    const pairs = join(tmp.dir, 'pairs.jsonl');
    writeFileSync(pairs, Array.from({ length: 30_000 }, (_, i) => JSON.stringify({ gold: String(i), pred: String(i) })).join('\n'));
    for (const tail of ['head -c 100', 'head -n 1']) {
      const r = spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${CLI}" grade --file "${pairs}" --json | ${tail} >/dev/null`], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '', 'no EPIPE stack trace');
    }
  });

  it('eval checks its own arguments before it contacts the backend', () => {
    const r = run(['--db', join(tmp.dir, 'x.db'), 'eval', '--backend', 'http://127.0.0.1:9/v1', '--model', 'm', '--benchmark', 'nope', '--method', 'none', '--run', 'r']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--benchmark: unknown benchmark 'nope'/);
    assert.doesNotMatch(r.stderr, /cannot reach/);
  });

  it('tokens run twice says the counts are already there instead of "0 of 0"', function () {
    this.timeout(60_000);
    const db = join(tmp.dir, 'x.db');
    run(['--db', db, 'import', sample('s1k-sample-5.jsonl'), '--dataset', 's']);
    assert.match(run(['--db', db, 'tokens', '--dataset', 's', '--workers', '1']).stdout, /s: counted 5 of 5 traces/);
    const again = run(['--db', db, 'tokens', '--dataset', 's', '--workers', '1']);
    assert.match(again.stdout, /s: all 5 traces already have token counts; nothing to do \(--all recounts them\)/);
  });

  it('--version and -V print Distillery\'s own version', () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-V']) assert.equal(run([flag]).stdout.trim(), version);
  });

  it('nothing in the repository reads ../shared, which a user\'s clone does not have', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|mjs|js|sh|json)$/.test(e.name) && /\.\.\/(\.\.\/)*shared\/(data|seeds|design)|'\.\.', *'shared'/.test(readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    for (const d of ['src', 'test', 'bench', 'scripts']) walk(d);
    assert.deepEqual(offenders, []);
  });
});
