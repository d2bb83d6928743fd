// The panel's requests: each answered by its own id, errors as rejections, other messages passed on.
import assert from 'node:assert/strict';
import type { WebviewToHost } from '../../../src/shared/protocol';
import { Rpc } from '../../../webview/rpc';

describe('webview requests', () => {
  it('posts a request per call and resolves each with the response carrying its id', async () => {
    const sent: WebviewToHost[] = [];
    const rpc = new Rpc((m) => sent.push(m));
    const list = rpc.request('review/list', { filter: { dataset: 'd' }, limit: 10 });
    const detail = rpc.request('review/get', { id: 3 });
    assert.deepEqual(sent, [
      { type: 'request', id: 1, method: 'review/list', params: { filter: { dataset: 'd' }, limit: 10 } },
      { type: 'request', id: 2, method: 'review/get', params: { id: 3 } },
    ]);
    // Answers may come back in any order.
    assert.equal(rpc.handle({ type: 'response', id: 2, result: null }), true);
    assert.equal(rpc.handle({ type: 'response', id: 1, result: { total: 0, offset: 0, rows: [] } }), true);
    const [l, d] = await Promise.all([list, detail]);
    assert.equal(l.total, 0); // typed by method: ReviewListResult
    assert.equal(d, null);
  });

  it('rejects with the host\'s message and leaves other messages to the panel', async () => {
    const rpc = new Rpc(() => {});
    const p = rpc.request('review/setStatus', { id: 1, status: 'accepted' });
    assert.equal(rpc.handle({ type: 'dbChanged', reason: 'import' }), false);
    assert.equal(rpc.handle({ type: 'response', id: 99, result: 1 }), true, 'an unknown id is still a response');
    rpc.handle({ type: 'response', id: 1, error: 'reviewing writes to the workspace database: trust the workspace first' });
    await assert.rejects(p, /trust the workspace first/);
  });
});
