// One trace of the shown sample: its grade, its thinking (rendered in slices while open) and its answer.
// The slices are this element's own cache; a new showing of a sample makes new trace elements.
// The answer is not on the first screen's path: its parts (answer-parts.ts) are inserted one per background slice
// once the sample's first screen is painted, so a key or a long sample's first render lays out only the top.
// Long thinking is rendered as it is read: the first slice at once, each next one when the person scrolls near
// the end of what is shown (its HTML made ahead on idle time), so a 100K-character trace costs one slice to open
// and the panel never lays out text nobody has scrolled to.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { htmlNodes } from './html-nodes';
import { parseAhead, takeParsed } from './parsed-ahead';
import type { ReviewSampleDetail } from '../src/shared/protocol';
import { answerParts } from './answer-parts';
import { checkBadge, gradeBadge, icon, truncatedBadge } from './badges';
import { emit } from './events';
import { markRendered, type Marks } from './highlight';
import { background } from './background';
import { moveInBudget } from './dom-budget';
import { renderMarkdown, warmMarkdown } from './markdown';
import { FLUSH, PAINT, Priority, type Job, type JobHandle } from './slices';
import { formatChars } from './review-model';
import { sliceEnd } from './thinking-slices';


/** How far below the pane's bottom the next slice is rendered (px): before the person gets there. */
const AHEAD_PX = 1_000;
/**
 * How far above the pane's top the end of the rendered thinking still asks for the next slice (px): a pane scrolled
 * straight past it (to a long answer below, or with End) must not leave the rest unrendered. An observer notices
 * only changes of intersection, and a sentinel that jumps from below the pane to above it never intersected.
 */
const PAST_PX = 10_000_000;
/**
 * Elements of the answer put in the page per frame (KaTeX makes ~10-20 a formula): each frame after the first screen
 * stays a few ms, so a key that arrives meanwhile is not held behind a whole answer's style, layout and paint.
 */
const ANSWER_ELEMENTS_PER_FRAME = 300;

export type Trace = ReviewSampleDetail['traces'][number];

/** A trace marked for comparison: its id and a name for it ("producer #id", with its sample when another). */
export interface CompareMark { id: number; label: string }

export class TraceView extends LitElement {
  static override properties = {
    trace: { attribute: false }, marks: { attribute: false }, compareMark: { attribute: false }, shown: { state: true }, answerShown: { state: true },
  };

  declare trace: Trace;
  /** The trace marked for comparison (of this or another sample), if any: its id and how to name it. */
  declare compareMark: CompareMark | null;
  /** Search hits and detector evidence to mark in the rendered text. */
  declare marks: Marks;
  /** Characters of thinking rendered and shown (0: closed). */
  declare shown: number;
  /** How many of the answer's parts are in the page (they follow the first paint, one per background slice). */
  declare answerShown: number;
  /** The answer's parts, for the answer they were cut from. */
  private answer: { text: string; parts: string[] } | undefined;
  /** The background job inserting the answer's parts, and whether it is queued for the next frame. */
  private answerJob: JobHandle | undefined;
  private answerQueued = false;
  /** The background job parsing the first slice of thinking ahead of its opening. */
  private firstSliceJob: JobHandle | undefined;
  /** Rendered thinking slices, kept while this showing lasts so reopening costs nothing. */
  private readonly slices: string[] = [];
  private renderedUpTo = 0;
  private open = false;
  /** Watches the end of the rendered thinking: near the bottom of the pane, the next slice is rendered. */
  private observer: IntersectionObserver | undefined;
  /** The background job making the next slice (its formulas a few per slice, then its insertion), and its priority. */
  private next: { job: JobHandle; from: number; priority: Priority } | undefined;

  constructor() {
    super();
    this.shown = 0;
    this.answerShown = 0;
    this.compareMark = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    this.observer = undefined;
    this.next?.job.cancel();
    this.next = undefined;
    this.answerJob?.cancel();
    this.answerJob = undefined;
    this.firstSliceJob?.cancel();
    this.firstSliceJob = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new copy of the same trace (a label toggled) keeps its answer in place when the text is the same.
    if (changed.has('trace') && this.answer?.text !== this.trace.answer) {
      this.answer = { text: this.trace.answer, parts: answerParts(this.trace.answer) };
      this.answerShown = 0;
      this.answerJob?.cancel();
      this.answerJob = undefined;
    }
  }

