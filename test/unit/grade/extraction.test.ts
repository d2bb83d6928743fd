// Extraction: which part of a response is its answer, for each way models state one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { extractAnswer, findBoxed, gradeAnswer, splitThinking, type GradeKind } from '../../../src/core/grade';
import { fixture } from '../helpers';

const answer = (text: string, kind?: GradeKind, choices?: string[]) => extractAnswer(text, { kind, choices })?.answer ?? null;

describe('grade: extraction', () => {
  it('takes the last \\boxed{} with nested braces, and \\fbox and \\boxed 5', () => {
    assert.equal(answer('First \\boxed{2}, then \\boxed{\\frac{1}{\\sqrt{2}}}.'), '\\frac{1}{\\sqrt{2}}');
    assert.equal(answer('so $\\fbox{42}$'), '42');
    assert.equal(answer('hence \\boxed 7.'), '7.');
    assert.equal(answer('braces \\boxed{\\{1, 2\\}} inside'), '\\{1, 2\\}');
    assert.deepEqual(findBoxed('a \\boxed{x} b \\boxed{y'), [{ start: 2, end: 11, content: 'x' }, { start: 14, end: 22, content: 'y' }]);
  });

  it('joins boxes separated by "and" or commas, not boxes separated by reasoning', () => {
    assert.equal(answer('the roots are $\\boxed{-2}$ and $\\boxed{1}$.'), '-2, 1');
    assert.equal(answer('\\boxed{(1, 2)}, \\boxed{(2, 1)}'), '(1, 2), (2, 1)');
    assert.equal(answer('maybe \\boxed{12}. Wait, I made an error in the second step, so it is \\boxed{13}'), '13');
  });

  it('reads "Final Answer: ..." and "the answer is ..." sentences', () => {
    assert.equal(answer('Final Answer: The final answer is $\\frac{10\\sqrt{10.5}}{27}$. I hope it is correct.'), '\\frac{10\\sqrt{10.5}}{27}');
    assert.equal(answer('blah 7.\nFinal Answer: The largest $n$ is 34.'), '34');
    assert.equal(answer('Final Answer: Jane started growing Sphere 3 hours ago.'), '3');
    assert.equal(answer('So the answer is 27,648.'), '27648');
    assert.equal(answer('The answer is: $x = 5$'), 'x = 5');
    // "the answer is correct" states no answer; the earlier box does.
    assert.equal(answer('We get \\boxed{44}. Check: yes, so our answer is correct.'), '44');
  });

  it('falls back to the last math span, then the last number', () => {
    assert.equal(answer('So the ordered pair $(x, y)$ that solves it is $(7, 6)$.'), '(7, 6)');
    assert.equal(answer('the probability that Alice wins is 2/3. <|im_start|>user'), '2/3');
    assert.equal(answer('the number is not 10 which is 1,000.99\u20ac'), '1000.99');
    assert.equal(answer('Soucis : 2,74 $ a..'), '2.74');
    assert.equal(answer('\\frac{10}{9}'), '\\frac{10}{9}');
    assert.equal(answer('AZYUK2A'), null);
    assert.equal(answer('I do not know.'), null);
  });

  it('prefers the answer part after the end of thinking', () => {
    assert.deepEqual(splitThinking('<think>abc</think>xyz'), { thinking: 'abc', answer: 'xyz' });
    assert.equal(splitThinking('no markers'), null);
    assert.equal(answer('<think>maybe \\boxed{5}</think>The answer is \\boxed{6}.'), '6');
    assert.equal(answer('<|begin_of_thought|>\\boxed{1}<|end_of_thought|><|begin_of_solution|>so $\\boxed{2}$<|end_of_solution|>'), '2');
    assert.equal(answer('<|im_start|>think\nhmm \\boxed{3}\n<|im_start|>answer\nFinal Answer: 4'), '4');
    // An answer part with nothing in it: the thinking still holds the last statement.
    assert.equal(answer('<think>so it is \\boxed{8}</think>\n'), '8');
  });

  it('finds option letters in every spelling, and the option text itself', () => {
    const cases: Array<[string, string | null]> = [
      ['Answer: B', 'B'], ['The correct answer is (C).', 'C'], ['\\boxed{D}', 'D'], ['\\boxed{\\text{(A)}}', 'A'],
      ['Final answer: **C**', 'C'], ['...so we choose\n\n(B)\n', 'B'], ['the answer is option D', 'D'],
      ['B) 42', 'B'], ['I cannot decide.', null], ['The answer is a complicated expression.', null],
    ];
    for (const [text, want] of cases) assert.equal(answer(text, 'choice'), want, text);
    const choices = ['2 moles', '4 moles', '6 moles', '8 moles'];
    assert.equal(answer('Balancing the equation, we need 6 moles of oxygen.', 'choice', choices), 'C');
    assert.equal(answer('\\boxed{4 moles}', 'choice', choices), 'B');
  });

  it('extracts AIME integers with leading zeros, commas and equations', () => {
    assert.equal(answer('so the answer is \\boxed{025}', 'integer'), '025');
    assert.equal(answer('$\\boxed{\\textbf{(113) }}$', 'integer'), '\\textbf{(113) }');
    assert.equal(answer('we get $m+n = 73$.', 'integer'), 'm+n = 73');
    const g = (gold: string, pred: string) => gradeAnswer(gold, pred, { kind: 'integer' }).equal;
    assert.equal(g('025', 'so the answer is \\boxed{25}'), true);
    assert.equal(g('25', '\\boxed{025}'), true);
    assert.equal(g('073', '$\\boxed{\\textbf{(073)}}$'), true);
    assert.equal(g('204', '$180 + 24 = 204$'), true);
    assert.equal(g('1000', 'The answer is 1,000.'), true);
    assert.equal(g('204', '\\boxed{240}'), false);
    assert.equal(g('25', '\\boxed{\\frac{51}{2}}'), false);
    assert.match(gradeAnswer('25', '\\boxed{2.5}', { kind: 'integer' }).reason, /not an integer/);
  });

  it('grades each way of stating an answer, right and wrong', () => {
    const table: Array<[string, string, boolean]> = [
      ['\\frac{1}{2}', 'so $\\boxed{\\dfrac{1}{2}}$', true], ['\\frac{1}{2}', 'so $\\boxed{\\dfrac{1}{3}}$', false],
      ['7', 'thus $\\fbox{7}$', true], ['7', 'thus $\\fbox{8}$', false],
      ['-2,1', '$\\boxed{1}$ and $\\boxed{-2}$', true], ['-2,1', '$\\boxed{1}$ and $\\boxed{2}$', false],
      ['34', 'Final Answer: The final answer is $34$. I hope it is correct.', true], ['34', 'Final Answer: The final answer is $43$.', false],
      ['27648', 'so the answer is 27,648.', true], ['27648', 'so the answer is 27,468.', false],
      ['(7,6)', 'the solution is $(7, 6)$.', true], ['(7,6)', 'the solution is $(6, 7)$.', false],
      ['2/3', 'Alice wins with probability 2/3', true], ['2/3', 'Alice wins with probability 3/4', false],
    ];
    const wrong = table.filter(([g, p, e]) => gradeAnswer(g, p).equal !== e).map(([g, p, e]) => `${g} | ${p} | ${e}`);
    assert.deepEqual(wrong, []);
  });

  it('grades the long-response fixtures as expected', () => {
    const rows = readFileSync(fixture('grade', 'responses.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const wrong: string[] = [];
    for (const r of rows) {
      const res = gradeAnswer(r.gold, r.pred, { kind: r.kind });
      if (res.equal !== r.equal || res.pred !== r.answer) wrong.push(`${r.name}: ${JSON.stringify(res)}`);
    }
    assert.deepEqual(wrong, []);
  });
});

describe('extraction: markdown emphasis', () => {
  it('drops bold markers around an answer, which models often write', () => {
    assert.equal(extractAnswer('**9**')?.answer, '9');
    assert.equal(extractAnswer('The answer is **9**.')?.answer, '9');
    assert.equal(extractAnswer('Final Answer: **\\frac{1}{2}**')?.answer, '\\frac{1}{2}');
  });
});
