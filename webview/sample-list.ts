// The virtual sample list: only the rows on screen (plus overscan) are in the DOM. The app owns the rows
// (loaded by page) and the selected index; the list asks for missing rows and reports clicks.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
// Rows keyed by position: a scroll step moves the rows still on screen instead of rewriting each of them.
import { repeat } from 'lit/directives/repeat.js';
import type { ReviewListRow } from '../src/shared/protocol';
import { background } from './background';
import { statusBadge } from './badges';
import { emit } from './events';
import { inlineSource } from './markdown';
import { formatChars, visibleRange } from './review-model';
import { snippetNodes } from './snippet-nodes';
import { FLUSH, Priority } from './slices';

const ROW_HEIGHT = 44;
/** Rows rendered beyond the screen on each side, so that a scroll step finds them made. */
const OVERSCAN = 10;

export class SampleList extends LitElement {
  static override properties = {
    // The app fills its page cache in place: redraw whenever the app does.
    rows: { attribute: false, hasChanged: () => true },
    total: { attribute: false }, index: { attribute: false },
    scrollTop: { state: true },
  };

  /** Loaded rows by position; a hole is a row not fetched yet. */
  declare rows: readonly (ReviewListRow | undefined)[];
  declare total: number;
  declare index: number;
  declare scrollTop: number;
  private range = { from: 0, to: 0 };
  /** What the last render drew: the rows array and the rows in its range (the app fills the array in place). */
  private drawn: { rows: unknown; from: number; to: number; items: (ReviewListRow | undefined)[] } | null = null;
  /** The rows array last rendered: a new one (a new filter, a search) renders the rows on screen first. */
  private shownRows: unknown = null;
  /** The overscan rows of a new list are still to come (in a background slice after its first frame). */
  private overscanDue = false;
  /** The list's height, kept by a ResizeObserver: read on every key, and a read of clientHeight forces a layout. */
  private viewHeight = 0;
  private resize: ResizeObserver | undefined;

