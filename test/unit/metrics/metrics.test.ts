// Test-time scaling metrics on small cases computed by hand.
import assert from 'node:assert/strict';
import { accuracyWithError, metricsRows, metricsSummary, scalingSlope, type ResultPoint } from '../../../src/core/metrics';

const pt = (method: string, budget: number | null, grade: number, tokens: number, repeat = 0, benchmark = 'b'): ResultPoint =>
  ({ benchmark, method, budget, repeat, grade, thinking_tokens: tokens });

describe('metrics', () => {
  it('accuracy ± standard error: binomial for one pass, across repeats for several', () => {
    const one = accuracyWithError([1, 1, 1, 0].map((grade) => ({ repeat: 0, grade })));
    assert.equal(one.accuracy, 0.75);
    assert.ok(Math.abs(one.stderr - Math.sqrt(0.75 * 0.25 / 4)) < 1e-12);
    const three = accuracyWithError([{ repeat: 0, grade: 0 }, { repeat: 0, grade: 1 }, { repeat: 1, grade: 1 }, { repeat: 1, grade: 1 }]);
    // Accuracies 0.5 and 1.0: sd = sqrt(0.125) , stderr = sd / sqrt(2) = 0.25.
    assert.ok(Math.abs(three.stderr - 0.25) < 1e-12);
    assert.equal(three.accuracy, 0.75);
  });

  it('scaling is the mean slope over pairs with more tokens in the second', () => {
    // (100, .2) (200, .4) (400, .5): slopes .2/100, .3/300, .1/200 = .002, .001, .0005 -> mean .0035/3.
    assert.ok(Math.abs(scalingSlope([{ tokens: 100, accuracy: 0.2 }, { tokens: 200, accuracy: 0.4 }, { tokens: 400, accuracy: 0.5 }])! - 0.0035 / 3) < 1e-15);
    assert.equal(scalingSlope([{ tokens: 100, accuracy: 0.2 }, { tokens: 100, accuracy: 0.4 }]), null);
  });

  it('rows and summary: control within budget + 10, over_budget, budget error, scaling per 1k, max performance', () => {
    const points = [
      // truncation at 500: tokens 505 (within 510), 520 (over); accuracies 1, 0 -> 0.5, mean tokens 512.5
      pt('truncation', 500, 1, 505), pt('truncation', 500, 0, 520),
      // truncation at 1000: tokens 900, 1000; both right -> 1.0, mean 950
      pt('truncation', 1000, 1, 900), pt('truncation', 1000, 1, 1000),
      // budget forcing wait=2 unlimited: no budget, so no control points
      pt('budget-forcing/wait=2', null, 1, 3000),
      pt('class-conditional/short', null, 0, 200), pt('class-conditional/long', null, 1, 600),
    ];
    const rows = metricsRows(points);
    const t500 = rows.find((r) => r.method === 'truncation' && r.budget === 500)!;
    assert.deepEqual([t500.n, t500.accuracy, t500.mean_thinking_tokens, t500.within_budget, t500.wait], [2, 0.5, 512.5, 0.5, 0]);
    const bf = rows.find((r) => r.method === 'budget-forcing')!;
    assert.deepEqual([bf.wait, bf.budget, bf.word], [2, null, 'Wait']);
    const summary = metricsSummary(rows, points);
    const t = summary.find((s) => s.method === 'truncation')!;
    assert.equal(t.control, 0.75);
    assert.equal(t.over_budget, 0.25);
    // |512.5-500|/500 = 2.5%, |950-1000|/1000 = 5% -> 3.75%
    assert.ok(Math.abs(t.budget_error! - 3.75) < 1e-12);
    // One pair: (1.0 - 0.5) / (950 - 512.5)
    assert.ok(Math.abs(t.scaling! - 0.5 / 437.5) < 1e-15);
    assert.ok(Math.abs(t.scaling_per_1k! - 500 / 437.5) < 1e-12);
    assert.equal(t.max_performance, 1);
    const cc = summary.find((s) => s.method === 'class-conditional')!;
    assert.deepEqual([cc.control, cc.over_budget, cc.budget_error, cc.max_performance, cc.points], [0.5, 0.5, null, 1, 2]);
    assert.ok(Math.abs(cc.scaling! - 1 / 400) < 1e-15);
    assert.equal(summary.find((s) => s.method === 'budget-forcing')!.control, null);
  });
});
