// The `distillery grade` contract, run in-process through commander with a context like the real one.
import assert from 'node:assert/strict';
import { Command, CommanderError } from 'commander';
import { registerGrade } from '../../../src/cli/commands/grade';
import { CliError, createCliContext } from '../../../src/cli/context';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, tempDir } from '../helpers';

async function grade(args: string[]): Promise<{ out: string; json: () => Record<string, unknown>; error?: CliError }> {
  const program = new Command('distillery').option('--db <path>').option('--json').exitOverride();
  program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  let out = '';
  const ctx = createCliContext(program, { out: (t) => { out += t; }, err: () => undefined }, () => 'unused.db');
  registerGrade(program, ctx);
  try {
    await program.parseAsync(['node', 'distillery', 'grade', ...args]);
    return { out, json: () => JSON.parse(out) };
  } catch (e) {
    if (e instanceof CliError) return { out, json: () => JSON.parse(out), error: e };
    if (e instanceof CommanderError) throw new Error(`commander: ${e.message}`);
    throw e;
  }
}

describe('distillery grade', () => {
  it('--gold/--pred --json prints equal, normalised gold, extracted pred and a reason', async () => {
    const r = (await grade(['--gold', '\\dfrac{1}{2}', '--pred', 'so the answer is $\\boxed{0.5}$', '--json'])).json();
    assert.deepEqual({ equal: r.equal, gold: r.gold, pred: r.pred }, { equal: true, gold: '\\frac{1}{2}', pred: '0.5' });
    assert.equal(typeof r.reason, 'string');
    const no = (await grade(['--gold', '3', '--pred', '4', '--json'])).json();
    assert.equal(no.equal, false);
  });

  it('--kind integer and --kind choice', async () => {
    assert.equal((await grade(['--gold', '025', '--pred', 'The answer is \\boxed{25}.', '--kind', 'integer', '--json'])).json().equal, true);
    assert.equal((await grade(['--gold', 'B', '--pred', 'Answer: (B)', '--kind', 'choice', '--json'])).json().equal, true);
    const byText = await grade(['--gold', 'C', '--pred', 'We need 6 moles.', '--kind', 'choice', '--choices', '2 moles|4 moles|6 moles|8 moles', '--json']);
    assert.equal(byText.json().equal, true);
  });

  it('prints a human line without --json', async () => {
    const r = await grade(['--gold', '(1,2)', '--pred', '(2,1)']);
    assert.match(r.out, /^not equal: gold \(1,2\) \| pred \(2,1\) \(not equivalent\)\n$/);
  });

  it('--file grades every line in input order', async () => {
    const r = (await grade(['--file', fixture('grade', 'pairs.jsonl'), '--json'])).json();
    assert.equal(r.n, 4);
    assert.deepEqual(r.equal, [true, false, true, true]);
  });

  it('--file with custom field names and numeric gold answers', async () => {
    const r = await grade(['--file', fixture('grade', 'pairs-custom-fields.jsonl'), '--gold-field', 'answer', '--pred-field', 'response', '--kind', 'integer', '--json']);
    assert.deepEqual(r.json().equal, [true, false]);
    const missing = await grade(['--file', fixture('grade', 'pairs-custom-fields.jsonl'), '--json']);
    assert.match(missing.error?.message ?? '', /pairs-custom-fields\.jsonl:1: missing field "gold"/);
  });

  it('--finish-reason length: a cut-off response gets credit only for an answer stated as final', async () => {
    const cut = 'We need the sum. It might be 12, but the second case still has to be counted, and it gives more than';
    const r = (await grade(['--gold', '12', '--pred', cut, '--finish-reason', 'length', '--json'])).json();
    assert.deepEqual([r.equal, r.pred, r.reason], [false, null, 'no final answer in an unfinished response (finish reason length)']);
    const boxed = await grade(['--gold', '12', '--pred', `${cut} \\boxed{12}`, '--finish-reason', 'length']);
    assert.match(boxed.out, /^equal: gold 12 \| pred 12 \(identical \(boxed answer in an unfinished response: finish reason length\)\)\n$/);
  });

  it('--file reads each row\'s finish_reason and reports the rule per row', async () => {
    const t = tempDir();
    try {
      const file = join(t.dir, 'rows.jsonl');
      const cut = 'So far the total is 12 and';
      writeFileSync(file, [
        { gold: '12', pred: cut, finish_reason: 'length' }, { gold: '12', pred: cut, finish_reason: null }, { gold: '12', pred: `${cut} then \\boxed{12}`, finish_reason: 'length' },
      ].map((x) => JSON.stringify(x)).join('\n') + '\n');
      const r = (await grade(['--file', file, '--json'])).json();
      assert.deepEqual(r.equal, [false, true, true]);
      assert.deepEqual(r.rules, [null, 'last number', 'boxed answer']);
      writeFileSync(file, JSON.stringify({ gold: '1', pred: '1', finish_reason: 3 }) + '\n');
      assert.match((await grade(['--file', file, '--json'])).error?.message ?? '', /rows\.jsonl:1: field "finish_reason" must be a string or null/);
    } finally {
      t.cleanup();
    }
  });

  it('a bad line is an error naming file and line', async () => {
    const r = await grade(['--file', fixture('grade', 'pairs-bad.jsonl'), '--json']);
    assert.ok(r.error);
    assert.match(r.error.message, /pairs-bad\.jsonl:2: not valid JSON/);
    assert.equal(r.error.exitCode, 1, 'a refused input file (README: 1), as import refuses one');
  });

  it('usage errors are CliErrors', async () => {
    assert.match((await grade(['--gold', '1', '--pred', '1', '--kind', 'words'])).error?.message ?? '', /--kind must be one of/);
    assert.match((await grade(['--gold', '1'])).error?.message ?? '', /give --gold and --pred, or --file/);
    assert.match((await grade(['--file', fixture('grade', 'nope.jsonl')])).error?.message ?? '', /no such file/);
  });
});
