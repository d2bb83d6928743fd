// One trace of the shown sample: its grade, its thinking (rendered in slices while open) and its answer.
// The slices are this element's own cache; a new showing of a sample makes new trace elements.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { ReviewSampleDetail } from '../src/shared/protocol';
import { checkBadge, gradeBadge, icon, truncatedBadge } from './badges';
import { emit } from './events';
import { markRendered, type Marks } from './highlight';
import { renderMarkdown } from './markdown';
import { formatChars } from './review-model';

/** Thinking is rendered in slices: a small first one so the first screen appears at once, then larger ones. */
const FIRST_SLICE_CHARS = 2_000;
const SLICE_CHARS = 16_000;

export type Trace = ReviewSampleDetail['traces'][number];

/** A trace marked for comparison: its id and a name for it ("producer #id", with its sample when another). */
export interface CompareMark { id: number; label: string }

export class TraceView extends LitElement {
  static override properties = { trace: { attribute: false }, marks: { attribute: false }, compareMark: { attribute: false }, shown: { state: true } };

  declare trace: Trace;
  /** The trace marked for comparison (of this or another sample), if any: its id and how to name it. */
  declare compareMark: CompareMark | null;
  /** Search hits and detector evidence to mark in the rendered text. */
  declare marks: Marks;
  /** Characters of thinking rendered and shown (0: closed). */
  declare shown: number;
  /** Rendered thinking slices, kept while this showing lasts so reopening costs nothing. */
  private readonly slices: string[] = [];
  private renderedUpTo = 0;
  private open = false;

  constructor() {
    super();
    this.shown = 0;
    this.compareMark = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    markRendered(this, this.marks);
  }

  /**
   * Long thinking renders in slices on idle time, cut at paragraph breaks so math is rarely split; each slice
   * is rendered once and kept, so the whole trace costs one pass.
   */
  private onToggle(open: boolean): void {
    this.open = open;
    if (!open) { this.shown = 0; return; }
    const step = () => {
      const thinking = this.trace.thinking;
      // Closed (or no longer shown) meanwhile: stop here, a reopening goes on from the slices kept.
      if (!this.open || !this.isConnected || this.shown >= thinking.length) return;
      const cur = this.shown;
      let next = Math.min(thinking.length, cur + (cur === 0 ? FIRST_SLICE_CHARS : SLICE_CHARS));
      const para = thinking.indexOf('\n\n', next);
      if (next < thinking.length && para >= 0 && para - next <= SLICE_CHARS) next = para;
      this.slices.push(renderMarkdown(thinking.slice(cur, next)));
      this.renderedUpTo = next;
      this.shown = next;
      if (next < thinking.length) requestIdleCallback(step, { timeout: 200 });
    };
    // Rendered before: show what is there and go on from it.
    if (this.slices.length) this.shown = this.renderedUpTo;
    step();
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
        <summary>Thinking · ${tokens}</summary>
        ${shown > 0 ? html`<div class="md">${this.slices.map((c) => html`<div class="slice">${unsafeHTML(c)}</div>`)}</div>
          ${shown < t.thinking.length ? html`<p class="more">rendering… ${Math.round((100 * shown) / t.thinking.length)}%</p>` : nothing}` : nothing}
      </details>
      <h4>Answer</h4>
      <div class="md answer">${unsafeHTML(renderMarkdown(t.answer))}</div>
    </article>`;
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
