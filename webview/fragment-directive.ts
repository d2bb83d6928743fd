// A Lit directive that puts ready-made nodes in the page as one fragment, and leaves them there while its input is
// the same value. Lit's own ways of showing markup cost a template parse and clone per update (unsafeHTML) or two
// comment markers and a clone per piece: for the panel's rendered text and the list's snippets, that doubled the DOM
// work of a key's or a search's task.
import { noChange } from 'lit';
import { Directive, directive, PartType, type ChildPart, type PartInfo } from 'lit/directive.js';

/**
 * A directive for child content built by `toNodes` from one input; `toText` is its text where Lit renders without a
 * page. The nodes are built again only when the input changes (compared with `===`).
 */
export function fragmentDirective<T>(name: string, toNodes: (input: T, doc: Document) => Node, toText: (input: T) => string) {
  class FragmentNodes extends Directive {
    private last: { input: T } | undefined;

    constructor(info: PartInfo) {
      super(info);
      if (info.type !== PartType.CHILD) throw new Error(`${name} renders child content only`);
    }

    render(input: T): string {
      return toText(input);
    }

    override update(part: ChildPart, [input]: [T]): unknown {
      // The same input again (a label toggled, the list redrawn): the nodes in the page stay, marks and all.
      if (this.last && this.last.input === input) return noChange;
      this.last = { input };
      return toNodes(input, (part.parentNode as Node | null)?.ownerDocument ?? document);
    }
  }
  return directive(FragmentNodes);
}
