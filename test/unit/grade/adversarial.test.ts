// Adversarial answers (issue 15): every grade ends within its work budget, and numbers the grader cannot tell
// apart exactly (overflow, underflow, expressions too large to read) are "undecided", never equal.
// No timed assertions: the work counter (options.stats) is the bound asserted on.
import assert from 'node:assert/strict';
import { DEFAULT_WORK, gradeAnswer, type GradeOptions, type GradeResult } from '../../../src/core/grade';

function grade(gold: string, pred: string, options: GradeOptions = {}): GradeResult & { work: number } {
  const stats = { work: 0 };
  const r = gradeAnswer(gold, pred, { ...options, stats });
  return { ...r, work: stats.work };
}

/** The verdict, decided within the default budget (not stopped by it). */
function expect(gold: string, pred: string, equal: boolean, reason?: RegExp): void {
  const r = grade(gold, pred);
  const what = `${gold.slice(0, 60)} vs ${pred.slice(0, 60)} -> ${JSON.stringify({ ...r, gold: r.gold.slice(0, 40), pred: r.pred?.slice(0, 40) })}`;
  assert.equal(r.equal, equal, what);
  assert.notEqual(r.reason, 'time limit', what);
  assert.ok(r.work <= DEFAULT_WORK, what);
  if (reason) assert.match(r.reason, reason, what);
}

const UNDECIDED = /^undecided/;
const boxed = (s: string) => `The answer is $\\boxed{${s}}$.`;
const MB = 1_000_000;

