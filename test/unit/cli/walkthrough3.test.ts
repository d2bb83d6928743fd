// Defects a third CLI walkthrough found and left: a field map's errors naming the flag the user typed, mix --from
// with a suffix that is no weight or count, a bad --tokenizer file found only when counting starts, backup --out
// refusing a missing folder that export and report create.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../../src/core/store/db';
import { findSelection, saveSelection } from '../../../src/core/store/selections';
import { sample, runCli, tempDir } from '../helpers';
import { importedWithSelection } from './cli-setup';
import { HAND_RUN, seedRun } from '../report/seed';


const run = runCli;

describe('CLI walkthrough, third walk', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => { tmp = tempDir(); });
  afterEach(() => tmp.cleanup());

  const file = (name: string, text: string) => { const p = join(tmp.dir, name); writeFileSync(p, text); return p; };

  it('--eval-map and --benchmark-map errors name the flag typed, not --map (curate, generate-questions, eval)', () => {
    const db = join(tmp.dir, 'x.db');
    assert.equal(run(['--db', db, 'import', sample('s1k-sample-5.jsonl'), '--dataset', 's']).code, 0);
    const evalFile = file('e.jsonl', '{"prompt": "What is 1+1?", "gold": "2"}\n');
    const noFit = file('f.jsonl', '{"foo": "x", "bar": "1"}\n');
    const prompt = file('prompt.txt', 'Write a question like {question}');
    const commands: [string, string[]][] = [
      ['--eval-map', ['curate', '--dataset', 's', '--eval']],
      ['--eval-map', ['generate-questions', '--backend', 'http://127.0.0.1:9/v1', '--model', 'm', '--from', 's', '--n', '1', '--dataset', 'q', '--prompt', prompt, '--eval']],
      ['--benchmark-map', ['eval', '--backend', 'http://127.0.0.1:9/v1', '--model', 'm', '--method', 'none', '--run', 'r', '--benchmark']],
    ];
    for (const [flag, args] of commands) {
      const what = `${args[0]} ${flag}`;
      // A map to a column the file lacks, a thinking= without its answer: the file is refused (1).
      for (const [map, message] of [
        ['question=nope', `${flag} question=nope: the first row has no column 'nope'`],
        ['question=prompt,thinking=gold', `${flag} thinking=gold needs the column of the trace's answer`],
      ]) {
        const r = run(['--db', db, ...args, evalFile, flag, map]);
        assert.equal(r.code, 1, `${what} ${map}: ${r.stderr}`);
        assert.ok(r.stderr.includes(message), `${what} ${map}: ${r.stderr}`);
        assert.doesNotMatch(r.stderr, /--map\b/, what);
      }
      // A map that is no field=column, or names no field a map may set: a usage error (2).
      for (const [map, message] of [['foo', `${flag}: 'foo' is not field=column`], ['bogus=prompt', `${flag}: unknown field 'bogus'`]]) {
        const r = run(['--db', db, ...args, evalFile, flag, map]);
        assert.equal(r.code, 2, `${what} ${map}: ${r.stderr}`);
        assert.ok(r.stderr.includes(message), `${what} ${map}: ${r.stderr}`);
      }
      // No preset fits and no map given: the suggestion is the flag this command has (it has no --preset).
      const r = run(['--db', db, ...args, noFit]);
      assert.equal(r.code, 1, `${what} no fit: ${r.stderr}`);
      assert.ok(r.stderr.includes(`Name the columns with ${flag} question=COLUMN (fields:`), `${what}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /--map\b|--preset|nothing was imported/, what);
    }
    // import keeps its own wording.
    const imp = run(['--db', db, 'import', noFit, '--dataset', 'z']);
    assert.equal(imp.code, 1);
    assert.match(imp.stderr, /Name the columns with --preset generic --map question=COLUMN .*, or pass --preset\./);
    assert.match(run(['--db', db, 'import', evalFile, '--dataset', 'z', '--map', 'question=nope']).stderr, /--map question=nope: the first row has no column 'nope'/);
  });

  it("mix --from all:abc names the selection 'all:abc' (a name may hold ':'); with none and 'all' a selection it is refused (2) saying abc is no weight or count", () => {
    const { db, ids } = importedWithSelection(tmp.dir);
    for (const spec of ['all:abc', 'all:-1', 'all:1e3', 'all@1:x']) {
      const r = run(['--db', db, 'mix', '--from', spec, '--name', 'm', '--json']);
      assert.equal(r.code, 2, `${spec}: ${r.stderr}`);
      const base = spec.slice(0, spec.lastIndexOf(':'));
      const suffix = spec.slice(spec.lastIndexOf(':') + 1);
      const error = (JSON.parse(r.stdout) as { error: string }).error;
      assert.equal(error, `no selection named '${spec}' (distillery selection lists them); '${suffix}' after the last ':' is no weight or count for the selection '${base}': write ${base}:0.3 for a weight (a decimal point), ${base}:300 for a count`);
      assert.ok(r.stderr.includes(`write ${base}:0.3 for a weight`), r.stderr);
    }
    // A name with no selection before its last ':' keeps the plain message.
    assert.match(run(['--db', db, 'mix', '--from', 'nope:abc', '--name', 'm']).stderr, /no selection named 'nope:abc' \(distillery selection lists them\)\n/);
    const d = openDatabase(db);
    try {
      assert.equal(findSelection(d, 'm'), undefined, 'nothing was created');
      const datasetId = d.prepare('SELECT id FROM datasets').pluck().get() as number;
      saveSelection(d, { name: 'all:abc', datasetId, recipe: {}, seed: 1, funnel: [], sampleIds: ids.slice(0, 2) });
    } finally {
      d.close();
    }
    // A selection that is named so is read, as README says (curate's names are RECIPE:DATASET).
    const ok = run(['--db', db, 'mix', '--from', 'all:abc', '--name', 'm', '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { sources: { selection: string; taken: number }[] }).sources[0].selection, 'all:abc@1');
    assert.match(readFileSync(resolve('README.md'), 'utf8'), /`all:abc` is\nthe selection named `all:abc`, and when there is none while `all` is one, mix refuses it \(exit 2\)/);
  });

  it('a bad --tokenizer file (not JSON, not a tokenizer.json) is refused (1, the path named) before any work in export, eval and tokens; a missing path is 2', () => {
    const { db } = importedWithSelection(tmp.dir);
    const notJson = file('tok.json', 'not json\n');
    const notTokenizer = file('other.json', '{"a": 1}');
    const folder = join(tmp.dir, 'model');
    mkdirSync(folder);
    writeFileSync(join(folder, 'tokenizer.json'), '{"model": {"type": "BPE"}}');
    const empty = join(tmp.dir, 'no-tokenizer');
    mkdirSync(empty);
    const out = join(tmp.dir, 'o.jsonl');
    const commands: [string, string[]][] = [
      ['export', ['export', '--selection', 'all', '--format', 's1', '--out', out]],
      // the backend is never reached: the tokenizer is refused first
      ['eval', ['eval', '--backend', 'http://127.0.0.1:9/v1', '--model', 'm', '--method', 'none', '--run', 'r', '--benchmark', 'math500:1']],
      ['tokens', ['tokens', '--dataset', 's', '--all']],
    ];
    for (const [what, args] of commands) {
      for (const [tok, message] of [
        [notJson, /^--tokenizer: \S+tok\.json: not valid JSON \(.*\); expected a tokenizer\.json/],
        [notTokenizer, /^--tokenizer: tokenizer '\S+other\.json' is not a tokenizer\.json/],
        [folder, /^--tokenizer: tokenizer '\S+model\/tokenizer\.json' is not a tokenizer\.json/],
      ] as const) {
        const r = run(['--db', db, ...args, '--tokenizer', tok, '--json']);
        assert.equal(r.code, 1, `${what} ${tok}: ${r.stderr}`);
        const lines = r.stdout.trim().split('\n');
        assert.equal(lines.length, 1, `${what}: one JSON document`);
        assert.match((JSON.parse(lines[0]) as { error: string }).error, message, what);
        assert.match(r.stderr, /^distillery: --tokenizer: .*\n$/, `${what}: one line on stderr`);
        assert.doesNotMatch(r.stderr, /backend|sha256/, `${what}: nothing done before the refusal`);
        assert.equal(existsSync(out), false, `${what}: nothing written`);
      }
      for (const [tok, message] of [
        [join(tmp.dir, 'missing.json'), /--tokenizer: tokenizer '\S+missing\.json': no such file or folder/],
        [empty, /--tokenizer: tokenizer '\S+no-tokenizer': the folder has no tokenizer\.json/],
      ] as const) {
        const r = run(['--db', db, ...args, '--tokenizer', tok]);
        assert.equal(r.code, 2, `${what} ${tok}: ${r.stderr}`);
        assert.match(r.stderr, message, what);
      }
    }
    // A good tokenizer given by its folder is loaded and used (the bundled Qwen3 file).
    const ok = run(['--db', db, 'tokens', '--dataset', 's', '--all', '--workers', '1', '--tokenizer', resolve('assets', 'tokenizers', 'qwen3'), '--json'], undefined, { DISTILLERY_CACHE_DIR: join(tmp.dir, 'cache') });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { filled: number }).filled, 5);
  });

  it('$DISTILLERY_TOKENIZER naming a bad file is refused before any work by every command that counts, naming the variable', () => {
    const { db } = importedWithSelection(tmp.dir);
    const notJson = file('tok.json', 'not json\n');
    const prompt = file('prompt.txt', 'Write a question about {question}\n');
    const out = join(tmp.dir, 'o.jsonl');
    const backend = 'http://127.0.0.1:9/v1';
    const commands: [string, string[]][] = [
      ['tokens', ['tokens', '--dataset', 's', '--all']],
      ['export', ['export', '--selection', 'all', '--format', 's1', '--out', out]],
      ['eval', ['eval', '--backend', backend, '--model', 'm', '--method', 'none', '--run', 'r', '--benchmark', 'math500:1']],
      // generate's counts (prompt room, thinking lengths) and the replay server's usage counted with the variable's file
      ['generate', ['generate', '--selection', 'all', '--model', 'm', '--backend', backend, '--run', 'g']],
      ['generate --batch-out', ['generate', '--selection', 'all', '--model', 'm', '--run', 'g2', '--batch-out', out]],
      ['generate-questions', ['generate-questions', '--from', 'all', '--model', 'm', '--backend', backend, '--n', '1', '--prompt', prompt, '--dataset', 'q']],
      ['serve-replay', ['serve-replay', '--dataset', 's', '--port', '0']],
    ];
    for (const [what, args] of commands) {
      const r = run(['--db', db, ...args], undefined, { DISTILLERY_TOKENIZER: notJson });
      assert.equal(r.code, 1, `${what}: ${r.stderr}`);
      assert.match(r.stderr, /^distillery: \$DISTILLERY_TOKENIZER: \S+tok\.json: not valid JSON .*\n$/, `${what}: one line naming the variable`);
      assert.equal(existsSync(out), false, `${what}: nothing written`);
      const missing = run(['--db', db, ...args], undefined, { DISTILLERY_TOKENIZER: join(tmp.dir, 'missing') });
      assert.equal(missing.code, 2, `${what}: ${missing.stderr}`);
      assert.match(missing.stderr, /\$DISTILLERY_TOKENIZER: tokenizer '\S+missing': no such file or folder/, what);
    }
    const d = openDatabase(db);
    try {
      assert.equal(d.prepare("SELECT count(*) FROM runs").pluck().get(), 0, 'no run stored');
    } finally {
      d.close();
    }
  });

  it('export --out FILE and backup --out FILE make the missing folders on the path, report --out DIR makes DIR; only once the input is checked; --force rules unchanged', () => {
    const { db } = importedWithSelection(tmp.dir);
    const d = openDatabase(db);
    try {
      seedRun(d, 'base', HAND_RUN);
    } finally {
      d.close();
    }
    const at = (...p: string[]) => join(tmp.dir, ...p);
    // Refused before the output: no folder is made.
    assert.equal(run(['--db', at('none.db'), 'backup', '--out', at('b0', 'deep', 'copy.db')]).code, 2, 'no database');
    assert.equal(run(['--db', db, 'export', '--selection', 'nope', '--format', 's1', '--out', at('e0', 'deep', 'x.jsonl')]).code, 2);
    assert.equal(run(['--db', db, 'report', '--run', 'nope', '--out', at('r0', 'deep')]).code, 2);
    for (const p of ['b0', 'e0', 'r0', 'none.db']) assert.equal(existsSync(at(p)), false, `${p}: nothing created`);
    // Missing folders are made.
    const backup = run(['--db', db, 'backup', '--out', at('b1', 'deep', 'copy.db'), '--json']);
    assert.equal(backup.code, 0, backup.stderr);
    assert.equal((JSON.parse(backup.stdout) as { integrity: string }).integrity, 'ok');
    assert.ok(existsSync(at('b1', 'deep', 'copy.db')));
    assert.equal(run(['--db', db, 'export', '--selection', 'all', '--format', 's1', '--out', at('e1', 'deep', 'x.jsonl')]).code, 0);
    assert.ok(existsSync(at('e1', 'deep', 'x.jsonl')));
    assert.equal(run(['--db', db, 'report', '--run', 'base', '--out', at('r1', 'deep')]).code, 0);
    assert.ok(existsSync(at('r1', 'deep', 'report.md')));
    // A file in the way of the folder: 2, the folder named, nothing written.
    writeFileSync(at('afile'), 'x');
    for (const [args, message] of [
      [['backup', '--out', at('afile', 'd', 'copy.db')], /^distillery: cannot create the folder \S+afile\/d for --out \S+copy\.db: .*ENOTDIR.*nothing was written\)\n$/],
      [['export', '--selection', 'all', '--format', 's1', '--out', at('afile', 'd', 'x.jsonl')], /^distillery: cannot create the folder \S+afile\/d for --out \S+x\.jsonl: .*ENOTDIR.*nothing was written\)\n$/],
      [['report', '--run', 'base', '--out', at('afile', 'd')], /^distillery: --out \S+afile\/d: cannot create the folder \S+afile\/d: .*ENOTDIR.*nothing was written\)\n$/],
    ] as const) {
      const r = run(['--db', db, ...args]);
      assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
      assert.match(r.stderr, message, args[0]);
    }
    // --force rules as they were: an existing file (export, backup) or a folder with files (report) needs it.
    assert.equal(run(['--db', db, 'backup', '--out', at('b1', 'deep', 'copy.db')]).code, 2);
    assert.equal(run(['--db', db, 'backup', '--out', at('b1', 'deep', 'copy.db'), '--force']).code, 0);
    assert.equal(run(['--db', db, 'export', '--selection', 'all', '--format', 's1', '--out', at('e1', 'deep', 'x.jsonl')]).code, 2);
    assert.equal(run(['--db', db, 'report', '--run', 'base', '--out', at('r1', 'deep')]).code, 2);
    assert.match(readFileSync(resolve('README.md'), 'utf8'), /`export --out FILE`, `backup --out FILE` and `generate --batch-out FILE` create the missing folders on the file's path/);
  });
});
