// Rendered text (markdown.ts's HTML) put in the page as parsed nodes. Lit's unsafeHTML parses the HTML into a template,
// walks it for bindings, then clones it and walks the clone: for a formula-heavy slice (2,700 elements) that doubled
// the DOM work of the key's or the click's task. Here the HTML is parsed once (or ahead: parsed-ahead.ts) and its
// nodes inserted.
import { fragmentDirective } from './fragment-directive';
import { takeParsed } from './parsed-ahead';

/** Trusted rendered HTML (markdown.ts's output only) as child content. */
export const htmlNodes = fragmentDirective<string>('htmlNodes', (html) => takeParsed(html), (html) => html);