describe('grade: adversarial input', function () {
  this.timeout(60_000);

  it('refuses a huge binomial at once instead of computing it', () => {
    const r = grade('1', boxed('\\binom{2\\cdot10^{10}}{10^{10}}'));
    assert.equal(r.equal, false);
    assert.match(r.reason, UNDECIDED);
    assert.ok(r.work < 10_000, `work ${r.work}`);
    expect('\\binom{2\\cdot10^{10}}{10^{10}}', boxed('\\binom{2\\cdot10^{10}}{10^{10}+1}'), false, UNDECIDED);
    // Small ones are still exact, and a large n with a small k still evaluates.
    expect('252', boxed('\\binom{10}{5}'), true);
    expect('\\binom{2000}{1000}', boxed('\\binom{2000}{1000}'), true);
    expect('\\frac{10^{10}(10^{10}-1)(10^{10}-2)}{6}', boxed('\\binom{10^{10}}{3}'), true);
  });

  it('does not call different power towers equal', () => {
    expect('10^10^10^10', boxed('10^10^10^11'), false, UNDECIDED);
    expect('10^{10^{10^{10}}}', boxed('10^{10^{10^{11}}}'), false, UNDECIDED);
    expect('2^{2^{2^{2^{2^{2}}}}}', boxed('2^{2^{2^{2^{2^{3}}}}}'), false, UNDECIDED);
    expect('2^{2^{2^{2^{2^{100}}}}}', boxed('2^{2^{2^{2^{2^{101}}}}}'), false, UNDECIDED);
    expect('9^{9^{9}}', boxed('9^{9^{9}}+1'), false, UNDECIDED);
    // The same tower written the same way is still the same answer.
    expect('2^{2^{2^{2^{2^{2}}}}}', boxed('2^{2^{2^{2^{2^{2}}}}}'), true);
  });

  it('does not call a huge value infinite', () => {
    for (const huge of ['10^{1000}', '2^{2^{100}}', '(10^{10})!', 'e^{10^{5}}', '\\binom{2\\cdot10^{10}}{10^{10}}', '1.5\\times10^{400}']) {
      expect('\\infty', boxed(huge), false, UNDECIDED);
    }
    expect('(0, \\infty)', boxed('(0, 10^{1000})'), false);
    expect('x > 0', boxed('(0, 10^{1000})'), false);
    // Infinity itself and finite values that fit a double are still decided.
    expect('\\infty', boxed('\\infty'), true);
    expect('(0, \\infty)', boxed('(0,\\infty)'), true);
    expect('\\infty', boxed('10^{100}'), false, /^not equivalent$/);
  });

  it('does not let huge bounds and coefficients make relations, sets and tuples equal', () => {
    expect('x > 10^{1000}', boxed('x > 10^{1001}'), false, UNDECIDED);
    expect('y = 10^{1000}x', boxed('y = 10^{1001}x'), false, UNDECIDED);
    expect('[10^{1000},\\infty)', boxed('[10^{1001},\\infty)'), false);
    expect('\\{10^{1000},1\\}', boxed('\\{10^{1001},1\\}'), false);
    expect('(10^{1000}, 2)', boxed('(10^{1001}, 2)'), false);
    expect('1:10^{1000}', boxed('1:10^{1001}'), false);
    expect('e^{1000}-e^{1000}', boxed('1'), false, UNDECIDED);
    expect('10^{-1000}x', boxed('10^{-1001}x'), false, UNDECIDED);
    // Exact arithmetic still decides what fits it.
    expect('10^{400}\\cdot 10^{-400}', boxed('1'), true);
    expect('\\gcd(2^{2000}, 6^{700})', boxed('2^{700}'), true);
  });

  it('does not call a tiny value zero', () => {
    for (const tiny of ['10^{-1000}', '2^{-10^{4}}', 'e^{-10^{5}}', '\\frac{1}{10^{1000}}', '\\sqrt{2}\\cdot(10^{-200})^{2}']) {
      expect('0', boxed(tiny), false, UNDECIDED);
    }
    // Float noise around an exact zero is still zero.
    expect('0', boxed('\\sin(\\pi)'), true);
    expect('0', boxed('10^{-400}'), false);
  });

  it('compares decimals beyond a double\'s range exactly', () => {
    expect('1.5\\times10^{400}', boxed('1.6\\times10^{400}'), false);
    expect('1.5\\times10^{400}', boxed('15\\times10^{399}'), true);
    expect('1.5\\times10^{-400}', boxed('1.6\\times10^{-400}'), true); // within 6 decimal places, as Math-Verify
  });

  it('never falls back to the last number of a long or deep expression', () => {
    const ones = Array(100).fill('1').join('+');
    expect('1', ones, false);
    expect('100', ones, true);
    expect('1', `$${ones}$`, false);
    expect('1', `${ones}+`, false, UNDECIDED);
    const many = Array(5000).fill('1').join('+');
    expect('1', many, false, UNDECIDED);
    expect('1', boxed(many), false, UNDECIDED);
    const sqrt2 = '\\sqrt{'.repeat(30) + '2' + '}'.repeat(30);
    expect('2', sqrt2, false);
    expect('2', boxed(sqrt2), false);
    expect('2', '\\sqrt{'.repeat(200) + '2' + '}'.repeat(200), false, UNDECIDED);
    // As the gold too: thirty \sqrt commands are one expression, not prose whose last number (4) stands for it.
    expect(sqrt2.replace('{2}', '{4}'), '4', false);
    expect(sqrt2.replace('{2}', '{4}'), boxed('4'), false);
    const pm = '1\\pm'.repeat(50) + '1';
    expect('1', pm, false);
    expect('1', boxed(pm), false);
    expect(pm, boxed('1'), false);
  });

  it('refuses deep nesting as too large, never by exhausting the stack', () => {
    expect('1', boxed('\\frac{1}{'.repeat(200) + '1' + '}'.repeat(200)), false, UNDECIDED);
    expect('1', boxed(`${'-'.repeat(1999)}1`), false, UNDECIDED);
    expect('1', boxed(`${'2^'.repeat(999)}2`), false, UNDECIDED);
    expect('1', boxed(`${'1/'.repeat(999)}1`), false, UNDECIDED);
    expect('1', boxed(`3${'!'.repeat(1990)}`), false, UNDECIDED);
    expect(`${'2^'.repeat(3999)}2`, boxed('1'), false, UNDECIDED);
    expect('1', boxed(`${'('.repeat(1500)}1${')'.repeat(1500)}`), false, UNDECIDED);
  });

  it('grades 1 MB inputs within the budget', () => {
    expect('1', `${'1+'.repeat(MB / 2)}1`, false, UNDECIDED);
    expect(`${'1+'.repeat(MB / 2)}1`, '1', false, /^gold answer too long$/);
    expect(`${'1+'.repeat(9000)}1`, '1', false, UNDECIDED);
    expect('1', `${'-'.repeat(MB)}1`, false, UNDECIDED);
    expect('1', `${'1\\pm'.repeat(MB / 4)}1`, false, UNDECIDED);
    expect('1', `${'\\sqrt{'.repeat(MB / 7)}2${'}'.repeat(MB / 7)}`, false);
    expect('1', boxed(`${'\\sqrt{'.repeat(MB / 7)}2${'}'.repeat(MB / 7)}`), false);
    expect('1', '\\boxed{1}'.repeat(MB / 10), true);
    expect('1', `${'x^'.repeat(MB / 2)}1`, false);
  });

  it('handles huge exponents and factorials without computing them', () => {
    expect('2^{10^{10}}', boxed('2^{10^{10}+1}'), false, UNDECIDED);
    expect('x^{10^{10}}', boxed('x^{10^{10}+1}'), false, UNDECIDED);
    expect('(10^{10})!', boxed('(10^{10}+1)!'), false, UNDECIDED);
    expect('1000!', boxed('1001!'), false);
    // Exact where exact fits.
    expect('2432902008176640000', boxed('20!'), true);
    expect('2^{100}', boxed('1267650600228229401496703205376'), true);
    expect('2^{30}', boxed('(2^{10})^{3}'), true);
    expect('2^{1000}', boxed('\\sqrt{2^{2000}}'), true);
    expect('2^{600}', boxed('\\sqrt[3]{2^{1800}}'), true);
  });

  it('stops at the work budget with the same result on every run', () => {
    const gold = '\\sum_{k=1}^{9000} \\frac{x}{k(k+1)}';
    const pred = boxed('\\sum_{k=1}^{9000} \\frac{x}{k^2+k}');
    const a = grade(gold, pred, { workLimit: 50_000 });
    const b = grade(gold, pred, { workLimit: 50_000 });
    assert.deepEqual([a.equal, a.reason], [false, 'time limit']);
    assert.ok(a.work <= 50_000 + 100, `work ${a.work}`);
    assert.equal(a.work, b.work);
    // With room enough the same pair is decided.
    assert.equal(grade(gold, pred, { workLimit: 10 * DEFAULT_WORK }).equal, true);
  });
});
