// Detectors other than formatting, and recipes as data.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { apiErrorDetector } from '../../../src/core/curate/detectors/api-error';
import { wrongAnswerDetector } from '../../../src/core/curate/detectors/wrong-answer';
import { truncatedDetector } from '../../../src/core/curate/detectors/truncated';
import { languageDetector, nonEnglish } from '../../../src/core/curate/detectors/language';
import { BUILTIN_RECIPES, loadRecipe, validateRecipe } from '../../../src/core/curate/recipe';
import { seededRng, geometricIndex } from '../../../src/core/curate/random';
import type { PoolSample } from '../../../src/core/curate/pool';

const sample = (over: Partial<PoolSample> = {}, trace: Partial<NonNullable<PoolSample['trace']>> | null = {}): PoolSample => ({
  id: 1, question: 'What is 2+2?', solution: 'The answer is $\\boxed{4}$.', answer: null, source: 'AI-MO/NuminaMath-CoT/olympiads', domain: 'Algebra', cotType: 'math',
  features: { isqwen7bcorrect: false, isqwen32bcorrect: false, isgeminicorrect: true, gemini_length: 900 }, status: 'unreviewed',
  trace: trace === null ? null : { id: 10, producer: 'gemini', thinking: 'Two and two make four.', answer: 'So $\\boxed{4}$.', thinkingTokens: 6, finishReason: null, grade: 1, ...trace },
  ...over,
});

describe('detectors', () => {
  it('api-error: no trace, empty attempt, an error message instead of text, missing features', () => {
    const d = apiErrorDetector({ requireFeatures: true });
    assert.equal(d.detect(sample()).length, 0);
    assert.equal(d.detect(sample({}, null))[0].evidence.reason, 'no trace');
    assert.equal(d.detect(sample({}, { answer: '  ' }))[0].evidence.reason, 'empty attempt');
    assert.equal(d.detect(sample({}, { thinking: 'Error: 429 Too Many Requests (rate limit exceeded)' }))[0].evidence.reason, 'error text');
    assert.deepEqual(d.detect(sample({ features: { isqwen7bcorrect: false } }))[0].evidence.missing, ['isqwen32bcorrect', 'isgeminicorrect', 'gemini_length']);
    // A long trace that talks about errors is maths, not an API failure.
    assert.equal(d.detect(sample({}, { thinking: 'Error analysis: the relative error is small. '.repeat(100) })).length, 0);
  });

  it('wrong-answer: the data label decides, the grader is recorded, disagreements are flagged', () => {
    const d = wrongAnswerDetector();
    assert.equal(d.detect(sample()).length, 0);
    const wrong = d.detect(sample({ features: { isgeminicorrect: false } }));
    assert.deepEqual(wrong.map((f) => f.label), ['wrong-answer', 'grade-disagreement']);
    assert.deepEqual([wrong[0].evidence.data_label, wrong[0].evidence.grader, wrong[0].evidence.decided_by], [false, true, 'data label']);
    const byGrader = d.detect(sample({ features: {} }, { answer: 'So $\\boxed{5}$.', grade: null }));
    assert.deepEqual([byGrader[0].label, byGrader[0].evidence.decided_by], ['wrong-answer', 'grader']);
    // AIME answers compare as integers: "025" = 25.
    assert.equal(d.detect(sample({ source: 'qq8933/AIME_1983_2024', solution: '025', features: {} }, { answer: '\\boxed{25}', grade: null })).length, 0);
  });

  it('wrong-answer: a trace cut off by its length limit is not credited for a number met on the way (its finish reason reaches the grader)', () => {
    const d = wrongAnswerDetector();
    const cut = { answer: 'Let me add them: 2 and 2, that gives 4, but wait, I should check whether the', grade: null };
    const labelledWrong = { features: { isgeminicorrect: false } };
    // Finished, its last number counts: the grader credits it and disagrees with the data label.
    assert.deepEqual(d.detect(sample(labelledWrong, { ...cut, finishReason: 'stop' })).map((f) => f.label), ['wrong-answer', 'grade-disagreement']);
    // Cut off by the length limit with no final answer: the grader does not decide, so there is no false disagreement.
    const f = d.detect(sample(labelledWrong, { ...cut, finishReason: 'length' }));
    assert.deepEqual(f.map((x) => x.label), ['wrong-answer']);
    assert.equal(f[0].evidence.grader, null);
    assert.match(String(f[0].evidence.grader_reason), /unfinished/);
  });

  it('truncated: finish reason length, an unclosed thinking block, thinking with no answer', () => {
    const d = truncatedDetector();
    assert.equal(d.detect(sample()).length, 0);
    assert.equal(d.detect(sample({}, { finishReason: 'length' }))[0].evidence.reason, 'finish reason length');
    assert.equal(d.detect(sample({}, { thinking: '<think> so we get', answer: '' }))[0].evidence.reason, 'no end of thinking');
  });

  it('language: non-Latin scripts beyond a share of the letters; Greek maths is English', () => {
    assert.equal(nonEnglish('Let $\\alpha$ and β be angles with α + β = π. Find sin α.'), undefined);
    assert.equal(nonEnglish('设函数 f(x) = x^2，求 f(3) 的值。')!.script, 'Han');
    assert.equal(nonEnglish('Найдите все натуральные числа n, такие что n^2 + 1 делится на n + 1.')!.script, 'Cyrillic');
    const f = languageDetector().detect(sample({}, { thinking: '因此，我们得到答案是四。所以答案是 4。' }));
    assert.equal(f[0].evidence.field, 'thinking');
  });
});

describe('recipes', () => {
  it('the built-in recipes validate and have a schema reference', () => {
    for (const name of Object.keys(BUILTIN_RECIPES)) {
      const r = loadRecipe(name);
      assert.equal(r.name, name);
      assert.equal((JSON.parse(readFileSync(`recipes/${name}.json`, 'utf8')) as { $schema: string }).$schema, '../schemas/recipe.schema.json');
    }
  });

  it('a bad recipe names the bad field', () => {
    assert.throws(() => validateRecipe({ name: 'x', stages: [{ stage: 'a', type: 'nope' }] }), /stages\[0\]\.type must be one of/);
    assert.throws(() => validateRecipe({ name: 'x', stages: [{ stage: 'a', type: 'difficulty' }] }), /stages\[0\]\.dropIfAny/);
    assert.throws(() => validateRecipe({ name: 'x', stages: [{ stage: 'a', type: 'longest' }, { stage: 'b', type: 'length' }] }), /comes last/);
  });

  it('the seeded PRNG is deterministic and 2^(-rank) favours the longest', () => {
    const a = seededRng(42), b = seededRng(42);
    assert.deepEqual([a(), a(), a()], [b(), b(), b()]);
    const rng = seededRng(42);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[geometricIndex(rng, 4)]++;
    assert.ok(counts[0] > counts[1] && counts[1] > counts[2] && counts[2] > counts[3]);
  });
});
