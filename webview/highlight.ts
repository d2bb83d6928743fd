// Marks search hits and detector evidence inside rendered text: text nodes only, never inside KaTeX
// (its layout is spans of glyphs), so a highlight cannot break a formula or inject markup. Also the list's
// search snippets: pieces of untrusted text made into text nodes, the matched words in marks.
import type { ReviewListRow } from '../src/shared/protocol';
import { inlineSource } from './markdown';

/** Evidence fields that quote the text they matched (an n-gram, an offending span). */
const QUOTING_KEYS = new Set(['ngram', 'shared_ngram', 'match', 'matched', 'span', 'text', 'snippet', 'excerpt']);

export function evidenceTerms(evidence: unknown, out: string[] = []): string[] {
  if (!evidence || typeof evidence !== 'object') return out;
  for (const [k, v] of Object.entries(evidence as Record<string, unknown>)) {
    if (typeof v === 'string' && QUOTING_KEYS.has(k) && v.trim().length >= 3 && v.length <= 400) out.push(v.trim());
    else if (v && typeof v === 'object') evidenceTerms(v, out);
  }
  return out;
}

export function searchTerms(search: string | undefined): string[] {
  return (search?.match(/[\p{L}\p{N}_]+/gu) ?? []).filter((w) => w.length >= 2);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Wraps every case-insensitive occurrence of the terms in `root`'s text in <mark class=…>. Returns the count. */
export function highlight(root: HTMLElement, terms: readonly string[], className: string): number {
  if (!terms.length) return 0;
  // Whitespace in an evidence n-gram matches any run of whitespace in the text (s1 collapses it too).
  const re = new RegExp(terms.map((t) => escapeRegExp(t).replace(/\s+/g, '\\s+')).join('|'), 'giu');
  // A root inside a formula or a mark is marked nowhere.
  if (root.closest('.katex, mark, code.evidence')) return 0;
  // Elements are visited too, so that a formula (hundreds of glyph nodes) or a mark is skipped whole.
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.nodeType !== Node.ELEMENT_NODE ? NodeFilter.FILTER_ACCEPT
      : (n as Element).matches('.katex, mark, code.evidence') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP),
  });
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  let count = 0;
  for (const node of nodes) {
    const text = node.data;
    re.lastIndex = 0;
    if (!re.test(text)) continue;
    re.lastIndex = 0;
    const frag = root.ownerDocument.createDocumentFragment();
    let last = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (!m[0]) { re.lastIndex++; continue; }
      frag.append(text.slice(last, m.index));
      const mark = root.ownerDocument.createElement('mark');
      mark.className = className;
      mark.textContent = m[0];
      frag.append(mark);
      last = m.index + m[0].length;
      count++;
    }
    frag.append(text.slice(last));
    node.replaceWith(frag);
  }
  return count;
}

/** What to mark in a sample's rendered text, and a key that changes whenever any of it does. */
export interface Marks { hits: string[]; evidence: string[]; key: string }

export function marksFor(sampleId: number, search: string | undefined, evidence: readonly unknown[]): Marks {
  const hits = searchTerms(search);
  const terms = evidence.flatMap((e) => evidenceTerms(e));
  return { hits, evidence: terms, key: `${sampleId}|${hits.join(' ')}|${terms.join('|')}` };
}

/** Marks every rendered block (.md, or each slice of sliced thinking) under `root` once per key. */
export function markRendered(root: HTMLElement, marks: Marks | undefined): void {
  // Nothing to mark (no search, no quoting evidence): no walk over every rendered block on each sample shown.
  if (!marks || (!marks.hits.length && !marks.evidence.length)) return;
  for (const md of root.querySelectorAll<HTMLElement>('.md')) {
    const parts = md.querySelector('.slice') ? [...md.querySelectorAll<HTMLElement>('.slice')] : [md];
    for (const part of parts) {
      if (part.dataset.marked === marks.key) continue;
      part.dataset.marked = marks.key;
      highlight(part, marks.hits, 'hit');
      highlight(part, marks.evidence, 'evidence');
    }
  }
}

export type SnippetParts = NonNullable<ReviewListRow['snippet']>['parts'];

/** Characters of one snippet piece shown (the rest of a row is clipped anyway). */
const PIECE_CHARS = 400;

/** The nodes `createDocumentFragment`, `createTextNode` and `createElement` make: all a snippet needs of a document. */
export type NodeMaker = Pick<Document, 'createDocumentFragment' | 'createTextNode' | 'createElement'>;

/**
 * A search snippet's nodes, made with `doc`: each piece a text node (whitespace collapsed, cut at 400 characters,
 * as the row shows it), each matched word in a <mark class="hit">. The text never becomes markup.
 */
export function snippetFragment(doc: NodeMaker, parts: SnippetParts): DocumentFragment {
  const frag = doc.createDocumentFragment();
  for (const p of parts) {
    const text = doc.createTextNode(inlineSource(p.text, PIECE_CHARS));
    if (!p.hit) { frag.append(text); continue; }
    const mark = doc.createElement('mark');
    mark.className = 'hit';
    mark.append(text);
    frag.append(mark);
  }
  return frag;
}
