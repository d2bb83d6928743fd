// Moving rendered HTML into the page a bounded number of elements per frame (dom-budget.ts): the page ends with the
// same tree as one append, no step moves more than the budget except one formula too big for it, and a formula is
// never split (half of one would show). A small stand-in for the DOM: the real one runs in test/e2e/review_speed.
import assert from 'node:assert/strict';
import { moveInBudget } from '../../../webview/dom-budget';

class FakeNode {
  parent: FakeEl | null = null;
  constructor(readonly nodeType: number, readonly text = '') {}
  remove(): void {
    if (!this.parent) return;
    this.parent.kids.splice(this.parent.kids.indexOf(this), 1);
    this.parent = null;
  }
}
class FakeEl extends FakeNode {
  kids: FakeNode[] = [];
  constructor(readonly tag: string, readonly cls = '') { super(1); }
  get firstChild(): FakeNode | null { return this.kids[0] ?? null; }
  appendChild(n: FakeNode): FakeNode { n.remove(); n.parent = this; this.kids.push(n); return n; }
  cloneNode(): FakeEl { return new FakeEl(this.tag, this.cls); }
  getElementsByTagName(): FakeEl[] { return this.kids.flatMap((k) => (k instanceof FakeEl ? [k, ...k.getElementsByTagName()] : [])); }
  matches(sel: string): boolean { return sel.split(/,\s*/).some((s) => (s.startsWith('.') ? this.cls.split(' ').includes(s.slice(1)) : s === this.tag)); }
  html(): string { return `<${this.tag}${this.cls ? ` class="${this.cls}"` : ''}>${this.kids.map((k) => (k instanceof FakeEl ? k.html() : k.text)).join('')}</${this.tag}>`; }
}
const el = (tag: string, cls: string, ...kids: (FakeNode | string)[]): FakeEl => {
  const e = new FakeEl(tag, cls);
  for (const k of kids) e.appendChild(typeof k === 'string' ? new FakeNode(3, k) : k);
  return e;
};
/** A formula of `n` elements. */
const formula = (n: number): FakeEl => el('span', 'katex', ...Array.from({ length: n - 1 }, () => el('span', 'mord', 'x')));
const count = (e: FakeEl): number => e.getElementsByTagName().length;

describe('moving HTML into the page in element budgets', () => {
  it('ends with the same tree, paragraph by paragraph and inside a long paragraph, never more than the budget a step', () => {
    const source = () => el('div', '', el('p', '', 'a ', formula(5), ' b'), el('p', '', ...Array.from({ length: 12 }, (_, i) => el('span', 'math-inline', formula(4), ` t${i}`))), el('p', '', 'end'));
    const want = source().html();
    const from = source();
    const to = el('div', '');
    const sizes: number[] = [];
    let before = 0;
    for (const _ of moveInBudget(from as unknown as ParentNode, to as unknown as ParentNode, 12)) {
      sizes.push(count(to) - before);
      before = count(to);
    }
    sizes.push(count(to) - before);
    assert.equal(to.html(), want, 'the same tree as one append');
    assert.equal(from.kids.length, 0, 'everything moved');
    assert.ok(sizes.length > 4, `several steps: ${sizes}`);
    assert.ok(sizes.every((n) => n <= 12), `at most the budget per step: ${sizes}`);
  });

  it('moves a formula bigger than the budget whole, in a step of its own', () => {
    const from = el('div', '', el('p', '', 'x ', formula(3), ' y ', formula(30), ' z'));
    const to = el('div', '');
    const steps: string[] = [];
    for (const _ of moveInBudget(from as unknown as ParentNode, to as unknown as ParentNode, 10)) steps.push(to.html());
    steps.push(to.html());
    assert.equal(steps.length, 2);
    assert.ok(!steps[0].includes('x</span>'.repeat(29)), 'the big formula is not in the first step');
    assert.equal(to.html(), el('div', '', el('p', '', 'x ', formula(3), ' y ', formula(30), ' z')).html());
    for (const s of steps) assert.doesNotMatch(s, /class="katex"><\/span>/, 'no formula shown empty');
  });

  it('puts every node through the append given, in order, so that the page\'s appends can be held until the next frame', () => {
    // trace-view.ts holds the appends into the page (here: into `to` and into a shell already in it) until the next
    // frame's callback, and makes the others (into a shell not in the page yet) at once: the same tree in the end.
    const source = () => el('div', '', el('p', '', 'a ', formula(5), ' b'), el('p', '', ...Array.from({ length: 12 }, (_, i) => el('span', 'math-inline', formula(4), ` t${i}`))), el('p', '', 'end'));
    const want = source().html();
    const from = source();
    const to = el('div', '');
    const live = new Set<unknown>([to]);
    const held: [FakeEl, FakeNode][] = [];
    const flush = () => { for (const [p, n] of held.splice(0)) { p.appendChild(n); if (n instanceof FakeEl) live.add(n); } };
    const append = (p: ParentNode, n: Node) => {
      if (live.has(p)) held.push([p as unknown as FakeEl, n as unknown as FakeNode]);
      else (p as unknown as FakeEl).appendChild(n as unknown as FakeNode);
    };
    const shown: number[] = [];
    for (const _ of moveInBudget(from as unknown as ParentNode, to as unknown as ParentNode, 12, append)) {
      shown.push(count(to));
      assert.equal(from.kids.length > 0, true, 'a step yields with nodes left');
      flush();
    }
    flush();
    assert.equal(to.html(), want, 'the same tree as one append');
    assert.ok(shown[0] === 0, 'nothing in the page before the first frame');
    assert.ok(shown.length > 4, `several steps: ${shown}`);
  });
});
