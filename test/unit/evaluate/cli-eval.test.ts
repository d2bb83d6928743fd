// The CLI contract of `eval`, `metrics` and `serve-replay`, run as a user would (out/cli.js). Skipped until the
// commands are registered in src/cli/main.ts (see .scratch/eval-integration.md).
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { fixture, tempDir } from '../helpers';

const CLI = process.env.DISTILLERY_CLI ? resolve(process.env.DISTILLERY_CLI) : resolve('out', 'cli.js');
const registered = () => /\beval\b/.test(spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout ?? '');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

describe('distillery eval / metrics / serve-replay (CLI)', function () {
  this.timeout(120_000);
  let server: ChildProcess | null = null;
  let url = '';
  let model = '';
  let tmp: ReturnType<typeof tempDir>;
  before(async function () {
    if (!registered()) { this.skip(); return; }
    tmp = tempDir();
    server = spawn(process.execPath, [CLI, '--json', 'serve-replay', '--traces', 'samples/math500.jsonl', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((r) => createInterface({ input: server!.stdout! }).once('line', r));
    ({ url, model } = JSON.parse(line) as { url: string; model: string });
  });
  after(async () => {
    if (server) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    tmp?.cleanup();
  });

  it('a call where every question failed (a prompt over --max-model-len) exits 1 with its summary and says why', () => {
    const db = join(tmp.dir, 'f.db');
    const r = cli(['--db', db, 'eval', '--backend', url, '--model', model, '--benchmark', 'math500:3', '--method', 'none', '--max-model-len', '5', '--run', 'toolong', '--json']);
    assert.equal(r.code, 1, r.stderr);
    const out = r.json();
    assert.equal(out.results, 3);
    assert.equal(out.failed, 3);
    assert.match(r.stderr, /every question of this call failed \(3;.*new --run name/);
    const ok = cli(['--db', db, 'eval', '--backend', url, '--model', model, '--benchmark', 'math500:3', '--method', 'none', '--run', 'fine', '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.json().failed, 0);
  });

  it('serve-replay announces a replay model; eval prints {"run", "results"} and exits 0; metrics prints rows and summary', () => {
    assert.match(model, /^replay:/);
    const db = join(tmp.dir, 'c.db');
    for (const [method, extra, n] of [['truncation', ['--budgets', '500,2000,inf'], 60], ['budget-forcing', ['--budgets', '1000,inf', '--wait', '2'], 40], ['class-conditional', ['--prompt', 'long'], 20], ['none', [], 20]] as const) {
      const r = cli(['--db', db, 'eval', '--backend', url, '--model', model, '--benchmark', 'math500:20', '--method', method, ...extra, '--run', 'cli', '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim().split('\n').length, 1);
      const out = r.json();
      assert.equal(out.run, 'cli');
      assert.equal(out.results, n);
      assert.equal(out.replay, true);
    }
    const m = cli(['--db', db, 'metrics', '--run', 'cli', '--json']);
    assert.equal(m.code, 0, m.stderr);
    const j = m.json();
    assert.equal(j.replay, true);
    for (const row of j.rows) for (const k of ['benchmark', 'method', 'budget', 'wait', 'n', 'accuracy', 'stderr', 'mean_thinking_tokens']) assert.ok(k in row, k);
    for (const s of j.summary) for (const k of ['benchmark', 'method', 'control', 'over_budget', 'budget_error', 'scaling', 'scaling_per_1k', 'max_performance']) assert.ok(k in s, k);
    assert.deepEqual(j.rows.filter((r: { method: string }) => r.method === 'truncation').map((r: { budget: number | null; n: number }) => [r.budget, r.n]), [[500, 20], [2000, 20], [null, 20]]);
    const human = cli(['--db', db, 'metrics', '--run', 'cli']);
    assert.match(human.stdout, /REPLAY RUN/);
  });

  it('GPQA from a CSV and AIME24 run; mistakes are clear errors with exit code 2', () => {
    const db = join(tmp.dir, 'g.db');
    const g = cli(['--db', db, 'eval', '--backend', url, '--model', model, '--benchmark', `gpqa=${fixture('eval', 'gpqa-madeup.csv')}:2`, '--method', 'truncation', '--budgets', '500', '--run', 'g', '--json']);
    assert.equal(g.code, 0, g.stderr);
    assert.equal(g.json().results, 2);
    const a = cli(['--db', db, 'eval', '--backend', url, '--model', model, '--benchmark', 'aime24', '--method', 'none', '--run', 'a', '--json']);
    assert.equal(a.json().results, 30);
    const bad = cli(['--db', db, 'eval', '--backend', url, '--model', model, '--benchmark', 'nope', '--method', 'none', '--run', 'b', '--json']);
    assert.equal(bad.code, 2);
    assert.match(bad.json().error, /unknown benchmark/);
    assert.equal(cli(['--db', db, 'metrics', '--run', 'missing', '--json']).code, 2);
    const down = cli(['--db', db, 'eval', '--backend', 'http://127.0.0.1:1', '--model', 'm', '--benchmark', 'aime24', '--method', 'none', '--run', 'd', '--json']);
    assert.equal(down.code, 2);
    assert.match(down.json().error, /cannot reach the backend http:\/\/127.0.0.1:1\/v1/);
  });
});
