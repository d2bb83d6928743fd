// Defects a fourth CLI walkthrough found and left: generate-questions writing into an imported data set (an
// evaluation set included) and calling a rerun's questions new; grade --file's missing field not naming its flag and
// --choices ignored under --kind math; verify's fractional --cpu-seconds, a memory limit too small for Python, questions only;
// mix's late count check; vLLM's error bodies said as "(no body)"; backup --out over the database through a
// symlink; annotations filters matching nothing; metrics on a generation run; serve-replay's IPv6 URL and its
// 'nothing was imported'; blank numbers read as 0; stats' column for long names.
import assert from 'node:assert/strict';
import { lstatSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../../src/core/store/db';
import { replaceDetectorAnnotations } from '../../../src/core/store/annotations';
import { startReplayServer, type ReplayServer } from '../../../src/core/replay/server';
import { sample, runCli, tempDir } from '../helpers';
import { importedWithSelection } from './cli-setup';
import { saveSelection } from '../../../src/core/store/selections';
import { HAND_RUN, seedRun } from '../report/seed';
import { createGenerateRun } from '../../../src/core/store/generations';
import { cli } from '../generate/gen-helpers';
import { skipWithoutSandbox } from '../verify/probe';

const run = runCli;

describe('CLI walkthrough, fourth walk', function () {
  this.timeout(120_000);
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => { tmp = tempDir(); });
  afterEach(() => tmp.cleanup());

  const file = (name: string, text: string) => { const p = join(tmp.dir, name); writeFileSync(p, text); return p; };

  it('grade --file: a row without the gold or prediction field lists the fields it has and names the flag that picks one; a missing --file is named with its flag; a BOM is read past', () => {
    const f = file('pairs.jsonl', '{"answer": "025", "response": "so \\\\boxed{25}"}\n');
    for (const [args, message] of [
      [[], /^pairs\.jsonl:1: missing field "gold" \(the row's fields: answer, response\); name the field with --gold-field FIELD$/],
      [['--gold-field', 'answer'], /^pairs\.jsonl:1: missing field "pred" \(the row's fields: answer, response\); name the field with --pred-field FIELD$/],
    ] as const) {
      const r = run(['grade', '--file', f, ...args, '--json'], tmp.dir);
      assert.equal(r.code, 1, r.stderr);
      assert.match((JSON.parse(r.stdout) as { error: string }).error.replace(`${tmp.dir}/`, ''), message);
    }
    // A file saved with a byte-order mark and CRLF line ends is read as import reads it (it was 'not valid JSON' at line 1).
    const bom = file('bom.jsonl', '\uFEFF{"gold": "1", "pred": "1"}\r\n{"gold": "2", "pred": "3"}\r\n');
    const graded = run(['grade', '--file', bom, '--json']);
    assert.equal(graded.code, 0, graded.stderr);
    assert.deepEqual((JSON.parse(graded.stdout) as { equal: boolean[] }).equal, [true, false]);
    const ok = run(['grade', '--file', f, '--gold-field', 'answer', '--pred-field', 'response', '--kind', 'integer', '--json']);
    assert.equal((JSON.parse(ok.stdout) as { correct: number }).correct, 1);
    for (const [path, problem] of [[join(tmp.dir, 'nope.jsonl'), 'no such file (check the path)'], [tmp.dir, 'is a folder, not a JSONL file']]) {
      const r = run(['grade', '--file', path]);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, `distillery: --file ${path}: ${problem}\n`);
    }
  });

  it('grade --choices / --choices-field imply --kind choice (they were ignored and the option graded as maths: "not equal"); beside another --kind they are a usage error', () => {
    const one = run(['grade', '--gold', 'B', '--pred', 'The answer is second', '--choices', 'first|second|third', '--json']);
    assert.equal(one.code, 0, one.stderr);
    const graded = JSON.parse(one.stdout) as { equal: boolean; pred: string };
    assert.deepEqual([graded.equal, graded.pred], [true, 'B']);
    const f = file('mcq.jsonl', `${JSON.stringify({ gold: 'C', pred: 'I pick third', options: ['first', 'second', 'third'] })}\n`);
    const rows = run(['grade', '--file', f, '--choices-field', 'options', '--json']);
    assert.equal((JSON.parse(rows.stdout) as { correct: number }).correct, 1, rows.stderr);
    const math = run(['grade', '--gold', 'B', '--pred', 'second', '--choices', 'first|second', '--kind', 'math']);
    assert.equal(math.code, 2);
    assert.equal(math.stderr.split('\n')[0], 'distillery: --choices is for --kind choice, not --kind math: pass --kind choice (or leave --kind out)');
  });

  it("annotations --origin/--label matching nothing in the data set say which origins and labels it has (a typo read as an empty list); --json stays []", () => {
    const { db } = importedWithSelection(tmp.dir);
    const d = openDatabase(db);
    const sId = d.prepare("SELECT id FROM datasets WHERE name = 's'").pluck().get() as number;
    const first = d.prepare('SELECT min(id) FROM samples').pluck().get() as number;
    replaceDetectorAnnotations(d, sId, 'detector:formatting', [{ sampleId: first, label: 'formatting', evidence: { rule: 'x' } }]);
    d.close();
    const r = run(['--db', db, 'annotations', '--dataset', 's', '--origin', 'formatting']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "(no annotations: data set s has no origin 'formatting' (origins: detector:formatting))\n");
    assert.equal(run(['--db', db, 'annotations', '--dataset', 's', '--label', 'dropped', '--origin', 'detector:formatting']).stdout,
      "(no annotations: data set s has no label 'dropped' (labels: formatting))\n");
    assert.equal(run(['--db', db, 'annotations', '--dataset', 's', '--origin', 'formatting', '--json']).stdout, '[]\n');
    assert.match(run(['--db', db, 'annotations', '--dataset', 's', '--origin', 'detector:formatting']).stdout, /^1 annotation\n/);
    assert.equal(run(['--db', db, 'annotations', '--dataset', 'nope']).stderr, "distillery: no dataset named 'nope' (distillery stats lists them)\n");
  });

  it('metrics --run naming a generation run, or several evaluation runs, says which command reads them (was: "no evaluation run named")', () => {
    const { db } = importedWithSelection(tmp.dir);
    const d = openDatabase(db);
    seedRun(d, 'base', HAND_RUN);
    seedRun(d, 'other', HAND_RUN);
    createGenerateRun(d, 'gen', { model: 'teacher' }, 'openai');
    d.close();
    const gen = run(['--db', db, 'metrics', '--run', 'gen', '--json']);
    assert.equal(gen.code, 2);
    assert.equal((JSON.parse(gen.stdout) as { error: string }).error,
      "'gen' is a generation run (distillery generate), not an evaluation run: metrics reads what distillery eval stores; compare generation runs with distillery teachers --run gen,OTHER (runs in this database: other, base)");
    const two = run(['--db', db, 'metrics', '--run', 'base,other']);
    assert.equal(two.code, 2);
    assert.equal(two.stderr, 'distillery: metrics takes one run, not 2: run it once per run, or compare them with distillery report --run base,other --out DIR\n');
    assert.match(run(['--db', db, 'metrics', '--run', 'base,nope']).stderr, /^distillery: no evaluation run named 'base,nope' \(runs in this database: other, base\)\n$/);
    assert.equal(run(['--db', db, 'metrics', '--run', 'base']).code, 0);
  });

  it("a blank number (--seed '', an unset $VAR) is refused as a usage error, not read as 0 (grade --precision '' graded 0.4 equal to 0.5, serve-replay --port '' took any port)", () => {
    const { db } = importedWithSelection(tmp.dir);
    const cases: [string[], RegExp][] = [
      [['grade', '--gold', '0.5', '--pred', '0.4', '--precision', ''], /--precision must be an integer from 0 to 15/],
      [['mix', '--from', 'all', '--name', 'm', '--seed', ' '], /--seed must be an integer, not ' '/],
      [['mix', '--from', 'all', '--name', 'm', '--target', ''], /--target must be an integer, not ''/],
      [['curate', '--dataset', 's', '--eval', sample('aime24.jsonl'), '--seed', ''], /--seed must be an integer, not ''/],
      [['serve-replay', '--traces', sample('math500.jsonl'), '--port', ''], /--port must be 0\.\.65535, not ''/],
      [['serve-replay', '--traces', sample('math500.jsonl'), '--port', '0', '--delay-ms-per-token', ''], /--delay-ms-per-token must be >= 0, not ''/],
      [['selection', '--limit', ''], /--limit must be a whole number \(0 = all\), not ''/],
      [['annotations', '--dataset', 's', '--limit', ''], /--limit must be a whole number/],
      [['verify', '--dataset', 's', '--concurrency', ''], /--concurrency : expected a positive integer/],
      [['export', '--selection', 'sel', '--format', 's1', '--out', join(tmp.dir, 'x', 'd.jsonl'), '--seed', ''], /--seed : expected an integer/],
      [['export', '--selection', 'sel', '--format', 's1', '--out', join(tmp.dir, 'x', 'd.jsonl'), '--split', ' '], /--split {2}: the train share must be a number between 0 and 1/],
    ];
    for (const [args, message] of cases) {
      const r = run(['--db', db, ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
    }
  });

  it('stats: a data set name longer than 24 characters keeps every row\'s counts in line (it pushed its own row\'s columns right)', () => {
    const { db } = importedWithSelection(tmp.dir);
    assert.equal(run(['--db', db, 'import', sample('aime24.jsonl'), '--dataset', 'a-data-set-name-longer-than-the-column']).code, 0);
    const rows = run(['--db', db, 'stats']).stdout.split('\n').filter((l) => / samples +\d+ traces/.test(l));
    assert.equal(rows.length, 2);
    const at = rows.map((l) => l.indexOf(' samples'));
    assert.equal(at[0], at[1], rows.join('\n'));
    assert.match(rows[1], /^ {2}s {37} traces +5 samples/, 'short names padded to the longest');
  });

  it('verify --cpu-seconds 0.5 runs the code (RLIMIT_CPU rounded up to 1 s; it killed every program at once, said as "no Python interpreter"); --memory-mb too small for Python says to raise it', async function () {
    await skipWithoutSandbox(this);
    const db = join(tmp.dir, 'v.db');
    const tests = JSON.stringify({ inputs: ['3\n'], outputs: ['9\n'] });
    const row = (task: string, code: string) => JSON.stringify({ problem: `${task}: read n and print n squared`, deepseek_reasoning: 'think', deepseek_solution: `\`\`\`python\n${code}\n\`\`\``,
      ground_truth_solution: null, domain: 'code', source: 'madeup', test_cases: tests, starter_code: '' });
    const data = file('code.jsonl', [row('good', 'n = int(input())\nprint(n * n)'), row('spin', 'while True:\n    pass')].join('\n') + '\n');
    assert.equal(run(['--db', db, 'import', data, '--dataset', 'code']).code, 0);
    const reasons = (args: string[]) => {
      const r = run(['--db', db, 'verify', '--dataset', 'code', '--force', ...args, '--json']);
      assert.equal(r.code, 0, r.stderr);
      const list = JSON.parse(run(['--db', db, 'annotations', '--dataset', 'code', '--json']).stdout) as { label: string; evidence: { reason: string } }[];
      return list.map((a) => `${a.label}: ${a.evidence.reason}`);
    };
    assert.deepEqual(reasons(['--cpu-seconds', '0.5']), ['verified: all 1 tests passed (exact match)', 'verify-failed: test 1 of 1: CPU time limit (1 s)']);
    for (const reason of reasons(['--memory-mb', '10'])) {
      assert.match(reason, /^verify-error: Python \(\S+\) does not start within the sandbox's limits of 10 MiB of address space and 4 s of CPU per test \(.+\): raise them \(--memory-mb, --cpu-seconds; the defaults are 1024 MiB and 4 s\)$/);
    }
    assert.match(run(['verify', '--help']).stdout.replace(/\s+/g, ' '), /--cpu-seconds <n> CPU time per test, in whole seconds \(a fraction is rounded up; default 4\)/);
  });

  it('a recipe, train config or tokenizer_config.json saved with a byte-order mark is read as JSON (it was "not JSON"), as import reads its files', () => {
    const { db } = importedWithSelection(tmp.dir);
    const bom = (name: string, value: unknown) => file(name, `\uFEFF${JSON.stringify(value)}`);
    const mixRecipe = bom('mix.json', { name: 'mixed', mix: { sources: [{ selection: 'all' }] } });
    const m = run(['--db', db, 'mix', '--recipe', mixRecipe, '--json']);
    assert.equal(m.code, 0, m.stderr);
    assert.equal((JSON.parse(m.stdout) as { selection: string }).selection, 'mixed@1');
    const curation = bom('keep.json', { name: 'keep', stages: [{ stage: 'dedup', type: 'dedup' }] });
    const c = run(['--db', db, 'curate', '--dataset', 's', '--recipe', curation, '--eval', sample('aime24.jsonl'), '--json']);
    assert.equal(c.code, 0, c.stderr);
    const config = bom('bom.train.json', { name: 'r', selection: 'nope', trainer: 'trl' });
    const t = run(['--db', db, 'train', '--dry-run', '--config', config]);
    assert.doesNotMatch(t.stderr, /not valid JSON/, t.stderr);
    const template = bom('tokenizer_config.json', { chat_template: '{% for m in messages %}{{ m.content }}{% endfor %}', eos_token: '<|im_end|>' });
    const e = run(['--db', db, 'eval', '--backend', 'http://127.0.0.1:9/v1', '--model', 'm', '--method', 'none', '--run', 'r', '--benchmark', 'math500:1', '--chat-template', template]);
    assert.match(e.stderr, /cannot reach the backend/, 'the template was read; the dead backend is what stops it');
    assert.doesNotMatch(e.stderr, /not valid JSON/);
  });

  it('verify of a data set with questions only says it has no traces to verify (was "0 traces verified: 0 verified, 0 failed, ..."); --json as before', () => {
    const db = join(tmp.dir, 'q.db');
    assert.equal(run(['--db', db, 'import', sample('math500.jsonl'), '--dataset', 'm']).code, 0);
    const r = run(['--db', db, 'verify', '--dataset', 'm']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'data set m has no traces to verify (its samples have none: distillery generate writes a selection\'s traces, or import a file with them)\n');
    const j = run(['--db', db, 'verify', '--dataset', 'm', '--json']);
    assert.deepEqual(JSON.parse(j.stdout), { scope: 'data set m', traces: 0, skipped: 0, verified: 0, failed: 0, errors: 0, byKind: {} });
  });

  it('backup --out naming the database through a symlink (or a linked folder), or its -wal/-shm file, is refused (2) and the database is left as it was', () => {
    const { db } = importedWithSelection(tmp.dir);
    symlinkSync(db, join(tmp.dir, 'link.db'));
    symlinkSync(tmp.dir, join(tmp.dir, 'here'));
    const before = statSync(db).ino;
    for (const [args, message] of [
      [['--db', db, 'backup', '--out', join(tmp.dir, 'link.db')], 'is the database itself'],
      [['--db', join(tmp.dir, 'link.db'), 'backup', '--out', db], 'is the database itself'],
      [['--db', db, 'backup', '--out', join(tmp.dir, 'here', 'x.db')], 'is the database itself'],
      [['--db', db, 'backup', '--out', `${db}-wal`], `is the -wal file of the database ${db}`],
      [['--db', join(tmp.dir, 'here', 'x.db'), 'backup', '--out', `${db}-shm`], `is the -shm file of the database ${join(tmp.dir, 'here', 'x.db')}`],
    ] as const) {
      const r = run([...args, '--force']);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.ok(r.stderr.startsWith(`distillery: --out ${args[4]} ${message}: choose another file`), r.stderr);
    }
    assert.equal(statSync(db).ino, before, 'the database file was not replaced');
    assert.equal(lstatSync(join(tmp.dir, 'link.db')).isSymbolicLink(), true);
    const ok = run(['--db', db, 'backup', '--out', join(tmp.dir, 'here', 'copy.db'), '--json']);
    assert.equal((JSON.parse(ok.stdout) as { integrity: string }).integrity, 'ok');
  });

  it('mix: counts above --target are refused before any source is read (no stage run); --recipe without a mix section beside --from does not say "or use --from"; --name NAME@N is refused', () => {
    const { db } = importedWithSelection(tmp.dir);
    const over = run(['--db', db, 'mix', '--from', 'all:5', '--target', '4', '--name', 'm']);
    assert.equal(over.code, 2);
    assert.equal(over.stderr, "distillery: the sources' counts add up to 5, above --target 4\n", 'one line, no "mix: dedup across sources" before it');
    const recipe = file('curation.json', JSON.stringify({ name: 'cur', stages: [{ stage: 'dedup', type: 'dedup' }] }));
    const r = run(['--db', db, 'mix', '--recipe', recipe, '--from', 'all', '--json']);
    assert.equal(r.code, 1, r.stderr);
    const error = (JSON.parse(r.stdout) as { error: string }).error;
    assert.match(error, /recipe 'cur' has no mix section, which mix --recipe reads \(its target, seed and dedup; --from replaces its sources\): add "mix": .*, or leave --recipe out and give --name, --target and --seed$/);
    assert.doesNotMatch(error, /use --from/);
    // A name ending in @N would read as version N of another name: refused before anything is read.
    const at = run(['--db', db, 'mix', '--from', 'all', '--name', 'v@3']);
    assert.equal(at.code, 2);
    assert.equal(at.stderr, "distillery: --name v@3: a selection's name cannot end in @N (v@3 reads as version 3 of v): choose another name, e.g. v-3\n");
    assert.match(run(['--db', db, 'selection']).stdout, /^all@1 /m);
    assert.doesNotMatch(run(['--db', db, 'selection']).stdout, /v@3/);
    // A source with no samples at all is named as empty, not as emptied by dedup and sampling.
    const d = openDatabase(db);
    saveSelection(d, { name: 'none', datasetId: null, recipe: {}, seed: 1, funnel: [], sampleIds: [] });
    d.close();
    assert.equal(run(['--db', db, 'mix', '--from', 'none', '--name', 'e']).stderr.split('\n').at(-2),
      'distillery: the mix is empty: none@1 holds no samples (distillery selection NAME shows one)');
    // Without --from the advice is as it was.
    assert.match(run(['--db', db, 'mix', '--recipe', recipe]).stderr, /has no mix section: add "mix": .* or use --from\n$/);
  });

  it("a --model vLLM does not serve: its 404 message is said (was '404 status code (no body)'), and generate and generate-questions warn first, as eval does", async () => {
    const { db } = importedWithSelection(tmp.dir);
    // vLLM's answers: /v1/models lists what it serves; a request for another model is a 404 whose fields are top level.
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => { body += d.toString(); });
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/v1/models') { res.end(JSON.stringify({ object: 'list', data: [{ id: 'served-model', object: 'model', max_model_len: 4096 }] })); return; }
        res.statusCode = 404;
        res.end(JSON.stringify({ object: 'error', message: `The model \`${(JSON.parse(body) as { model: string }).model}\` does not exist.`, type: 'NotFoundError', param: null, code: 404 }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    try {
      const prompt = file('prompt.txt', 'Write a new problem like {question}\n');
      for (const [what, args] of [
        ['generate', ['generate', '--selection', 'all', '--run', 'g', '--samples', '1']],
        ['generate-questions', ['generate-questions', '--from', 'all', '--n', '1', '--prompt', prompt, '--dataset', 'synth']],
        ['eval', ['eval', '--benchmark', 'math500:1', '--method', 'none', '--run', 'e']],
      ] as const) {
        const r = await cli(['--db', db, ...args, '--backend', url, '--model', 'wrong', '--json'], { env: { DISTILLERY_CACHE_DIR: join(tmp.dir, 'cache') } });
        assert.equal(r.code, 1, `${what}: ${r.err}`);
        assert.equal((JSON.parse(r.out.trim().split('\n').at(-1)!) as { error: string }).error, `${url}: 404 The model \`wrong\` does not exist.`, what);
        assert.ok(r.err.includes(`warning: ${url} serves served-model, not 'wrong'`), `${what}: ${r.err}`);
      }
    } finally {
      server.close();
    }
  });

  it("serve-replay --traces of a file no preset fits does not say 'nothing was imported' (it imports nothing ever); it keeps --preset/--map advice, and import keeps its wording", () => {
    const f = file('pairs.jsonl', '{"gold": "1", "pred": "1"}\n');
    const r = run(['serve-replay', '--traces', f, '--port', '0', '--json']);
    assert.equal(r.code, 1, r.stderr);
    const error = (JSON.parse(r.stdout) as { error: string }).error;
    assert.match(error, /pairs\.jsonl: no preset fits the columns \[gold, pred\]\. Name the columns with --preset generic --map question=COLUMN,answer=gold .*, or pass --preset\./);
    assert.doesNotMatch(error, /imported/);
    assert.match(run(['--db', join(tmp.dir, 'x.db'), 'import', f]).stderr, /no preset fits the columns \[gold, pred\]; nothing was imported\./);
  });

  it('serve-replay --host ::1 prints a URL that works (http://[::1]:PORT/v1; it printed http://::1:PORT/v1, no URL)', async function () {
    const child = spawn(process.execPath, [resolve('out', 'cli.js'), 'serve-replay', '--traces', sample('math500.jsonl'), '--port', '0', '--host', '::1', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolveP) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('\n')) resolveP(out.split('\n')[0]); });
        child.on('exit', () => resolveP(''));
      });
      if (!line) this.skip(); // no IPv6 loopback here: refused as --host, which walkthrough.test.ts covers
      const info = JSON.parse(line) as { url: string; port: number };
      assert.equal(info.url, `http://[::1]:${info.port}/v1`);
      const models = await fetch(`${info.url}/models`);
      assert.equal(models.status, 200);
    } finally {
      child.kill('SIGTERM');
    }
  });

  describe('generate-questions --dataset', () => {
    let server: ReplayServer;
    beforeEach(async () => { server = await startReplayServer({ traces: sample('math500.jsonl') }); });
    afterEach(async () => { await server.close(); });

    it('an imported data set (traces or an evaluation set) is refused before the backend is contacted, its samples and labels untouched; a new name, and the same name again, are fine', async () => {
      const { db } = importedWithSelection(tmp.dir);
      assert.equal(run(['--db', db, 'import', sample('math500.jsonl'), '--dataset', 'math500']).code, 0);
      const d = openDatabase(db);
      const sId = d.prepare("SELECT id FROM datasets WHERE name = 's'").pluck().get() as number;
      const first = d.prepare('SELECT min(id) FROM samples WHERE dataset_id = ?').pluck().get(sId) as number;
      // The label a curation's dedup stage leaves on the data set.
      replaceDetectorAnnotations(d, sId, 'detector:dedup', [{ sampleId: first, label: 'duplicate', evidence: { rule: 'fuzzy' } }]);
      d.close();
      const counts = () => {
        const x = openDatabase(db);
        try {
          return {
            samples: x.prepare('SELECT d.name, count(s.id) n FROM datasets d LEFT JOIN samples s ON s.dataset_id = d.id GROUP BY d.id ORDER BY d.name').all(),
            dedup: x.prepare("SELECT count(*) FROM annotations WHERE origin = 'detector:dedup' AND sample_id = ?").pluck().get(first),
          };
        } finally {
          x.close();
        }
      };
      const before = counts();
      const prompt = file('prompt.txt', 'Write a new problem like this one: {question}\n');
      const questions = (dataset: string, backend = server.url) => cli(['--db', db, 'generate-questions', '--backend', backend, '--model', 'writer', '--from', 'all',
        '--n', '3', '--prompt', prompt, '--dataset', dataset, '--json']);
      for (const [dataset, n, what] of [['s', 5, ''], ['math500', 500, ' (an evaluation set)']] as const) {
        // Refused as a mistake in the command, before any server is contacted (a dead backend is never reached).
        for (const backend of [server.url, 'http://127.0.0.1:9/v1']) {
          const r = await questions(dataset, backend);
          assert.equal(r.code, 2, `${dataset}: ${r.err}`);
          assert.equal((JSON.parse(r.out) as { error: string }).error,
            `--dataset ${dataset}: the data set is there already with ${n} samples that generate-questions did not write${what}; the new questions go into a data set of their own: pass a new name, e.g. --dataset ${dataset}-synth`);
          assert.doesNotMatch(r.err, /backend|replay server/, 'the backend was not contacted');
        }
      }
      assert.deepEqual(counts(), before, 'no sample added to either data set, the curation\'s dedup label kept');
      // A new name is written; a rerun into it (its own questions) adds to it.
      for (const round of [1, 2]) {
        const ok = await questions('s-synth');
        assert.equal(ok.code, 0, `round ${round}: ${ok.err}`);
        const out = JSON.parse(ok.out) as { selection: string; stored: number; added: number; cached_requests: number };
        assert.equal(out.selection, `questions:s-synth@${round}`);
        // The rerun's replies come from the request cache: the same questions, stored before, none added.
        assert.deepEqual([out.added, out.cached_requests], round === 1 ? [out.stored, 0] : [0, 3], `round ${round}`);
      }
      const text = await cli(['--db', db, 'generate-questions', '--backend', server.url, '--model', 'writer', '--from', 'all', '--n', '3', '--prompt', prompt, '--dataset', 's-synth']);
      assert.match(text.out, /^\[REPLAY: recorded questions, not a model\] 0 new questions in s-synth \(3 asked for, \d+ of the questions written stored before\); /);
      // An unknown --from is said before the server is contacted too, pointing at the list.
      const none = await cli(['--db', db, 'generate-questions', '--backend', 'http://127.0.0.1:9/v1', '--model', 'w', '--from', 'nope', '--n', '1', '--prompt', prompt, '--dataset', 'x']);
      assert.equal(none.code, 2);
      assert.equal(none.err, "distillery: no selection named 'nope' (distillery selection lists them)\n");
      const nodb = await cli(['--db', join(tmp.dir, 'none.db'), 'generate-questions', '--backend', 'http://127.0.0.1:9/v1', '--model', 'w', '--from', 'all', '--n', '1', '--prompt', prompt, '--dataset', 'x']);
      assert.equal(nodb.code, 2);
      assert.match(nodb.err, /^distillery: no database at \S+none\.db: import data first/);
    });
  });
});
