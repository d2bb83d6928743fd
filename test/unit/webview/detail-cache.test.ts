// The detail cache j reads: a sample fetched ahead is the one shown, and a changed copy replaces it.
import assert from 'node:assert/strict';
import type { ReviewSampleDetail } from '../../../src/shared/protocol';
import { DetailCache } from '../../../webview/detail-cache';

const sample = (id: number, status: ReviewSampleDetail['status'] = 'unreviewed') => ({ id, status, traces: [] } as unknown as ReviewSampleDetail);

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

describe('detail cache prefetch', () => {
  it('warms the next two samples first and "soon", even when they were fetched keys before; the others once, later', async () => {
    const warmed: [number, boolean][] = [];
    const cache = new DetailCache(async (id) => sample(id), (d, soon) => warmed.push([d.id, soon]));
    const settle = () => new Promise((r) => setTimeout(r, 0));
    // Reading sample 1: 2 is next, then 3, 4 further on, 0 behind.
    cache.prefetch([2, 3, 4, 0]);
    await settle();
    assert.deepEqual(warmed, [[2, true], [3, true], [4, false], [0, false]]);
    // j: reading 2, now 3 is next and 4 after it. Both were fetched already: they are warmed again, soon; 5 is new.
    warmed.length = 0;
    cache.prefetch([3, 4, 5, 1]);
    await settle();
    assert.deepEqual(warmed, [[3, true], [4, true], [5, false], [1, false]]);
    // Only the next one soon, when asked so.
    warmed.length = 0;
    cache.prefetch([4, 5, 6, 2], 1);
    await settle();
    assert.deepEqual(warmed, [[4, true], [6, false]]);
  });
});

describe('detail cache refresh (another process wrote)', () => {
  it('keeps each copy until its fresh one is here, then gives the fresh one and tells which changed', async () => {
    let version = 1;
    const answers: ((d: ReviewSampleDetail | null) => void)[] = [];
    const cache = new DetailCache((id) => (version === 1 ? Promise.resolve(sample(id)) : new Promise((r) => answers.push(r))), () => undefined);
    for (const id of [1, 2]) await cache.get(id);
    version = 2;
    const changed: number[] = [];
    cache.refresh((d) => changed.push(d.id));
    assert.equal(cache.peek(1)?.status, 'unreviewed', 'the copy is still there while its fresh one is on its way');
    assert.ok(cache.has(2));
    answers[0](sample(1, 'accepted'));
    answers[1](sample(2));
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(cache.peek(1)?.status, 'accepted', 'the fresh copy replaced it');
    assert.equal((await cache.get(1))?.status, 'accepted');
    assert.deepEqual(changed, [1], 'only the sample that changed is told');
  });
});
