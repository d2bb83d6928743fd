// Which words get marked: search terms and the text that detector evidence quotes.
// (The DOM walk itself runs in Chromium: test/e2e/review.e2e.mjs.)
import assert from 'node:assert/strict';
import { evidenceTerms, searchTerms } from '../../../webview/highlight';

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
});
