// Rendered text (markdown.ts's HTML) put in the page as parsed nodes. Lit's unsafeHTML parses the HTML into a template,
// walks it for bindings, then clones it and walks the clone: for a formula-heavy slice (2,700 elements) that doubled
// the DOM work of the key's or the click's task. Here the HTML is parsed once (or ahead: parsed-ahead.ts) and its
// nodes inserted.
import { noChange } from 'lit';
import { Directive, directive, PartType, type PartInfo } from 'lit/directive.js';
import { takeParsed } from './parsed-ahead';

class HtmlNodes extends Directive {
  private html: string | undefined;

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.CHILD) throw new Error('htmlNodes renders child content only');
  }

  render(html: string): string {
    return html;
  }

  override update(_part: unknown, [html]: [string]): unknown {
    // The same HTML again (a label toggled, a re-render): the nodes in the page stay, marks and all.
    if (html === this.html) return noChange;
    this.html = html;
    return takeParsed(html);
  }
}

/** Trusted rendered HTML (markdown.ts's output only) as child content. */
export const htmlNodes = directive(HtmlNodes);
