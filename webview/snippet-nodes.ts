// A search hit's snippet in a list row, as nodes (highlight.ts's snippetFragment): a text node per piece, the matched
// words each in a <mark class="hit">. The pieces are untrusted text: they only ever become text nodes. A new search
// reuses the rows on screen (keyed by position); a row's new snippet is one fragment inserted.
import { fragmentDirective } from './fragment-directive';
import { snippetFragment, type SnippetParts } from './highlight';

/** A list row's snippet pieces as child content (see above). */
export const snippetNodes = fragmentDirective<SnippetParts>('snippetNodes', (parts, doc) => snippetFragment(doc, parts),
  (parts) => parts.map((p) => p.text).join(''));
