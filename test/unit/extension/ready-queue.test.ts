// The review panel's messages wait for the webview's `ready` (src/extension/readyQueue.ts).
import assert from 'node:assert/strict';
import { ReadyQueue } from '../../../src/extension/readyQueue';

describe('ReadyQueue', () => {
  it('holds what is posted before ready and sends it, in order, when the webview is ready', () => {
    const sent: string[] = [];
    const q = new ReadyQueue<string>((m) => sent.push(m));
    q.post('setFilter');
    q.post('dbChanged');
    assert.deepEqual(sent, [], 'nothing reaches a page that is still loading');
    q.markReady();
    assert.deepEqual(sent, ['setFilter', 'dbChanged']);
    q.post('command');
    assert.deepEqual(sent, ['setFilter', 'dbChanged', 'command'], 'once ready, messages go at once');
  });

  it('waits again after new HTML (a reload of the page)', () => {
    const sent: string[] = [];
    const q = new ReadyQueue<string>((m) => sent.push(m));
    q.markReady();
    q.reset();
    q.post('setFilter');
    assert.deepEqual(sent, []);
    assert.equal(q.ready, false);
    q.markReady();
    assert.deepEqual(sent, ['setFilter']);
  });
});
