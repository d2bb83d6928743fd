// The words at the end of an evaluation task, and untrusted names in quick picks.
import assert from 'node:assert/strict';
import { failedMessage, finishedMessage, REPLAY_NOTE } from '../../../src/extension/evalSummary';
import { hasBidiControls, safeLabel } from '../../../src/extension/bidi';
import type { RunMetrics } from '../../../src/shared/protocol';

const metrics = (over: Partial<RunMetrics> = {}): RunMetrics => ({
  run: 'host-eval', status: 'done', error: null, datasets: ['eval:math500'], replay: false,
  rows: [
    { benchmark: 'math500', method: 'truncation', budget: null, n: 3, accuracy: 2 / 3, stderr: 0.27, meanThinkingTokens: 900 },
    { benchmark: 'math500', method: 'truncation', budget: 100, n: 3, accuracy: 1 / 3, stderr: 0.27, meanThinkingTokens: 100 },
  ],
  ...over,
});

describe('evaluation notifications', () => {
  it('a finished run: accuracy per budget, budgets ascending, no limit last', () => {
    assert.equal(finishedMessage(metrics()), 'Distillery: run host-eval finished: accuracy math500, truncation: 33.3% at 100 tokens, 66.7% at no limit (3 answers each).');
  });

  it('a replay run says so in a whole sentence, never cut at "not a model\'s"', () => {
    const m = finishedMessage(metrics({ replay: true }));
    assert.ok(m.endsWith(REPLAY_NOTE));
    assert.match(REPLAY_NOTE, /^This was a replay run: .* not a model\.$/);
  });

  it('a failed run gives its recorded error, else points at the output', () => {
    assert.equal(failedMessage('r', 2, 'cannot reach the backend http://127.0.0.1:9/v1'), 'Distillery: run r failed (exit 2): cannot reach the backend http://127.0.0.1:9/v1');
    assert.equal(failedMessage('r', 2, null), 'Distillery: run r failed (exit 2). The task output says why.');
  });

  it('quick-pick labels lose bidi controls and are marked', () => {
    const evil = 'label\u202Eevil\u2066x\u2069\u200F';
    assert.ok(hasBidiControls(evil));
    assert.equal(safeLabel(evil), 'labelevilx \u26A0');
    assert.equal(safeLabel('plain'), 'plain');
  });
});