  constructor() {
    super();
    this.rows = [];
    this.total = 0;
    this.index = 0;
    this.scrollTop = 0;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private get box(): HTMLElement | null {
    return this.querySelector<HTMLElement>('.list');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
    this.resize = undefined;
  }

  /** The list box's height: the observed one, else read (once, before the first observation). */
  private height(): number {
    if (!this.viewHeight) this.viewHeight = this.box?.clientHeight ?? 0;
    return this.viewHeight || 800;
  }

  /**
   * Scrolls the least needed to show row `index`, from the scroll offset and height kept here: reading them from
   * the element after the sample changed would lay the new sample out there and then, inside the key's task.
   */
  reveal(index: number): void {
    const list = this.box;
    if (!list) return;
    const top = index * ROW_HEIGHT;
    const h = this.height();
    let to: number | null = null;
    if (top < this.scrollTop) to = top;
    else if (top + ROW_HEIGHT > this.scrollTop + h) to = top + ROW_HEIGHT - h;
    if (to === null) return;
    // Called before the new sample is rendered, so this write finds the layout clean (the scroll event follows).
    list.scrollTop = to;
    this.scrollTop = Math.max(0, to);
  }

  /** Rows that fit on screen: what PageUp / PageDown move. */
  get pageRows(): number {
    return Math.max(1, Math.floor(this.height() / ROW_HEIGHT) - 1);
  }

  protected override firstUpdated(): void {
    const box = this.box;
    if (!box) return;
    this.resize = new ResizeObserver((entries) => {
      const h = entries[entries.length - 1]?.contentRect.height;
      if (h && h !== this.viewHeight) { this.viewHeight = h; this.requestUpdate(); }
    });
    this.resize.observe(box);
  }

  /**
   * The app hands its rows down on each of its updates (a filter edited, the count, an error shown): the list redraws
   * only when a row it shows, or its count, selection, scroll or height, changed. A search's Enter then no longer
   * redraws the old rows in the key's task, ahead of the host relaying the request.
   */
  protected override shouldUpdate(changed: PropertyValues): boolean {
    const d = this.drawn;
    if (!d || changed.size !== 1 || !changed.has('rows') || this.rows !== d.rows) return true;
    for (let i = d.from; i < d.to; i++) if (this.rows[i] !== d.items[i - d.from]) return true;
    return false;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const { from, to } = this.range;
    for (let i = from; i < to; i++) {
      if (!this.rows[i]) { emit(this, 'rows-needed', { from, to }); return; }
    }
  }

  protected override render() {
    // A new list paints the rows on screen (a search's first page: its rows and snippets) in the frame that shows
    // it, and the rows above and below the screen right after: they are only there for the next scroll steps.
    const fresh = this.rows !== this.shownRows && this.rows.length > 0;
    if (fresh) this.shownRows = this.rows;
    if (fresh && !this.overscanDue) {
      this.overscanDue = true;
      // Background work (slices.ts): after the key's frame and its sample, never ahead of a key waiting.
      background.add((function* (list: SampleList) { list.overscanDue = false; list.requestUpdate(); yield FLUSH; })(this), Priority.Soon);
    }
    this.range = visibleRange(this.scrollTop, this.box ? this.height() : 800, ROW_HEIGHT, this.total, this.overscanDue ? 0 : OVERSCAN);
    const { from, to } = this.range;
    this.drawn = { rows: this.rows, from, to, items: this.rows.slice(from, to) };
    // Focusable, so that the list keys (arrows, Home/End, PageUp/PageDown) act on it after a click on a row. Only the rows
    // on screen are drawn: each says its place in the whole list (aria-posinset / aria-setsize), as a screen reader reads it.
    return html`<div class="list" role="listbox" aria-label="Samples" tabindex="0" aria-activedescendant=${this.rows[this.index] ? `sample-row-${this.index}` : nothing} @scroll=${{ handleEvent: (e: Event) => { this.scrollTop = (e.target as HTMLElement).scrollTop; }, passive: true }}>
      <div class="spacer" style="height:${this.total * ROW_HEIGHT}px">
        ${this.noneLoaded(from, to) ? this.placeholderBlock(from, to)
          : repeat(Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k), (i) => i, (i) => this.renderRow(i))}
      </div>
    </div>`;
  }

  private noneLoaded(from: number, to: number): boolean {
    if (to <= from) return false;
    for (let i = from; i < to; i++) if (this.rows[i]) return false;
    return true;
  }

  /**
   * Rows [from, to), none fetched yet (a fast scroll, a jump): the same placeholder rows at the same places, made once
   * inside one block that a scroll step only moves. A scroll of the 59K list passing ~200 rows a frame drew 37 new
   * placeholders each frame (made, styled, laid out, painted); now a frame changes the block's top.
   */
  private placeholderBlock(from: number, to: number) {
    const n = to - from;
    if (this.placeholders.length !== n) {
      this.placeholders = Array.from({ length: n }, (_, k) => html`<div class="row loading" style=${`top:${k * ROW_HEIGHT}px;height:${ROW_HEIGHT}px`}>…</div>`);
    }
    return html`<div class="row-block" style=${`top:${from * ROW_HEIGHT}px;height:${n * ROW_HEIGHT}px`}>${this.placeholders}</div>`;
  }

  private placeholders: unknown[] = [];

  private renderRow(i: number) {
    const r = this.rows[i];
    const style = `top:${i * ROW_HEIGHT}px;height:${ROW_HEIGHT}px`;
    if (!r) return html`<div class="row loading" style=${style}>…</div>`;
    return html`<div class="row ${i === this.index ? 'selected' : ''} status-${r.status}" id=${`sample-row-${i}`} style=${style} role="option" aria-selected=${i === this.index}
        aria-posinset=${i + 1} aria-setsize=${this.total}
        data-id=${r.id} @click=${() => { this.box?.focus({ preventScroll: true }); emit(this, 'sample-select', { index: i }); }}>
      <div class="row-top">${statusBadge(r.status)}<span class="meta"><bdi>${r.source ?? ''}</bdi>${r.domain ? html` · <bdi>${r.domain}</bdi>` : ''}</span><span class="len">${formatChars(r.traceChars)}</span></div>
      <div class="preview">${r.labels.map((l) => html`<span class="label"><bdi>${l}</bdi></span>`)} ${r.snippet ? snippet(r.snippet) : html`<bdi class="preview-text">${inlineSource(r.preview)}</bdi>`}</div>
    </div>`;
  }
}

/**
 * A search hit's snippet: the pieces are untrusted text, so each goes in as a text node and only the matched words
 * are wrapped, in <mark> elements made here (snippet-nodes.ts); nothing in the data becomes markup.
 */
function snippet(s: NonNullable<ReviewListRow['snippet']>) {
  return html`<bdi class="snippet" title=${s.from === 'question' ? 'match in the question' : 'match in a trace'}>${s.from === 'trace' ? html`<span class="snippet-from">trace:</span> ` : ''}${snippetNodes(s.parts)}</bdi>`;
}

customElements.define('distillery-sample-list', SampleList);
