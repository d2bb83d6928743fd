// Defects a third CLI walkthrough found and left: a field map's errors naming the flag the user typed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sample, tempDir } from '../helpers';

const CLI = resolve('out', 'cli.js');

function run(args: string[], cwd?: string, env?: Record<string, string>) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

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
});