  /**
   * Inserts the answer's parts, each warmed a formula per step (cache hits when it was rendered ahead), then put in the
   * page at most ANSWER_ELEMENTS_PER_FRAME elements per frame (dom-budget.ts). The page ends with the same HTML as
   * one render of the parts: one part straight in the answer's box, several each in a `.slice` of its own.
   */
  private *answerSteps(): Job {
    const a = this.answer;
    const box = this.querySelector<HTMLElement>(':scope .answer');
    if (!a || !box) return;
    const stale = () => !this.isConnected || a !== this.answer;
    box.replaceChildren();
    // What a step puts in the page is held until the next frame's callback, before that frame's style and layout: the
    // same frame paints it as if it had gone in at once, but a key that arrives before that frame finds nothing new
    // in the page. (A keydown brings style and layout up to date before it is dispatched: the part's elements, up to
    // 300 or a whole formula, were styled and laid out in the key's own task, then replaced by the key's sample.)
    const held: [ParentNode, Node][] = [];
    const putInFrame = (): void => {
      const puts = held.splice(0);
      if (stale()) return;
      for (const [parent, node] of puts) parent.appendChild(node);
    };
    const append = (parent: ParentNode, node: Node): void => {
      if (!(parent as Node).isConnected) { parent.appendChild(node); return; } // not in the page yet: goes in with it
      if (!held.length) requestAnimationFrame(putInFrame);
      held.push([parent, node]);
    };
    /** Once a part starts below the screen, so do the rest. */
    let below = false;
    for (const [i, part] of a.parts.entries()) {
      yield* warmMarkdown(part);
      if (stale()) return;
      // (Read after the part before was painted, when the layout is clean: no layout is forced.)
      below ||= i > 0 && this.belowScreen(box);
      const nodes = takeParsed(renderMarkdown(part));
      let into: HTMLElement = box;
      if (a.parts.length > 1) {
        into = document.createElement('div');
        into.className = 'slice';
        if (below) box.append(into);
        else append(box, into);
      }
      if (below) {
        // A part that starts well below the pane is neither styled, laid out nor painted (content-visibility): whole.
        into.append(nodes);
        yield FLUSH;
        continue;
      }
      // Each step's elements go in at the next frame (append), and the job's next step runs after that frame is painted.
      for (const _ of moveInBudget(nodes, into, ANSWER_ELEMENTS_PER_FRAME, append)) {
        yield PAINT;
        if (stale()) return;
      }
      yield PAINT;
      if (stale()) return;
    }
    // Marked again once whole (an update while it was coming may have marked only its first nodes).
    for (const part of [box, ...box.querySelectorAll<HTMLElement>(':scope > .slice')]) delete part.dataset.marked;
    this.answerShown = a.parts.length;
    yield FLUSH;
    // Then, after the other work ahead, the first slice of thinking is parsed, so that opening it only inserts it.
    if (this.trace.thinking && !this.slices.length) this.firstSliceJob = background.add(this.parseFirstSlice(), Priority.Later);
  }

  /**
   * Whether the end of `box` lies more than a pane's height below the pane (the browser renders content-visibility:
   * auto content up to about half a pane below it).
   */
  private belowScreen(box: HTMLElement): boolean {
    const pane = this.closest<HTMLElement>('.pane');
    if (!pane) return false;
    const p = pane.getBoundingClientRect();
    return box.getBoundingClientRect().bottom > p.bottom + p.height;
  }

  private *parseFirstSlice(): Job {
    const thinking = this.trace.thinking;
    const first = thinking.slice(0, sliceEnd(thinking, 0));
    yield* warmMarkdown(first);
    if (this.isConnected && !this.slices.length && thinking === this.trace.thinking) parseAhead(renderMarkdown(first));
  }

  /**
   * Makes the next slice in background slices (a few formulas each) and inserts it; `Now` when the person has
   * reached the end of what is shown, `Later` when only near it. A job already on its way is only hurried.
   */
  private queueSlice(priority: Priority): void {
    const from = this.renderedUpTo;
    if (this.next && !this.next.job.done && this.next.from === from && this.next.priority <= priority) return;
    this.next?.job.cancel();
    this.next = { job: background.add(this.sliceSteps(from), priority), from, priority };
  }

  private *sliceSteps(from: number): Job {
    const thinking = this.trace.thinking;
    yield* warmMarkdown(thinking.slice(from, sliceEnd(thinking, from)));
    if (!this.open || !this.isConnected || this.renderedUpTo !== from) return;
    this.renderSlice();
    yield FLUSH;
  }

  /** Opening shows the first slice (or every slice made before) at once; the rest follows the scrolling. */
  private onToggle(open: boolean): void {
    this.open = open;
    if (!open) { this.shown = 0; return; }
    if (this.slices.length) this.shown = this.renderedUpTo;
    else this.renderSlice();
  }

  /**
   * Opening by a click (or Enter / Space on the summary) renders the first slice in the click's own task and opens the
   * details from that update: the slice is in the very next frame. Left to the toggle event (a task after the click,
   * once the details has opened empty), it came a frame later. Closing is the browser's own.
   */
  private onSummaryClick(e: MouseEvent): void {
    const details = (e.currentTarget as HTMLElement).parentElement as HTMLDetailsElement | null;
    if (!details || details.open) return;
    e.preventDefault();
    this.onToggle(true);
  }

