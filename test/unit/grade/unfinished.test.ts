// The grader on unfinished responses: a response cut off mid-reasoning gets credit only for an answer it states
// as final (a box, a final-answer statement, "Answer: ..." at its end, the answer part after its thinking), never
// for a value it mentions on the way. Checked on real Sky-T1 evaluation outputs labelled by hand, and on
// made-up responses for each rule.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { NO_FINAL_ANSWER, extractAnswer, gradeAnswer } from '../../../src/core/grade';
import { fixture } from '../helpers';

interface Labelled {
  id: string; gold: string; response: string; label: 'correct' | 'incorrect' | 'no answer';
  unfinished: boolean; grade: boolean; rule: string; reference_score: boolean; note: string; known_error?: string;
}

const rows: Labelled[] = readFileSync(fixture('grade', 'real-unfinished.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const thinking = (s: string) => `<|begin_of_thought|>\n\n${s}`;
const filler = 'Let me look at the setup again and check each quantity against the statement of the problem. '.repeat(8);

describe('grade: unfinished responses (real Sky-T1 outputs, labelled by hand)', function () {
  this.timeout(60_000);

  it('has the labelled set the note reports: 73 responses, 32 of them unfinished', () => {
    assert.equal(rows.length, 73);
    assert.equal(rows.filter((r) => r.unfinished).length, 32);
    assert.deepEqual(['correct', 'incorrect', 'no answer'].map((l) => rows.filter((r) => r.label === l).length), [36, 17, 20]);
  });

  it('grades every response as recorded, by the recorded rule', () => {
    const wrong: string[] = [];
    for (const r of rows) {
      const g = gradeAnswer(r.gold, r.response);
      const rule = g.rule ?? (g.reason.startsWith(NO_FINAL_ANSWER) ? 'no final answer' : '?');
      const unfinished = g.reason.includes('unfinished response');
      if (g.equal !== r.grade || rule !== r.rule || unfinished !== r.unfinished) wrong.push(`${r.id}: ${JSON.stringify(g)}`);
      if (unfinished && g.rule && !g.reason.includes(`${g.rule} in an unfinished response`)) wrong.push(`${r.id}: reason does not name the rule: ${g.reason}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('never credits an unfinished response that states no final answer, though its last value equals the gold', () => {
    const credited = rows.filter((r) => r.label === 'no answer').filter((r) => gradeAnswer(r.gold, r.response).equal).map((r) => r.id);
    assert.deepEqual(credited, []);
    // Fourteen of them were credited by the reference grader or by ours before: the value is there, on the way.
    const misleading = rows.filter((r) => r.label === 'no answer' && r.note.includes('mention on the way'));
    assert.equal(misleading.length, 14);
    for (const r of misleading) assert.match(gradeAnswer(r.gold, r.response).reason, /^no final answer in an unfinished response \((thinking never ended|cut off mid-sentence)\)$/, r.id);
  });

  it('agrees with the labels on 69 of 73 (the reference grader: 56); the 4 misses are comparator tolerances', () => {
    const agree = rows.filter((r) => gradeAnswer(r.gold, r.response).equal === (r.label === 'correct')).length;
    const reference = rows.filter((r) => r.reference_score === (r.label === 'correct')).length;
    assert.equal(agree, 69);
    assert.equal(reference, 56);
    const misses = rows.filter((r) => gradeAnswer(r.gold, r.response).equal !== (r.label === 'correct'));
    assert.deepEqual(misses.map((r) => r.id), rows.filter((r) => r.known_error).map((r) => r.id));
  });

  it('with finish_reason "length", a finished-looking response keeps only its stated answer', () => {
    const lastNumber = rows.filter((r) => !r.unfinished && r.rule === 'last number');
    assert.ok(lastNumber.length >= 4);
    for (const r of lastNumber) {
      assert.equal(gradeAnswer(r.gold, r.response).equal, true, r.id);
      const cut = gradeAnswer(r.gold, r.response, { finishReason: 'length' });
      assert.deepEqual([cut.equal, cut.pred, cut.reason], [false, null, `${NO_FINAL_ANSWER} (finish reason length)`], r.id);
    }
    const boxed = rows.filter((r) => !r.unfinished && r.rule === 'boxed answer' && r.grade);
    assert.ok(boxed.length >= 15);
    for (const r of boxed) assert.equal(gradeAnswer(r.gold, r.response, { finishReason: 'length' }).equal, true, r.id);
  });
});

describe('grade: the final-answer rules, one by one', () => {
  const cases: Array<[string, string, string, { finishReason?: string }, boolean, RegExp]> = [
    ['boxed in unclosed thinking', '7', thinking(`${filler}So the count is \\boxed{7}. Let me double-check by listing them: 1, 2, 3`), {}, true,
      /^identical \(boxed answer in an unfinished response: thinking never ended\)$/],
    ['"the final answer is" in unclosed thinking', '12', thinking(`${filler}So, the final answer is 12.\n\nBut let me verify with another method, starting from`), {}, true,
      /^identical \(final-answer statement in an unfinished response: thinking never ended\)$/],
    ['"Answer:" at the very end', '5', thinking(`${filler}Everything checks.\n\nAnswer: 5`), {}, true, /final-answer statement in an unfinished response/],
    ['"the answer is" followed by more work is a mention', '5', thinking(`${filler}So the answer is 5. Wait, that ignores the second case. ${filler}Now the second case gives`), {}, false,
      /^no final answer in an unfinished response \(thinking never ended\)$/],
    ['a half-remembered answer before working on it', '204', thinking(`I recall the answer is 204, but let me work it out. ${filler}So far the walk takes 3 hours and`), {}, false,
      /^no final answer in an unfinished response/],
    ['a value the response calls inconsistent', '26000', `${filler}By the formula it should be 26,000. There's a clear discrepancy here.\n\nWait, perhaps I misapplied the formula. Let me check it again:`, {}, false,
      /^no final answer in an unfinished response \(cut off mid-sentence\)$/],
    ['an expression restated from the question', '0', thinking(`${filler}The equation is y' + ry - rx(t) = 0, with y(0) = 0, and then`), {}, false, /^no final answer/],
    ['answer part after closed thinking, cut by the token limit', '42', `<think>${filler}</think>\n\nThe total is $42$.`, { finishReason: 'length' }, true,
      /^identical \(answer part after thinking in an unfinished response: finish reason length\)$/],
    ['answer part cut mid-sentence keeps only statements', '42', `<think>${filler}</think>\n\nFirst we add $40$ and $2$ to get $42$ and then we`, { finishReason: 'length' }, false,
      /^no final answer in an unfinished response \(finish reason length\)$/],
    ['s1 budget forcing: the answer turn', '25', `<|im_start|>think\n${filler}\n<|im_start|>answer\n25`, { finishReason: 'length' }, true, /answer part after thinking in an unfinished response/],
  ];
  for (const [name, gold, pred, opts, equal, reason] of cases) {
    it(name, () => {
      const g = gradeAnswer(gold, pred, opts);
      assert.equal(g.equal, equal, JSON.stringify(g));
      assert.match(g.reason, reason);
    });
  }

  it('integer grading follows the same rules', () => {
    const cut = thinking(`${filler}So m + n = 116, hmm, let me double check the denominator`);
    assert.match(gradeAnswer('116', cut, { kind: 'integer' }).reason, /^no final answer in an unfinished response/);
    assert.equal(gradeAnswer('116', `${cut}... it is fine. Final Answer: 116`, { kind: 'integer' }).equal, true);
  });

  it('multiple choice: an unfinished response gets credit only for an option stated as final', () => {
    const gpqa = (s: string) => `<think>${filler}${s}`;
    const mention = gradeAnswer('B', gpqa('Option (B) looks plausible, but (C) ignores spin, so I should compare'), { kind: 'choice' });
    assert.deepEqual([mention.equal, mention.pred, mention.reason], [false, null, 'no final answer in an unfinished response (thinking never ended)']);
    assert.equal(gradeAnswer('B', gpqa(`I think the answer is B, but let me check the other options. ${filler}Starting with`), { kind: 'choice' }).equal, false);
    const stated = gradeAnswer('B', gpqa('So the final answer is B. Let me still double-check option C against'), { kind: 'choice' });
    assert.deepEqual([stated.equal, stated.reason], [true, 'same option (option stated as final in an unfinished response: thinking never ended)']);
    assert.equal(gradeAnswer('B', gpqa('Everything fits.\n\n\\boxed{B}'), { kind: 'choice' }).equal, true);
    assert.equal(gradeAnswer('B', `<think>${filler}</think>\n\nB`, { kind: 'choice', finishReason: 'length' }).equal, true);
    // Finished responses keep their last option mentioned.
    assert.equal(gradeAnswer('B', 'Comparing them, the right one is (B).', { kind: 'choice' }).equal, true);
  });

  it('extractAnswer agrees: no answer from an unfinished response without a final statement', () => {
    assert.equal(extractAnswer(thinking(`${filler}So far we have 12 and`)), null);
    assert.equal(extractAnswer(thinking(`${filler}So far we have 12.`), { finishReason: 'length' }), null);
    assert.equal(extractAnswer(thinking(`${filler}So far we have \\boxed{12} and`))?.answer, '12');
  });

  it('finished responses keep their last value and name the rule', () => {
    const prose = `${filler}Therefore, the daily caloric requirement is 2000 calories.`;
    assert.deepEqual([gradeAnswer('2000', prose).equal, gradeAnswer('2000', prose).rule, gradeAnswer('2000', prose).reason], [true, 'last number', 'identical']);
    // A signature after the last sentence, as in AoPS solutions, is not a cut.
    assert.equal(gradeAnswer('204', `${filler}So $180 + 24 = 204$. -sepehr2010`).equal, true);
    // Results with units close a multi-part answer.
    assert.equal(gradeAnswer('46.08', `${filler}\n- CH3CH2OH: 46.08 g/mol`).equal, true);
    assert.equal(gradeAnswer('3', `${filler}\n\n**Final answer for Subproblem 1:** 3 bushels`).rule, 'final-answer statement');
    // A long bare expression ending in a digit is not prose cut mid-sentence: it is read whole.
    const sum = gradeAnswer('501', `${'1+'.repeat(500)}1`);
    assert.deepEqual([sum.equal, sum.rule], [true, 'whole response']);
  });

  it('scanning the tail of a 1 MB unfinished response stays within the work bound', () => {
    const big = thinking(`${'So the value might be 7, or maybe 8, and then '.repeat(24_000)}so`);
    assert.ok(big.length > 1_000_000);
    const stats = { work: 0 };
    const g = gradeAnswer('7', big, { stats });
    assert.match(g.reason, /^no final answer in an unfinished response/);
    assert.ok(stats.work < 20_000, `work ${stats.work}`);
  });
});

describe('grade: a unit or ordinal word around the number', () => {
  it('12^{\\text{th}}\\text{ grade} is 12, and units written with / or symbols are units', () => {
    const equal: Array<[string, string]> = [
      ['12', '12^{\\text{th}}\\text{ grade}'], ['12', '12^{th}'], ['12', '12th'], ['2', '2^{\\text{nd}}'], ['21', '21^{\\text{st}} \\text{ century}'],
      ['1000', '1000 \\text{ rad/s}'], ['0.10', '0.1 \\text{ m/s}'], ['35.06', '35.06 \\, \\text{g/mol}'], ['4080', '4080 \\text{ \u00c5}'], ['3e8', '3 \\times 10^{8} \\text{ m/s}'],
    ];
    for (const [gold, pred] of equal) assert.equal(gradeAnswer(gold, `\\boxed{${pred}}`).equal, true, `${gold} vs ${pred}`);
  });

  it('without making different numbers equal', () => {
    const different: Array<[string, string]> = [
      ['13', '12^{\\text{th}}\\text{ grade}'], ['11', '12th'], ['1000', '100 \\text{ rad/s}'], ['2\\theta', '2'], ['5000', '5 \\text{ thousand}'], ['4080', '4090 \\text{ \u00c5}'],
    ];
    for (const [gold, pred] of different) assert.equal(gradeAnswer(gold, `\\boxed{${pred}}`).equal, false, `${gold} vs ${pred}`);
  });
});
