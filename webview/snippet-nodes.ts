// A search hit's snippet in a list row, as nodes (highlight.ts's snippetFragment): a text node per piece, the matched
// words each in a <mark class="hit">. The pieces are untrusted text: they only ever become text nodes. A new search
// reuses the rows on screen (keyed by position), and as Lit parts each piece cost two comment markers and a
// template clone (a <mark>) to take out and put back in; here a row's new snippet is one fragment inserted.
import { noChange } from 'lit';
import { Directive, directive, PartType, type ChildPart, type PartInfo } from 'lit/directive.js';
import { snippetFragment, type SnippetParts } from './highlight';

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
