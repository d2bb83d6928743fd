// Which words get marked: search terms and the text that detector evidence quotes.
// (The DOM walk itself runs in Chromium: test/e2e/review.e2e.mjs.) And the nodes of a list row's search snippet.
import assert from 'node:assert/strict';
import { evidenceTerms, marksFor, searchTerms, snippetFragment, type NodeMaker } from '../../../webview/highlight';

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

/** A stand-in for the page's document: the three node makers a snippet uses, nodes as plain objects. */
type FakeNode = { kind: 'fragment' | 'text' | 'element'; tag?: string; className?: string; text?: string; children: FakeNode[]; append(...n: FakeNode[]): void };
function fakeDocument() {
  const node = (kind: FakeNode['kind'], extra: Partial<FakeNode> = {}): FakeNode => {
    const n: FakeNode = { kind, children: [], ...extra, append: (...c: FakeNode[]) => { n.children.push(...c); } };
    return n;
  };
  return {
    createDocumentFragment: () => node('fragment'),
    createTextNode: (text: string) => node('text', { text }),
    createElement: (tag: string) => node('element', { tag }),
  } as unknown as NodeMaker;
}
const shape = (n: FakeNode): unknown => (n.kind === 'text' ? n.text : { [`${n.tag ?? 'fragment'}${n.className ? `.${n.className}` : ''}`]: n.children.map(shape) });

describe('search snippet nodes', () => {
  it('marks the matched words and keeps every other piece, markup included, as one text node', () => {
    const frag = snippetFragment(fakeDocument(), [
      { text: '<img src=x onerror=alert(1)> the ' }, { text: 'hexagon', hit: true }, { text: ' is\n\n  <b>split</b> in ' }, { text: 'hexagons', hit: true },
    ]) as unknown as FakeNode;
    assert.deepEqual(shape(frag), { fragment: ['<img src=x onerror=alert(1)> the ', { 'mark.hit': ['hexagon'] }, ' is <b>split</b> in ', { 'mark.hit': ['hexagons'] }] });
  });
  it('shows at most 400 characters of a piece, as the row did', () => {
    const frag = snippetFragment(fakeDocument(), [{ text: 'x'.repeat(1000) }, { text: 'prime', hit: true }]) as unknown as FakeNode;
    assert.equal(frag.children[0].text, 'x'.repeat(400));
    assert.deepEqual(shape(frag.children[1]), { 'mark.hit': ['prime'] });
  });
});
