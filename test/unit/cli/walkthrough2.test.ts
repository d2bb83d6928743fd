// Defects the fourteenth session's CLI walkthrough found and left, and what a second walk found: figures under
// stats --dataset that were the database's, exit codes for a refused input file, report writing over a folder,
// mix's camelCase field, a closed stderr during a long job.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../../src/core/store/db';
import { saveSelection } from '../../../src/core/store/selections';
import { fixture, sample, runCli, tempDir } from '../helpers';
import { importedWithSelection } from './cli-setup';
import { selectAll, world } from '../export/setup';
import { trainPoints } from '../../../src/core/store/train-runs';
import { HAND_RUN, seedRun } from '../report/seed';

const CLI = resolve('out', 'cli.js');

const run = runCli;

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
    const { db, ids } = importedWithSelection(tmp.dir);
    const d = openDatabase(db);
    try {
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

  it('an input file refused for what it holds exits 1 in every command (README), the same file missing exits 2; both name the path', () => {
    const db = join(tmp.dir, 'x.db');
    assert.equal(run(['--db', db, 'import', sample('s1k-sample-5.jsonl'), '--dataset', 's']).code, 0);
    const f = (name: string, text: string) => { const p = join(tmp.dir, name); writeFileSync(p, text); return p; };
    const notJson = f('bad.jsonl', '{"gold": "1", "pred": "1"}\nnot json\n');
    const noRows = f('empty.jsonl', '');
    const badJson = f('bad.json', '{ not json');
    const badRecipe = f('recipe.json', '{"name": "r"}');
    const badConfig = f('bad.train.json', '{"trainer": "trl"}');
    const noTemplate = f('tokenizer_config.json', '{"eos_token": "x"}');
    const missing = join(tmp.dir, 'missing.jsonl');
    const evalArgs = ['eval', '--backend', 'http://127.0.0.1:9/v1', '--model', 'm', '--method', 'none', '--run', 'r'];
    const cases: [string[], string, RegExp][] = [
      [['grade', '--file'], notJson, /bad\.jsonl:2: not valid JSON/],
      [['grade', '--file'], noRows, /no rows to grade/],
      [['import', '--dataset', 'z'], notJson, /no preset fits/],
      [['curate', '--dataset', 's', '--eval'], notJson, /^--eval \S+bad\.jsonl: /],
      [['curate', '--dataset', 's', '--eval', sample('aime24.jsonl'), '--recipe'], badJson, /bad\.json: not JSON/],
      [['mix', '--name', 'm', '--recipe'], badRecipe, /recipe\.json: 'stages' must be a non-empty array/],
      [[...evalArgs, '--benchmark'], notJson, /^--benchmark: \S+bad\.jsonl: /],
      [[...evalArgs, '--benchmark', 'math500:1', '--chat-template'], badJson, /^--chat-template \S+bad\.json: not valid JSON/],
      [[...evalArgs, '--benchmark', 'math500:1', '--chat-template'], noTemplate, /tokenizer_config\.json has no chat_template/],
      [['export', '--selection', 'x', '--format', 's1', '--out', join(tmp.dir, 'o.jsonl'), '--chat-template'], badJson, /^--chat-template \S+bad\.json: not valid JSON/],
      [['serve-replay', '--port', '0', '--traces'], notJson, /no preset fits/],
      [['train', '--dry-run', '--config'], badConfig, /bad\.train\.json: .*schemas\/train-config\.schema\.json/],
      [['generate-questions', '--backend', 'http://127.0.0.1:9/v1', '--model', 'm', '--from', 's', '--n', '1', '--dataset', 'q', '--prompt'], noRows, /--prompt \S+empty\.jsonl is empty/],
    ];
    for (const [args, file, message] of cases) {
      const what = `${args.filter((a) => a.startsWith('--') || !a.includes('/')).join(' ')} ${file.slice(tmp.dir.length + 1)}`;
      const r = run(['--db', db, ...args, file, '--json']);
      assert.equal(r.code, 1, `${what}: ${r.stderr}`);
      const error = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { error?: string; errors?: { message: string }[] }).at(-1)!;
      assert.match(error.error ?? error.errors?.[0].message ?? '', message, what);
      assert.match(r.stderr, new RegExp(file.slice(tmp.dir.length + 1).replace(/\./g, '\\.')), `${what}: the path is named on stderr`);
      if (args[0] === 'grade' && file === noRows) continue; // the missing twin is below once per flag
      const gone = run(['--db', db, ...args, missing]);
      assert.equal(gone.code, 2, `${what} missing: ${gone.stderr}`);
      assert.match(gone.stderr, /missing\.jsonl/);
      assert.doesNotMatch(gone.stderr, /ENOENT/);
    }
  });

  it('a long job whose stderr reader goes away (2> >(head -c1)) finishes its work and exits with its own code, not 0 halfway', async function () {
    this.timeout(120_000);
    // train passes the trainer's output through to stderr as it comes: the closed pipe is met in the middle of the run.
    const w = await world([fixture('import', 's1-pool.jsonl')]);
    try {
      selectAll(w.db);
      w.db.close();
      const bin = join(w.dir, 'bin');
      mkdirSync(bin);
      symlinkSync(fixture('train', 'fake-hf-trainer.mjs'), join(bin, 'accelerate'));
      const config = join(w.dir, 'stu.train.json');
      writeFileSync(config, JSON.stringify({ name: 'stu', selection: 'sel', runDir: 'runs/stu', trainer: 'trl', epochs: 1 }));
      const out = join(w.dir, 'out.json');
      const shell = (env: string, redirect = `> "${out}" 2> >(head -c1 >/dev/null)`) => spawnSync('bash', ['-c', `${env} "${process.execPath}" "${CLI}" --db "${w.dbPath}" train --config "${config}" --json ${redirect}; exit \${PIPESTATUS[0]}`],
        { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_TRAINER_STEPS_PER_EPOCH: '8', FAKE_TRAINER_DELAY_MS: '150' } });
      const ok = shell('');
      assert.equal(ok.status, 0, 'the run finished');
      assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { outcome: { status: string } }).outcome.status, 'done', 'its one JSON object is on stdout');
      let db = openDatabase(w.dbPath);
      assert.equal(trainPoints(db, 'stu')!.status, 'done');
      assert.equal(trainPoints(db, 'stu')!.points.length, 8, 'every step stored');
      db.close();
      // A trainer that fails keeps its failure's code (1), with the closed stderr as well.
      const failed = shell('FAKE_TRAINER_FAIL=1');
      assert.equal(failed.status, 1);
      db = openDatabase(w.dbPath);
      assert.equal(trainPoints(db, 'stu')!.status, 'failed');
      db.close();
      // stdout and stderr in one pipe whose reader reads a line: the run goes on to its end and keeps its code.
      for (const [env, code, status] of [['', 0, 'done'], ['FAKE_TRAINER_FAIL=1', 1, 'failed']] as const) {
        const both = shell(env, '2>&1 | head -n 1 >/dev/null');
        assert.equal(both.status, code, `${env}: ${both.stderr}`);
        db = openDatabase(w.dbPath);
        assert.equal(trainPoints(db, 'stu')!.status, status);
        db.close();
      }
    } finally {
      w.cleanup();
    }
  });

  it('metrics and verify with an unknown run list the runs there are, as report and teachers do', () => {
    const db = join(tmp.dir, 'x.db');
    assert.equal(run(['--db', db, 'import', sample('aime24.jsonl')]).code, 0);
    const noneM = run(['--db', db, 'metrics', '--run', 'nope']);
    assert.equal(noneM.code, 2);
    assert.match(noneM.stderr, /no evaluation run named 'nope' \(this database has no evaluation runs: run distillery eval first\)/);
    const noneV = run(['--db', db, 'verify', '--run', 'nope']);
    assert.equal(noneV.code, 2);
    assert.match(noneV.stderr, /no run named 'nope' \(this database has no generation or evaluation runs: run distillery generate or eval first\)/);
    const d = openDatabase(db);
    seedRun(d, 'base', HAND_RUN);
    d.close();
    for (const cmd of ['metrics', 'verify', 'report', 'teachers']) {
      const r = run(['--db', db, cmd, '--run', 'nope', ...(cmd === 'report' ? ['--out', join(tmp.dir, 'rep')] : []), '--json']);
      assert.equal(r.code, 2, cmd);
      assert.match((JSON.parse(r.stdout) as { error: string }).error, /'nope' \(runs in this database: base\)$/, cmd);
    }
  });

  it('a --map naming a field no map may set is a usage error before any file is read or any database created (was: each file refused, exit 1)', () => {
    const db = join(tmp.dir, 'x.db');
    const known = /\(known: question, answer, solution, thinking, attempt, response, grade, source, domain, producer, conversations, responses\)/;
    for (const args of [
      ['import', sample('aime24.jsonl'), '--map', 'question=problem,anwser=answer'],
      ['serve-replay', '--port', '0', '--traces', sample('aime24.jsonl'), '--map', 'anwser=answer'],
      ['eval', '--backend', 'http://127.0.0.1:9/v1', '--model', 'm', '--method', 'none', '--run', 'r', '--benchmark', sample('aime24.jsonl'), '--benchmark-map', 'anwser=answer'],
    ]) {
      const r = run(['--db', db, ...args, '--json']);
      assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
      const flag = args.find((a) => a.endsWith('map'))!; // the flag typed is named (walkthrough3)
      assert.ok((JSON.parse(r.stdout) as { error: string }).error.startsWith(`${flag}: unknown field 'anwser' in 'anwser=answer' `), `${args[0]}: ${r.stderr}`);
      assert.match(r.stderr, known);
      assert.equal(existsSync(db), false, `${args[0]}: no database created`);
    }
  });

  it('generate --batch-out: a folder, or a file in the way of its folder, is refused in words before the run is stored (was an unhandled ENOENT/EISDIR); missing folders are made; an existing file needs --force', () => {
    const db = join(tmp.dir, 'x.db');
    assert.equal(run(['--db', db, 'import', sample('s1k-sample-5.jsonl'), '--dataset', 's']).code, 0);
    const d = openDatabase(db);
    saveSelection(d, { name: 'qs', datasetId: 1, recipe: {}, seed: 1, funnel: [], sampleIds: d.prepare('SELECT id FROM samples').pluck().all() as number[] });
    d.close();
    const out = (file: string, ...more: string[]) => run(['--db', db, 'generate', '--model', 'm', '--selection', 'qs', '--run', 'b', '--batch-out', file, ...more, '--json']);
    for (const [file, message] of [
      [join(tmp.dir, 'x.db', 'sub', 'r.jsonl'), /^--batch-out \S+r\.jsonl: \S+x\.db is a file, so no folder can be made there/],
      [tmp.dir, /^--batch-out \S+ is a folder: pass a file path such as \S+requests\.jsonl$/],
    ] as const) {
      const r = out(file);
      assert.equal(r.code, 2, r.stderr);
      assert.match((JSON.parse(r.stdout) as { error: string }).error, message);
      assert.doesNotMatch(r.stderr, /ENOENT|EISDIR|Unhandled/);
    }
    const check = openDatabase(db);
    assert.equal(check.prepare('SELECT count(*) FROM runs').pluck().get(), 0, 'no run stored by a refused --batch-out');
    check.close();
    // Missing folders on the path are made, as for export --out and backup --out.
    const deep = join(tmp.dir, 'nope', 'deeper', 'd.jsonl');
    const made = out(deep);
    assert.equal(made.code, 0, made.stderr);
    assert.equal(readFileSync(deep, 'utf8').trim().split('\n').length, (JSON.parse(made.stdout) as { lines: number }).lines);
    const file = join(tmp.dir, 'r.jsonl');
    writeFileSync(file, 'mine\n');
    const again = out(file);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /r\.jsonl exists: pass --force to replace it, or choose another --batch-out/);
    assert.equal(readFileSync(file, 'utf8'), 'mine\n');
    const forced = out(file, '--force');
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, (JSON.parse(forced.stdout) as { lines: number }).lines);
  });

  it('selection NAME@N of a version that is not there names the versions there are; an unknown name points at the list', () => {
    const db = join(tmp.dir, 'x.db');
    assert.equal(run(['--db', db, 'import', sample('s1k-sample-5.jsonl'), '--dataset', 's']).code, 0);
    const d = openDatabase(db);
    for (let i = 0; i < 2; i++) saveSelection(d, { name: 'qs', datasetId: 1, recipe: {}, seed: 1, funnel: [], sampleIds: d.prepare('SELECT id FROM samples').pluck().all() as number[] });
    d.close();
    const v = run(['--db', db, 'selection', 'qs@9']);
    assert.equal(v.code, 2);
    assert.match(v.stderr, /selection 'qs' has no version 9 \(its versions: 1, 2; qs alone is the latest\)/);
    const n = run(['--db', db, 'selection', 'nope', '--json']);
    assert.equal(n.code, 2);
    assert.equal((JSON.parse(n.stdout) as { error: string }).error, "no selection named 'nope' (distillery selection lists them)");
    assert.equal(run(['--db', db, 'selection', 'qs@2']).code, 0);
  });
});
