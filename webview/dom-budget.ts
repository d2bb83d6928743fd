// Moves rendered HTML into the page a bounded number of elements at a time, so that no single frame styles, lays out
// and paints more than that: a key arriving meanwhile waits for one small frame, not for a whole answer (KaTeX makes
// ~10-20 elements per formula; in a panel trace one answer's frame styled 2,031 elements and took 112 ms).
// Whole subtrees move while they fit; a bigger block (a paragraph of many formulas, a list) is copied shallow and
// filled the same way, so the page ends with the same nodes as one append. A formula, a display block, code and
// tables move whole: they never show half built.

/** Elements never split across frames (a part of one would show, and lay out, as something else). */
const ATOMIC = '.katex, .math-display, .math-inline, .math-source, pre, table, mark, bdi, code';

/** Elements in `n`'s subtree, itself included (0 for text). */
function elements(n: Node): number {
  return n.nodeType === 1 /* an element */ ? 1 + (n as Element).getElementsByTagName('*').length : 0;
}

/** How a node is put into its new parent (trace-view.ts holds the page's own appends until the next frame). */
export type Append = (parent: ParentNode, node: Node) => void;

const appendNow: Append = (parent, node) => { parent.appendChild(node); };

/**
 * Moves every child of `from` into `to` (appended after `to`'s children), yielding after each `budget` elements moved:
 * the caller lets a frame paint at each yield. An atomic subtree larger than the budget moves alone in its own step.
 * Every move goes through `append`, in order (a shell is appended before its children).
 */
export function* moveInBudget(from: ParentNode, to: ParentNode, budget: number, append: Append = appendNow): Generator<void, void, undefined> {
  const left = { n: budget };
  yield* move(from, to, budget, left, append);
}

function* move(from: ParentNode, to: ParentNode, budget: number, left: { n: number }, append: Append): Generator<void, void, undefined> {
  for (let n = from.firstChild; n; n = from.firstChild) {
    const size = elements(n);
    if (size <= Math.max(left.n, 0)) {
      n.remove();
      append(to, n);
      left.n -= size;
      continue;
    }
    const el = n as Element;
    if (size > budget && !el.matches(ATOMIC)) {
      // Too big for any one step: its shell now, its children in as many steps as they need.
      const shell = el.cloneNode(false) as Element;
      append(to, shell);
      left.n -= 1;
      yield* move(el, shell, budget, left, append);
      el.remove();
      continue;
    }
    // It fits in a fresh step (or is atomic): a frame first, unless nothing was moved in this one yet.
    if (left.n < budget) {
      yield;
      left.n = budget;
    }
    n.remove();
    append(to, n);
    left.n -= size;
  }
}
