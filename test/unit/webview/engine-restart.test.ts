// The review panel after a new engine process (webview/engine-restart.ts): the filter it shows on the new database,
// and the words for a person's write that was not saved.
import assert from 'node:assert/strict';
import { filterAfterRestart, landed, notSavedMessage, unansweredWrite, writeOf } from '../../../webview/engine-restart';

describe('review panel after an engine restart', () => {
  it('keeps the filter while its data set is there; on a database without it, shows that database\'s first data set', () => {
    const filter = { dataset: 's1k', status: 'accepted' as const, search: 'prime' };
    assert.equal(filterAfterRestart(filter, [{ name: 'math500' }, { name: 's1k' }]), filter, 'the same data set: the same filter (object)');
    assert.deepEqual(filterAfterRestart(filter, [{ name: 'eval:aime24' }, { name: 'math500' }]), { dataset: 'eval:aime24' },
      'another database: its first data set, without the old filter\'s run, status or search');
    assert.deepEqual(filterAfterRestart(filter, []), {}, 'an empty database: nothing to filter on');
    const all = { selection: 'mix@2' };
    assert.equal(filterAfterRestart(all, [{ name: 'math500' }]), all, 'no data set in the filter (a mix, all data sets): kept');
  });

  it('names the write a key makes, and none for keys that write nothing', () => {
    assert.equal(writeOf({ kind: 'status', status: 'accepted' }, 12, 'unreviewed'), 'accept of sample 12');
    assert.equal(writeOf({ kind: 'status', status: 'rejected' }, 3, 'accepted'), 'reject of sample 3');
    assert.equal(writeOf({ kind: 'status', status: 'flagged' }, 3, 'flagged'), 'taking back the flagged status of sample 3');
    assert.equal(writeOf({ kind: 'label', label: 'ascii-art' }, 7, 'unreviewed'), 'label ascii-art on sample 7');
    assert.equal(writeOf({ kind: 'undo' }, 7, 'accepted'), 'undo');
    for (const a of [{ kind: 'move', delta: 1 }, { kind: 'diff' }, { kind: 'help' }, { kind: 'note' }] as const) assert.equal(writeOf(a, 7, 'unreviewed'), null, a.kind);
    assert.equal(writeOf({ kind: 'status', status: 'accepted' }, undefined, undefined), null, 'no sample shown: nothing written');
  });

  it('tells a write the old engine saved before it ended (its answer lost) from one it never made', () => {
    const ann = (label: string, origin = 'human') => ({ id: 1, traceId: null, label, origin, evidence: null, note: null, updatedAt: '' });
    const before = { id: 5, question: 'What is 2+2?', status: 'unreviewed' as const, annotations: [ann('ascii-art', 'detector')] };
    const accept = unansweredWrite({ kind: 'status', status: 'accepted' }, before)!;
    assert.equal(landed(accept, before), false, 'still unreviewed: not saved');
    assert.equal(landed(accept, { ...before, status: 'accepted' }), true, 'accepted when read again: saved after all (pressing a again would take it back)');
    assert.equal(landed(accept, { ...before, id: 6, status: 'accepted' }), false, 'another sample says nothing');
    assert.equal(landed(accept, { ...before, question: 'Another database\'s sample 5', status: 'accepted' }), false, 'the same id in another database says nothing');
    const takeBack = unansweredWrite({ kind: 'status', status: 'accepted' }, { ...before, status: 'accepted' })!;
    assert.equal(landed(takeBack, { ...before, status: 'unreviewed' }), true, 'a taken-back decision landed when the sample is unreviewed');
    // A label key toggles the person's label; a detector's label of the same name is not the person's.
    const label = unansweredWrite({ kind: 'label', label: 'ascii-art' }, before)!;
    assert.equal(landed(label, before), false);
    assert.equal(landed(label, { ...before, annotations: [...before.annotations, ann('ascii-art')] }), true);
    const unlabel = unansweredWrite({ kind: 'label', label: 'other' }, { ...before, annotations: [ann('other')] })!;
    assert.equal(landed(unlabel, before), true, 'the label removed');
    assert.equal(unansweredWrite({ kind: 'undo' }, before), null);
  });

  it('says what was not saved, why, and what to do', () => {
    assert.equal(notSavedMessage('accept of sample 12', 'the engine process stopped before it answered.'),
      'Not saved: accept of sample 12 (the engine process stopped before it answered). Press the key again.');
  });
});
