// A search hit's snippet in a list row, as nodes made here: a text node per piece, the matched words each in a
// <mark class="hit">. The pieces are untrusted text: they only ever become text nodes, never markup. A new search
// reuses the rows on screen (keyed by position), and as Lit parts each piece cost two comment markers and a
// template clone (a <mark>) to take out and put back in; here a row's new snippet is one fragment inserted.
import { noChange } from 'lit';
import { Directive, directive, PartType, type ChildPart, type PartInfo } from 'lit/directive.js';
import type { ReviewListRow } from '../src/shared/protocol';
import { inlineSource } from './markdown';

export type SnippetParts = NonNullable<ReviewListRow['snippet']>['parts'];

/** Characters of one piece shown (the rest of a row is clipped anyway). */
const PIECE_CHARS = 400;

/** The snippet's nodes, made with `doc`: text as text, hits in <mark class="hit">. */
export function snippetFragment(doc: Document, parts: SnippetParts): DocumentFragment {
  const frag = doc.createDocumentFragment();
  for (const p of parts) {
    const text = inlineSource(p.text, PIECE_CHARS);
    if (!p.hit) { frag.append(doc.createTextNode(text)); continue; }
    const mark = doc.createElement('mark');
    mark.className = 'hit';
    mark.textContent = text;
    frag.append(mark);
  }
  return frag;
}

class SnippetNodes extends Directive {
  private parts: SnippetParts | undefined;

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.CHILD) throw new Error('snippetNodes renders child content only');
  }

  render(parts: SnippetParts): string {
    return parts.map((p) => p.text).join('');
  }

  override update(part: ChildPart, [parts]: [SnippetParts]): unknown {
    // The same snippet again (the app redrew the list): its nodes stay.
    if (parts === this.parts) return noChange;
    this.parts = parts;
    return snippetFragment((part.parentNode as Node).ownerDocument ?? document, parts);
  }
}

/** A list row's snippet pieces as child content (see above). */
export const snippetNodes = directive(SnippetNodes);
