// The selected sample: status, label keys, annotations, the note being written, the diff, the question,
// gold answer and solution, then one <distillery-trace> per trace. Everything it shows comes from the app.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { repeat } from 'lit/directives/repeat.js';
import { htmlNodes } from './html-nodes';
import type { ReviewSampleDetail } from '../src/shared/protocol';
import { icon, statusBadge } from './badges';
import './diff-view'; // defines <distillery-trace-diff>
import { emit } from './events';
import { markRendered, marksFor, type Marks } from './highlight';
import { renderAnswer, renderMarkdown } from './markdown';
import './trace-view'; // defines <distillery-trace>
import type { CompareMark, Trace } from './trace-view';

export class SampleDetail extends LitElement {
  static override properties = {
    detail: { attribute: false }, showing: { attribute: false }, labels: { attribute: false }, search: { attribute: false },
    noting: { attribute: false }, diff: { attribute: false }, otherTrace: { attribute: false }, compareMark: { attribute: false },
    solutionOpen: { state: true },
  };

  declare detail: ReviewSampleDetail | null;
  /** Counts selections: a new showing (even of the same sample) starts with every trace's thinking closed. */
  declare showing: number;
  /** Labels in key order (keys 1-9 toggle the first nine). */
  declare labels: string[];
  /** The list's search, marked in the text. */
  declare search: string | undefined;
  /** The label a note is being written for. */
  declare noting: string | null;
  /** The two traces compared, when the diff is open. */
  declare diff: { left: number; right: number } | null;
  /** A trace of another sample that the diff compares with this sample's (Compare… across samples). */
  declare otherTrace: Trace | null;
  /** The trace marked for comparison, if any. */
  declare compareMark: CompareMark | null;
  /** The reference solution is rendered only while it is open (it is long and full of math); it stays open from sample to sample. */
  declare solutionOpen: boolean;
  private marks: Marks | undefined;

  constructor() {
    super();
    this.detail = null;
    this.showing = 0;
    this.labels = [];
    this.search = undefined;
    this.noting = null;
    this.diff = null;
    this.otherTrace = null;
    this.compareMark = null;
    this.solutionOpen = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** Complete once the traces inside have rendered too (the app times a selection until the sample is on screen). */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await Promise.all([...this.querySelectorAll<LitElement>('distillery-trace, distillery-trace-diff')].map((e) => e.updateComplete));
    return done;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('detail') || changed.has('search')) {
      const d = this.detail;
      this.marks = d ? marksFor(d.id, this.search, d.annotations.map((a) => a.evidence)) : undefined;
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // Search hits and detector evidence, marked in the text rendered for this sample and query (once shown).
    markRendered(this, this.marks);
  }

  private onNoteKey(e: KeyboardEvent): void {
    if (!this.noting || (e.key !== 'Escape' && e.key !== 'Enter')) return;
    emit(this, 'note-done', { label: this.noting, note: e.key === 'Enter' ? (e.target as HTMLInputElement).value.trim() : null });
  }

  protected override render() {
    const d = this.detail;
    // Focusable (by click only), so that arrows and Page keys scroll the sample being read instead of moving the list.
    return html`<section class="pane detail" tabindex="-1">${d ? this.renderSample(d) : html`<p class="empty">No sample selected.</p>`}</section>`;
  }

  private renderSample(d: ReviewSampleDetail) {
    const human = new Set(d.annotations.filter((a) => a.origin === 'human').map((a) => a.label));
    return html`
      <div class="sample-head">
        ${statusBadge(d.status, 'status-badge')}
        <span class="meta">#${d.id} · <bdi>${d.dataset}</bdi>${d.source ? html` · <bdi>${d.source}</bdi>` : nothing}${d.domain ? html` · <bdi>${d.domain}</bdi>` : nothing}</span>
      </div>
      <div class="labels" role="list" aria-label="Label keys">
        ${this.labels.slice(0, 9).map((l, i) => this.renderLabelKey(l, i, human.has(l)))}
      </div>
      ${d.annotations.length ? html`<ul class="annotations">${d.annotations.map((a) => this.renderAnnotation(a))}</ul>` : nothing}
      ${this.noting ? html`<div class="note-box"><label>Note on <b><bdi>${this.noting}</bdi></b>: <input id="note" type="text" placeholder="Enter to save, Escape to cancel"
          @keydown=${(e: KeyboardEvent) => this.onNoteKey(e)}></label></div>` : nothing}
      ${this.diff ? html`<distillery-trace-diff .traces=${this.otherTrace ? [...d.traces, this.otherTrace] : d.traces} .pick=${this.diff}></distillery-trace-diff>` : nothing}
      <h3>Question</h3>
      <div class="md question">${htmlNodes(renderMarkdown(d.question))}</div>
      ${d.answer ? html`<h3>Gold answer</h3><div class="md gold">${htmlNodes(renderAnswer(d.answer))}</div>` : nothing}
      ${d.solution ? this.renderSolution(d.solution) : nothing}
      ${keyed(this.showing, repeat(d.traces, (t) => t.id,
        (t) => html`<distillery-trace .trace=${t} .marks=${this.marks} .compareMark=${this.compareMark}></distillery-trace>`))}`;
  }

  /** Key i+1 and its label; one the person set says so with a check and in words, not by its colour alone (high contrast has none). */
  private renderLabelKey(label: string, i: number, on: boolean) {
    return html`<span class="label-key ${on ? 'on' : ''}" role="listitem" data-label=${label}>${on ? icon('check') : nothing}${i + 1} <bdi>${label}</bdi>${on
      ? html`<span class="sr-only">, set</span>` : nothing}</span>`;
  }

  /** The reference solution, open or closed. */
  private renderSolution(solution: string) {
    return html`<details class="solution" ?open=${this.solutionOpen} @toggle=${(e: Event) => { this.solutionOpen = (e.target as HTMLDetailsElement).open; }}>
        <summary>Solution</summary>${this.solutionOpen ? html`<div class="md">${htmlNodes(renderMarkdown(solution))}</div>` : nothing}</details>`;
  }

  private renderAnnotation(a: ReviewSampleDetail['annotations'][number]) {
    const ev = a.evidence as { stage?: string; reason?: string; selection?: string } | null;
    // A curation drop says where and why first; its detector evidence follows.
    const dropped = a.label === 'dropped' && ev?.stage
      ? html` at stage <b class="drop-stage"><bdi>${ev.stage}</bdi></b>${ev.reason ? html`: <bdi>${ev.reason}</bdi>` : nothing}${ev.selection ? html` <span class="origin">(<bdi>${ev.selection}</bdi>)</span>` : nothing}`
      : nothing;
    return html`<li class="annotation ${a.origin === 'human' ? 'human' : 'detector'} label-${a.label}">
      <b><bdi>${a.label}</bdi></b>${dropped} <span class="origin"><bdi>${a.origin}</bdi></span>${a.note ? html` — <i><bdi>${a.note}</bdi></i>` : nothing}
      ${a.evidence ? html`<code class="evidence">${JSON.stringify(a.evidence)}</code>` : nothing}</li>`;
  }
}

customElements.define('distillery-sample-detail', SampleDetail);
