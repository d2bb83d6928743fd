// The spare pane (j swaps in the next sample laid out ahead) and the detail cache it reads: which sample a key
// may swap in, and when it must be rendered afresh instead.
import assert from 'node:assert/strict';
import type { ReviewSampleDetail } from '../../../src/shared/protocol';
import { DetailCache } from '../../../webview/detail-cache';
import { blockCount, SparePane } from '../../../webview/spare';

const sample = (id: number, status: ReviewSampleDetail['status'] = 'unreviewed') => ({ id, status, traces: [] } as unknown as ReviewSampleDetail);

describe('spare pane', () => {
  it('swaps in the sample it holds: the pane shown becomes the spare, holding the sample left', () => {
    const spare = new SparePane();
    const a = sample(1);
    const b = sample(2);
    assert.equal(spare.take(b, { detail: a, showing: 1 }), null, 'nothing laid out yet: rendered on the key');
    assert.ok(spare.wants(b));
    spare.fill(b, 2);
    assert.equal(spare.wants(b), false, 'filled once, not again');
    assert.deepEqual(spare.take(b, { detail: a, showing: 1 }), { detail: b, showing: 2 });
    assert.equal(spare.front, 1, 'the other pane element is shown');
    assert.deepEqual(spare.content, { detail: a, showing: 1 });
    // Back to the sample just left (k): it is shown afresh (its thinking closed), not swapped back as it was.
    assert.equal(spare.take(a, { detail: b, showing: 2 }), null);
    assert.ok(spare.wants(a), 'the sample left is refilled before a swap can show it');
  });

  it('never swaps in a sample that changed since it was laid out (a new copy in the cache) or another one', () => {
    const spare = new SparePane();
    const b = sample(2);
    spare.fill(b, 5);
    assert.equal(spare.take(sample(2, 'accepted'), { detail: sample(1), showing: 4 }), null, 'a changed copy of the same sample');
    assert.equal(spare.take(sample(3), { detail: sample(1), showing: 4 }), null, 'another sample');
    assert.equal(spare.take(null, { detail: sample(1), showing: 4 }), null);
    assert.equal(spare.front, 0, 'nothing swapped');
    assert.ok(spare.wants(sample(2, 'accepted')), 'the new copy is laid out in its place');
  });
});

describe('spare pane filled a block at a time', () => {
  it('swaps in only once every block is laid out; a key before that finishes the filling first', () => {
    const spare = new SparePane();
    const a = sample(1);
    const b = { ...sample(2), traces: [{ id: 20 }, { id: 21 }] } as unknown as ReviewSampleDetail;
    assert.equal(blockCount(b), 4, 'the head with the question, the gold answer and solution, two traces');
    spare.fill(b, 3, 1);
    assert.deepEqual(spare.content, { detail: b, showing: 3, blocks: 1 });
    assert.ok(spare.holds(b));
    assert.ok(spare.wants(b), 'not all of it yet');
    assert.equal(spare.take(b, { detail: a, showing: 2 }), null, 'half laid out: not swapped in');
    spare.fill(b, 3, 3);
    assert.equal(spare.take(b, { detail: a, showing: 2 }), null);
    spare.fill(b, 3, 4);
    assert.equal(spare.wants(b), false);
    assert.deepEqual(spare.take(b, { detail: a, showing: 2 }), { detail: b, showing: 3 }, 'shown whole (no block limit)');
    assert.equal(spare.holds(b), false);
  });
});

describe('detail cache peek', () => {
  it('gives a sample only once its answer is here, the same object the request gives, and forgets it with the entry', async () => {
    const answers = new Map<number, (d: ReviewSampleDetail | null) => void>();
    const cache = new DetailCache((id) => new Promise((resolve) => answers.set(id, resolve)), () => undefined, 2);
    const p = cache.get(7);
    assert.equal(cache.peek(7), undefined, 'on its way');
    const d = sample(7);
    answers.get(7)!(d);
    assert.equal(await p, d);
    assert.equal(cache.peek(7), d);
    const changed = sample(7, 'flagged');
    cache.put(changed);
    assert.equal(cache.peek(7), changed, 'the person\'s own change replaces the copy');
    cache.forget(7);
    assert.equal(cache.peek(7), undefined);
    // Evicted entries are forgotten too (at most 2 here).
    for (const id of [1, 2, 3]) { const q = cache.get(id); answers.get(id)!(sample(id)); await q; }
    assert.equal(cache.peek(1), undefined, 'the oldest was evicted');
    assert.equal(cache.peek(3)?.id, 3);
  });
});
