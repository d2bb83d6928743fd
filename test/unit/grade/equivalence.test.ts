// Equivalence of extracted answers, one block per answer form found in MATH500 and AIME24 gold answers,
// each with equal and unequal predictions.
import assert from 'node:assert/strict';
import { answersEquivalent, gradeAnswer, type GradeOptions } from '../../../src/core/grade';

type Case = [gold: string, pred: string, equal: boolean];

function check(cases: Case[], options: GradeOptions = {}): void {
  const wrong = cases.filter(([g, p, e]) => answersEquivalent(g, p, options) !== e)
    .map(([g, p, e]) => `${JSON.stringify(g)} vs ${JSON.stringify(p)}: expected ${e}`);
  assert.deepEqual(wrong, []);
}

describe('grade: equivalence', () => {
  it('integers, signs, leading zeros, trailing .0', () => check([
    ['-5', '-5', true], ['0', '0', true], ['025', '25', true], ['1000', '1000.0', true], ['-120', '-120.00', true],
    ['-5', '5', false], ['116', '161', false], ['12000023', '12000003', false], ['0', '-0', true],
  ]));

  it('thousands separators: commas, \\!, {,}, thin spaces; a spaced comma is a list', () => check([
    ['10,\\!080', '10080', true], ['10080', '10{,}080', true], ['58,500', '58500', true],
    ['11,\\! 111,\\! 111,\\! 100', '11111111100', true], ['\\$32,\\!348', '32348', true], ['1000', '1\\,000', true],
    ['7425000', '7,425,000', true], ['32349', '32, 349', false], ['58,500', '5850', false],
  ]));

  it('decimals and their rounding (6 places unless asked)', () => check([
    ['.35625', '0.35625', true], ['.0000672', '6.72\\times 10^{-5}', true], ['0.15', '\\frac{3}{20}', true],
    ['\\frac{1}{3}', '0.333333', true], ['\\frac{1}{3}', '0.33', false], ['3.21', '3.2', false], ['4.5', '4.50', true],
    ['\\pi', '3.14159', false], ['\\pi', '3.141593', true],
  ]));

  it('decimal places can be relaxed', () => check([['\\frac{1}{3}', '0.33', true], ['\\frac{8}{3}', '2.6667', true]], { precision: 2 }));

  it('fractions in every spelling', () => check([
    ['\\frac{14}{3}', '14/3', true], ['\\frac 34', '\\dfrac{3}{4}', true], ['\\frac9{19}', '\\tfrac{9}{19}', true],
    ['\\frac14', '0.25', true], ['\\frac{3}{56}', '\\frac{6}{112}', true], ['-\\frac{24}{25}', '\\frac{-24}{25}', true],
    ['-\\frac{35}{9}', '\\frac{35}{9}', false], ['\\frac{10}{11}', '\\frac{11}{10}', false], ['\\frac{2}{1005}', '\\frac{2}{1006}', false],
  ]));

  it('mixed numbers', () => check([
    ['1\\frac{4}{5}', '\\frac{9}{5}', true], ['137 \\frac{1}{2}', '137.5', true], ['137 \\frac{1}{2}', '\\frac{275}{2}', true],
    ['1\\frac{4}{5}', '\\frac{4}{5}', false],
  ]));

  it('radicals', () => check([
    ['2\\sqrt{5}', '\\sqrt{20}', true], ['11\\sqrt2', '11\\sqrt{2}', true], ['\\frac{\\sqrt{3}}{3}', '\\frac{1}{\\sqrt{3}}', true],
    ['6\\sqrt{2}', '\\sqrt{72}', true], ['1+2\\sqrt{3}', '2\\sqrt3+1', true], ['\\frac{3\\sqrt{3}}{4}', '0.75\\sqrt{3}', true],
    ['\\sqrt[3]{-8}', '-2', true], ['2\\sqrt{5}', '\\sqrt{10}', false], ['\\sqrt{51}', '\\sqrt{15}', false], ['11 \\sqrt{5} + 11', '11\\sqrt{5}', false],
  ]));

  it('pi', () => check([
    ['12\\pi', '12 \\pi', true], ['\\frac{20000}{\\pi}', '20000/\\pi', true], ['-\\frac{\\pi}{6}', '-\\pi/6', true],
    ['18+2\\pi', '2\\pi+18', true], ['8 \\pi', '8', false], ['7\\pi', '22', false],
  ]));

  it('degrees, units, currency', () => check([
    ['106^\\circ', '106', true], ['90^\\circ', '90^{\\circ}', true], ['\\frac{270}7\\text{ degrees}', '\\frac{270}{7}', true],
    ['5.4 \\text{ cents}', '5.4', true], ['15\\mbox{ cm}^2', '15', true], ['864 \\mbox{ inches}^2', '864 \\text{ in}^2', true],
    ['\\$18.90', '18.9', true], ['\\$36', '36 dollars', true], ['125 miles', '125', true],
    ['106^\\circ', '74^\\circ', false], ['\\$18.90', '18.09', false],
  ]));

  it('percent: 28% matches 28 and 0.28', () => check([
    ['28\\%', '28', true], ['28\\%', '0.28', true], ['20', '20\\%', true], ['28\\%', '28 percent', true], ['28\\%', '72\\%', false],
  ]));

  it('numerals in another base', () => check([
    ['204_5', '204_5', true], ['4210_{5}', '4210_5', true], ['2516_8', '2516', true], ['52_8', '52_{8}', true],
    ['204_5', '54', false], ['1112112_3', '1112122_3', false], ['40_9', '40_8', false],
  ]));

  it('complex numbers', () => check([
    ['-2 + 7i', '7i-2', true], ['1 - 12i', '1-12i', true], ['6+9i', '3(2+3i)', true], ['1+274i', '1+274 i', true],
    ['6 - 5i', '6+5i', false], ['1+2i', '2+i', false],
  ]));

  it('polynomials and symbolic expressions', () => check([
    ['x^3+3x-6', '3x + x^3 - 6', true], ['8n^2 + 4n + 1', '4n(2n+1)+1', true], ['6r^2-4r-24', '2(3r^2-2r-12)', true],
    ['(a+5)(b+2)', 'ab+2a+5b+10', true], ['\\frac{11+9a}{20}', '\\frac{11}{20}+\\frac{9a}{20}', true], ['p - q', '-(q-p)', true],
    ['x^5 - x^4 + x^3 - x^2 + x - 1', '(x-1)(x^4+x^2+1)', true], ['2k+2', '2(k+1)', true], ['3R^2', '3R^{2}', true],
    ['\\cot x', '\\frac{\\cos x}{\\sin x}', true], ['\\tan^2(y)+1', '\\sec^2 y', true],
    ['x^3+3x-6', 'x^3+3x+6', false], ['(a+5)(b+2)', '(a+2)(b+5)', false], ['3R^2', '3r^2', false], ['2k', 'k^2', false],
    ['\\cot x', '\\tan x', false], ['-13x+3', '13x-3', false],
  ]));

  it('tuples and points are ordered', () => check([
    ['(-1,6)', '(-1, 6)', true], ['(6,31,-1)', '\\left(6, 31, -1\\right)', true], ['\\left( 3, \\frac{\\pi}{2} \\right)', '(3, \\pi/2)', true],
    ['(1,-16,-4,43)', '(1,-16,-4,43)', true], ['\\left( \\frac{3}{2}, -13 \\right)', '(1.5, -13)', true],
    ['(-1,6)', '(6,-1)', false], ['(6,31,-1)', '(6,31)', false], ['(15,-29)', '(15,29)', false],
  ]));

  it('intervals: brackets matter, \\infty in any spelling', () => check([
    ['(-\\infty, 0]', '(-\\infty,0]', true], ['(3,4]', '\\left(3, 4\\right]', true], ['(2,\\infty)', '(2, \\infty)', true],
    ['\\left(\\frac{3}{5},\\frac{8}{3}\\right]', '(0.6, 8/3]', true], ['[\\frac{\\pi^2}{8}, \\frac{5\\pi^2}{4}]', '\\left[\\frac{\\pi^2}{8},\\frac{5\\pi^2}{4}\\right]', true],
    ['(-\\infty, 0]', '(-\\infty, 0)', false], ['(3,4]', '[3,4]', false], ['(5,\\infty)', '(-5,\\infty)', false],
  ]));

  it('unions of intervals, in any order or merged', () => check([
    ['(-\\infty, 2) \\cup (3, \\infty)', '(3,\\infty)\\cup(-\\infty,2)', true], ['(0,9) \\cup (9,36)', '(0,36) \\setminus \\{9\\}', true],
    ['(2,12) \\cup (12,102)', '(2,12)\\cup(12,102)', true], ['(-\\infty, 2) \\cup (3, \\infty)', '(-\\infty, 2] \\cup (3, \\infty)', false],
    ['(0,9) \\cup (9,36)', '(0,36)', false],
  ]));

  it('lists and sets are unordered; ± expands to both values', () => check([
    ['-2,1', '1,-2', true], ['3, 5, 7', '7, 5, 3', true], ['\\{1\\pm\\sqrt{5},-2\\}', '-2, 1+\\sqrt5, 1-\\sqrt5', true],
    ['1 \\pm \\sqrt{19}', '1+\\sqrt{19}, 1-\\sqrt{19}', true], ['3 \\pm 2 \\sqrt{2}', '3-2\\sqrt2,3+2\\sqrt2', true],
    ['1,-2', '1, -2, 3', false], ['1 \\pm \\sqrt{19}', '1+\\sqrt{19}', false], ['3, 5, 7', '3, 5', false],
  ]));

  it('equations and "x = ..." forms', () => check([
    ['x=5', '5', true], ['5', 'x = 5', true], ['y = 2x + 3', '2x+3', true], ['y = 2x + 3', 'y - 2x = 3', true],
    ['y = -2x', '2x + y = 0', true], ['5x - 7y + 11z + 4 = 0', '-5x + 7y - 11z - 4 = 0', true],
    ['5x - 7y + 11z + 4 = 0', '10x - 14y + 22z + 8 = 0', true], ['x=5', 'y=5', false], ['y = 2x + 3', 'y = 3x + 2', false],
    ['5x - 7y + 11z + 4 = 0', '5x - 7y + 11z - 4 = 0', false], ['7 = 11a + c', '11a + c', false],
  ]));

  it('inequalities against intervals: gold inequality accepts an interval, not the reverse', () => {
    check([
      ['x \\in [-2,7]', '[-2,7]', true], ['[-2,7]', 'x \\in [-2, 7]', true], ['x \\geq 5', '[5, \\infty)', true],
      ['-2 \\le x \\le 7', 'x \\in [-2,7]', true], ['x < 3', 'x \\lt 3', true], ['x \\le 5', '5 \\ge x', true],
      ['x \\ne 3', '(-\\infty,3)\\cup(3,\\infty)', true], ['x \\geq 5', '(5, \\infty)', false], ['x > 5', 'x < 5', false],
      ['x \\in [-2,7]', '-2 \\le x \\le 7', false],
    ]);
    check([['x \\in [-2,7]', '-2 \\le x \\le 7', true]], { allowSetRelation: true });
  });

  it('matrices and column vectors', () => check([
    ['\\begin{pmatrix} -1 & 0 \\\\ 0 & -1 \\end{pmatrix}', '\\begin{bmatrix}-1&0\\\\0&-1\\end{bmatrix}', true],
    ['\\begin{pmatrix} -1/3 \\\\ 2/3 \\\\ 5/3 \\end{pmatrix}', '\\begin{pmatrix} -\\frac13 \\\\ \\frac23 \\\\ \\frac53 \\end{pmatrix}', true],
    ['\\begin{pmatrix} 1/5 \\\\ -18/5 \\end{pmatrix}', '\\begin{pmatrix} 0.2 \\\\ -3.6 \\end{pmatrix}', true],
    ['\\begin{pmatrix} -1 & 0 \\\\ 0 & -1 \\end{pmatrix}', '-\\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}', true],
    ['\\begin{pmatrix} -18 \\\\ -49 \\\\ 96 \\end{pmatrix}', '\\begin{pmatrix} -18 \\\\ 49 \\\\ 96 \\end{pmatrix}', false],
    ['\\begin{pmatrix} -1 & 0 \\\\ 0 & -1 \\end{pmatrix}', '\\begin{pmatrix} -1 & 0 \\\\ 0 & 1 \\end{pmatrix}', false],
  ]));

  it('text answers and option letters written as text', () => check([
    ['\\text{Evelyn}', 'Evelyn', true], ['\\text{east}', '\\text{East}', true], ['\\text{ellipse}', '\\textbf{ellipse}', true],
    ['\\text{(B)}', 'B', true], ['\\text{(C)}', '\\text{C}', true], ['\\text{even}', 'even', true],
    ['\\text{Evelyn}', 'Navin', false], ['\\text{(B)}', '(E)', false], ['\\text{even}', '\\text{odd}', false],
  ]));

  it('logarithms, exponentials, factorials and binomials', () => check([
    ['3', '\\log_2 8', true], ['2', '\\log_{10} 100', true], ['1', '\\ln e', true], ['120', '5!', true], ['10', '\\binom{5}{2}', true],
    ['e^{i\\pi}', '-1', true], ['3', '\\log_2 9', false], ['24', '5!', false],
  ]));

  it('what our parser leaves to the CAS (limits, integrals) still compares', () => check([
    ['\\lim_{x\\to 0} \\frac{\\sin x}{x}', '\\lim_{x \\to 0}\\frac{\\sin x}{x}', true],
    ['\\lim_{x\\to 0} \\frac{\\sin x}{x}', '\\lim_{x\\to 1} \\frac{\\sin x}{x}', false],
  ]));

  it('ratios', () => check([['7:32', '7:32', true], ['1:2', '2:4', true], ['12:00', '1:00', false], ['7:32', '32:7', false]]));

  it('strict variable names unless told otherwise', () => {
    check([['f(x)', 'f(y)', false]]);
    check([['f(x)', 'f(y)', true]], { strict: false });
  });

  it('gradeAnswer reports the normalised gold and the extracted prediction', () => {
    const r = gradeAnswer('\\dfrac{1}{2}', 'Thus the answer is $\\boxed{\\frac12}$.');
    assert.deepEqual({ equal: r.equal, gold: r.gold, pred: r.pred, method: r.method }, { equal: true, gold: '\\frac{1}{2}', pred: '\\frac12', method: 'boxed' });
    assert.equal(typeof r.reason, 'string');
  });
});
