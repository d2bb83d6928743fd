import assert from 'node:assert/strict';
import { splitResponse, detectStyle } from '../../../src/core/ingest/split-thinking';
import { parsePythonLiteral } from '../../../src/core/ingest/python-literal';

describe('splitResponse', () => {
  it('splits each delimiter style', () => {
    assert.deepEqual(splitResponse('<|im_start|>think\nhmm\n<|im_start|>answer\nAnswer: 4<|im_end|>'),
      { thinking: 'hmm', answer: 'Answer: 4', style: 's1', unterminated: false });
    assert.deepEqual(splitResponse('<think>a</think>b'), { thinking: 'a', answer: 'b', style: 'think-tags', unterminated: false });
    assert.equal(splitResponse('only closing</think> final').thinking, 'only closing');
    const sky = splitResponse('<|begin_of_thought|>x<|end_of_thought|>\n<|begin_of_solution|>y<|end_of_solution|>');
    assert.deepEqual([sky.thinking, sky.answer], ['x', 'y']);
  });

  it('marks a thinking part that never ends as unterminated, and plain text as all answer', () => {
    const t = splitResponse('<think>still going');
    assert.deepEqual([t.thinking, t.answer, t.unterminated], ['still going', '', true]);
    assert.deepEqual(splitResponse('just text'), { thinking: '', answer: 'just text', style: null, unterminated: false });
    assert.equal(detectStyle('plain'), null);
  });
});

describe('parsePythonLiteral', () => {
  it('reads the repr of a dict as the s1 pool stores metadata', () => {
    assert.deepEqual(parsePythonLiteral(`{'a': 'it\\'s', "b": [1, 2.5, -3e2, True, False, None], 'c': ('x',), 'd': {'e': 'line\\nbreak'}}`),
      { a: "it's", b: [1, 2.5, -300, true, false, null], c: ['x'], d: { e: 'line\nbreak' } });
  });
  it('fails on text that is not a literal', () => {
    assert.throws(() => parsePythonLiteral("{'a': foo}"), /unexpected/);
    assert.throws(() => parsePythonLiteral("{'a': 'open"), /unterminated string/);
  });
});
