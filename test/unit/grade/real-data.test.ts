// The grader on the shared evaluation sets: every reference solution must grade as correct against its own
// gold answer, answers of other problems must not, and agreement with Math-Verify's cases stays above 97%.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gradeAnswer } from '../../../src/core/grade';
import { fixture, sample } from '../helpers';

const rows = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('grade: shared evaluation sets', function () {
  this.timeout(120_000);

  it('MATH500: each reference solution matches its gold answer; boxed and retyped answers too', () => {
    const wrong: string[] = [];
    for (const r of rows(sample('math500.jsonl'))) {
      for (const pred of [r.solution, `The final answer is $\\boxed{${r.answer}}$.`]) {
        const g = gradeAnswer(r.answer, pred);
        if (!g.equal) wrong.push(`${r.unique_id}: ${JSON.stringify(g)}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('MATH500: a different problem\'s answer is not accepted', () => {
    const m = rows(sample('math500.jsonl'));
    const wrong: string[] = [];
    m.forEach((r, i) => {
      for (const step of [1, 7, 250]) {
        const other = m[(i + step) % m.length].answer;
        // Different problems can share an answer value ("5" and "x=5").
        const bare = (s: string) => s.replace(/^[a-z]\s*=\s*/, '');
        if (bare(other) === bare(r.answer)) continue;
        const g = gradeAnswer(r.answer, `\\boxed{${other}}`);
        if (g.equal) wrong.push(`${r.answer} accepted ${other}`);
      }
    });
    assert.deepEqual(wrong, []);
  });

  it('AIME24: solutions grade correct as integers and as maths; the neighbour\'s answer does not', () => {
    const a = rows(sample('aime24.jsonl'));
    const wrong: string[] = [];
    a.forEach((r, i) => {
      if (!gradeAnswer(r.answer, r.solution, { kind: 'integer' }).equal) wrong.push(`${r.id} integer`);
      if (!gradeAnswer(r.answer, r.solution).equal) wrong.push(`${r.id} math`);
      const next = a[(i + 1) % a.length].answer;
      if (Number(next) !== Number(r.answer) && gradeAnswer(r.answer, `\\boxed{${next}}`, { kind: 'integer' }).equal) wrong.push(`${r.id} accepted ${next}`);
    });
    assert.deepEqual(wrong, []);
  });

  it('agrees with Math-Verify\'s own test cases at least 97% of the time', () => {
    const cases = rows(fixture('grade', 'answer-equivalence-cases.jsonl'));
    const disagree: number[] = [];
    cases.forEach((c, i) => {
      const kw = c.call_kwargs ?? {};
      const r = gradeAnswer(c.gold, c.pred, {
        precision: kw.precision ?? 6, strict: kw.strict ?? true, allowSetRelation: kw.allow_set_relation_comp ?? false,
      });
      if (r.equal !== c.expected) disagree.push(i);
    });
    const agreement = 1 - disagree.length / cases.length;
    assert.ok(agreement >= 0.97, `agreement ${agreement.toFixed(3)}; disagreements at ${disagree.join(', ')}`);
  });
});