  /** Renders the next slice of thinking (kept, so a reopening or a second pass costs nothing). */
  private renderSlice(): void {
    const thinking = this.trace.thinking;
    if (this.renderedUpTo >= thinking.length) return;
    const next = sliceEnd(thinking, this.renderedUpTo);
    this.slices.push(renderMarkdown(thinking.slice(this.renderedUpTo, next)));
    this.renderedUpTo = next;
    this.shown = next;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // The answer's parts come after the frame that paints the sample's first screen (first in the queue).
    if (this.answer && this.answerShown < this.answer.parts.length && !this.answerQueued && (!this.answerJob || this.answerJob.done)) {
      const a = this.answer;
      this.answerQueued = true;
      requestAnimationFrame(() => {
        this.answerQueued = false;
        if (this.isConnected && a === this.answer) this.answerJob = background.add(this.answerSteps(), Priority.Now);
      });
    }
    markRendered(this, this.marks);
    const more = this.querySelector<HTMLElement>(':scope .thinking > .more');
    if (!more) { this.observer?.disconnect(); return; }
    // The next slice's HTML is made on idle time, so that scrolling to it only adds it to the page.
    const thinking = this.trace.thinking;
    const from = this.renderedUpTo;
    background.add(warmMarkdown(thinking.slice(from, sliceEnd(thinking, from))), Priority.Later);
    // Observed afresh after each slice: the observer reports the sentinel's state on observe, so a slice that
    // leaves it still near the bottom is followed by the next one.
    this.observer?.disconnect();
    this.observer = new IntersectionObserver((entries) => {
      const e = entries[entries.length - 1];
      if (!e?.isIntersecting || !this.open || !this.isConnected) return;
      // On screen or scrolled past: first in the background queue. Only near it: after the other work ahead. Either
      // way in slices of a few ms, so that the slice just shown paints and takes input first (opening the
      // thinking must not cost two slices before anything else runs).
      // (rootBounds include the margins: the pane's own bottom is AHEAD_PX above theirs.)
      const reached = e.rootBounds ? e.boundingClientRect.top < e.rootBounds.bottom - AHEAD_PX : true;
      // Queued from the next frame: the slice just inserted is painted before the next one is laid out.
      requestAnimationFrame(() => { if (this.open && this.isConnected) this.queueSlice(reached ? Priority.Now : Priority.Later); });
    }, { root: this.closest('.pane'), rootMargin: `${PAST_PX}px 0px ${AHEAD_PX}px 0px` });
    this.observer.observe(more);
  }

  protected override render() {
    const t = this.trace;
    const shown = this.shown;
    const tokens = t.thinkingTokens ? `${t.thinkingTokens} tokens` : `${formatChars(t.thinking.length)} chars`;
    // The verdicts sit in the header, outside the rendered text (badges.ts says why).
    return html`<article class="trace" data-trace=${t.id}>
      <div class="trace-head">
        <h3>Trace · <bdi>${t.producer}</bdi></h3>
        ${gradeBadge(t.grade)} ${truncatedBadge(t.finishReason)} ${checkBadge(t.check)}
        ${this.renderCompare()}
      </div>
      <details class="thinking" ?open=${shown > 0} @toggle=${(e: Event) => this.onToggle((e.target as HTMLDetailsElement).open)}>
        <summary @click=${(e: MouseEvent) => this.onSummaryClick(e)}>Thinking · ${tokens}</summary>
        ${shown > 0 ? html`<div class="md">${this.slices.map((c) => html`<div class="slice">${htmlNodes(c)}</div>`)}</div>
          ${shown < t.thinking.length ? html`<p class="more">${Math.round((100 * shown) / t.thinking.length)}% shown: the rest renders as you scroll</p>` : nothing}` : nothing}
      </details>
      <h4>Answer</h4>
      ${this.renderAnswer()}
    </article>`;
  }

  /**
   * The answer's box, busy until every part is in (the tests and bench wait for the whole answer so). Its content is
   * put in by answerSteps, not by Lit: the template has no binding inside the box, so Lit never touches it.
   */
  private renderAnswer() {
    const busy = this.answerShown < (this.answer?.parts.length ?? 0);
    return html`<div class="md answer" aria-busy=${busy ? 'true' : nothing}></div>`;
  }

  /** Compare…: marks this trace; on another trace (of any sample) while one is marked, opens their diff. */
  private renderCompare() {
    const m = this.compareMark;
    const mine = m?.id === this.trace.id;
    const text = !m ? 'Compare…' : mine ? 'Marked: cancel' : `Diff with #${m.id}`;
    const title = !m ? 'Mark this trace, then choose Compare on another one (of this or any sample) to diff the two'
      : mine ? 'Unmark this trace' : `Diff ${m.label} with this trace`;
    return html`<button class="compare ${mine ? 'marked' : ''}" title=${title} aria-pressed=${mine}
      @click=${() => emit(this, 'trace-compare', { id: this.trace.id })}>${icon(mine ? 'pinned' : 'git-compare')}${text}</button>`;
  }
}

customElements.define('distillery-trace', TraceView);
