// Which words get marked: search terms and the text that detector evidence quotes.
// (The DOM walk itself runs in Chromium: test/e2e/review.e2e.mjs.)
import assert from 'node:assert/strict';
import { evidenceTerms, marksFor, searchTerms } from '../../../webview/highlight';

describe('highlight terms', () => {
  it('takes quoted text from detector evidence, not ids or numbers', () => {
    assert.deepEqual(evidenceTerms({ ngram: 'relatively prime positive integers find the sum of', eval_item: { source: 'AIME24', id: 3 }, coverage: 0.9 }),
      ['relatively prime positive integers find the sum of']);
    assert.deepEqual(evidenceTerms({ detail: { span: '+---+---+' }, line: 4 }), ['+---+---+']);
    assert.deepEqual(evidenceTerms(null), []);
  });
  it('splits a search into words, ignoring operators and one-letter words', () => {
    assert.deepEqual(searchTerms('"prime" AND x^2 divisors*'), ['prime', 'AND', 'divisors']);
  });
  it('marks a sample\'s text again when the search or its evidence changes, not otherwise', () => {
    const evidence = [{ ngram: 'sum of the roots' }, null];
    const m = marksFor(7, 'roots AND x', evidence);
    assert.deepEqual([m.hits, m.evidence], [['roots', 'AND'], ['sum of the roots']]);
    assert.equal(marksFor(7, 'roots AND x', evidence).key, m.key);
    assert.notEqual(marksFor(7, 'sum', evidence).key, m.key);
    assert.notEqual(marksFor(8, 'roots AND x', evidence).key, m.key, 'another sample');
    assert.notEqual(marksFor(7, 'roots AND x', []).key, m.key, 'evidence gone');
  });
});
