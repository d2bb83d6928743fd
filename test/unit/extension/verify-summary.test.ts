// Verify Traces…' pure part: what a tree node or a caller asks to verify, the task's argument array, and the
// message at the end (the verdicts, why traces could not be verified, and a missing sandbox said first).
import assert from 'node:assert/strict';
import { verifyArgsOf, verifyMessage, verifyTaskArgs } from '../../../src/extension/verifySummary';
import type { VerdictSummary } from '../../../src/shared/protocol';

const SANDBOX = 'bubblewrap (bwrap) is not on PATH, so no code is run (it is never run unsandboxed): install it (Debian/Ubuntu: apt-get install bubblewrap)';
const summary = (s: Partial<VerdictSummary>): VerdictSummary => ({ scope: 'run A', traces: 4, verified: 2, failed: 1, errors: 1, unverified: 0, errorReasons: [], ...s });

describe('Verify Traces (pure part)', () => {
  it('takes its scope from a generation run, a selection or a data set node (a node also names its data set)', () => {
    assert.deepEqual(verifyArgsOf({ kind: 'generation', dataset: { name: 'd' }, run: 'gen-a' } as never), { run: 'gen-a' });
    assert.deepEqual(verifyArgsOf({ kind: 'selection', dataset: { name: 'd' }, selection: 's@2' } as never), { selection: 's@2' });
    assert.deepEqual(verifyArgsOf({ kind: 'listedSelection', selection: 'mix@1' }), { selection: 'mix@1' });
    assert.deepEqual(verifyArgsOf({ kind: 'dataset', dataset: { name: 'd' } }), { dataset: 'd' });
    assert.deepEqual(verifyArgsOf({ run: 'r', kind: 'math' }), { run: 'r', kind: 'math' });
    assert.deepEqual(verifyArgsOf(undefined), {});
  });

  it('passes the scope, the verifier and the limits as an argument array', () => {
    assert.deepEqual(verifyTaskArgs({ scope: { selection: 'qs@1' }, kind: 'code', cpuSeconds: 2, memoryMb: 256, concurrency: 3, force: true }),
      ['--selection', 'qs@1', '--kind', 'code', '--concurrency', '3', '--cpu-seconds', '2', '--memory-mb', '256', '--force']);
    assert.deepEqual(verifyTaskArgs({ scope: { run: 'gen; rm -rf /' }, kind: 'auto' }), ['--run', 'gen; rm -rf /', '--kind', 'auto']);
    assert.deepEqual(verifyTaskArgs({ scope: { dataset: 'd' }, kind: 'math' }), ['--dataset', 'd', '--kind', 'math']);
  });

  it('says how many verified, failed and could not be verified, and why', () => {
    assert.deepEqual(verifyMessage(summary({ errors: 0, failed: 2 })), { text: 'run A: 2 verified, 2 failed, 0 could not be verified (of 4 traces).', warn: false });
    const m = verifyMessage(summary({ unverified: 1, verified: 1, errorReasons: [{ reason: 'the sample has no gold answer', traces: 1 }] }));
    assert.equal(m.text, 'run A: 1 verified, 1 failed, 1 could not be verified (of 4 traces; 1 not verified). Commonest reason it could not: the sample has no gold answer (1).');
    assert.equal(m.warn, false);
  });

  it('says that code was not run where bubblewrap is missing, as a warning', () => {
    const m = verifyMessage(summary({ errors: 3, verified: 1, failed: 0, errorReasons: [{ reason: 'the sample has no tests', traces: 2 }, { reason: SANDBOX, traces: 1 }] }));
    assert.equal(m.warn, true);
    assert.equal(m.text, `run A: 1 verified, 0 failed, 3 could not be verified (of 4 traces). Code was not run on 1 trace: ${SANDBOX}.`);
  });
});
