// Grading never throws and never hangs: hostile or enormous input is `false` with a reason.
// (No timing assertions; mocha's own timeout is the only clock here.)
import assert from 'node:assert/strict';
import { gradeAnswer, type GradeKind } from '../../../src/core/grade';

const matrix = (n: number, cell: string) => Array(n).fill(Array(n).fill(cell).join('&')).join('\\\\');

const HOSTILE: Array<[string, string]> = [
  ['1', '{'.repeat(1_000_000)],
  ['1', '\\boxed{'.repeat(200_000)],
  ['1', `\\boxed{${'('.repeat(1500)}1${')'.repeat(1500)}}`],
  ['1', `\\boxed{${'|'.repeat(1900)}}`],
  ['1', '$'.repeat(1_000_000)],
  ['1', '\\('.repeat(300_000)],
  ['1', 'answer is '.repeat(100_000)],
  ['1', 'x'.repeat(5_000_000)],
  ['1', '\\boxed{10^{10^{10^{10}}}}'],
  ['1', '\\boxed{(10^{10})!}'],
  ['1', '\\boxed{\\sum_{k=1}^{10^{9}} k}'],
  ['1', '\\boxed{\\prod_{k=1}^{10000} k^{k}}'],
  ['1', `\\boxed{\\begin{pmatrix}${matrix(20, 'x')}\\end{pmatrix}^{64}}`],
  ['1', `\\boxed{${'1\\pm'.repeat(200)}1}`],
  ['1', `\\boxed{${'[0,1)\\cup'.repeat(190)}[0,1)}`],
  ['\\{1,2\\}', `\\boxed{${'2,'.repeat(999)}1}`],
  ['1', '<think>' + 'hmm '.repeat(100_000) + '</think>'],
  ['1'.repeat(200_000), '1'],
  ['', ''],
  ['\\frac{', '\\boxed{\\frac{'],
  ['\\begin{pmatrix}1', '\\boxed{\\end{pmatrix}}'],
];

describe('grade: robustness', function () {
  this.timeout(60_000);

  for (const kind of ['math', 'integer', 'choice'] as GradeKind[]) {
    it(`returns false with a reason on hostile input (${kind})`, () => {
      for (const [gold, pred] of HOSTILE) {
        const r = gradeAnswer(gold, pred, { kind });
        assert.equal(typeof r.equal, 'boolean');
        assert.equal(typeof r.reason, 'string');
        assert.ok(r.reason.length > 0);
        if (gold !== '1' || kind === 'choice') continue;
        assert.equal(r.equal, false, `${kind}: ${pred.slice(0, 40)} -> ${JSON.stringify(r).slice(0, 200)}`);
      }
    });
  }

  it('does not confuse numbers that overflow', () => {
    assert.equal(gradeAnswer('2^{2^{2^{2^{2^{100}}}}}', '\\boxed{2^{2^{2^{2^{2^{101}}}}}}').equal, false);
    assert.equal(gradeAnswer('2^{100}', '\\boxed{2^{100}+1}').equal, false);
    assert.equal(gradeAnswer('2^{100}', '\\boxed{1267650600228229401496703205376}').equal, true);
  });

  it('rejects non-string input instead of throwing', () => {
    const r = gradeAnswer(null as unknown as string, 1 as unknown as string);
    assert.deepEqual([r.equal, r.reason], [false, 'gold and prediction must be strings']);
  });

  it('gives up at the time limit with a reason', () => {
    const r = gradeAnswer('x', `\\boxed{${'x+'.repeat(900)}x}`, { timeLimitMs: 0 });
    assert.deepEqual([r.equal, r.reason], [false, 'time limit']);
  });

  it('reports no answer when there is none', () => {
    assert.deepEqual(gradeAnswer('5', 'I could not solve it.'), { equal: false, gold: '5', pred: null, reason: 'no answer found' });
  });
});
