// The word (or line) diff of two traces of the shown sample, above its question. Which two are compared is
// the app's state: a change of either side goes up (diff-change), as does "open in VS Code's diff editor".
// A pair's diff is computed once, in slices that give the UI thread back, and kept: re-renders reuse it. Its changes
// are <ins> and <del>: a screen reader says insertion and deletion, the eye gets underline and strike-through besides colour.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { guard } from 'lit/directives/guard.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { isolateText } from './bidi';
import { emit } from './events';
import { Lru } from './lru';
import { diffStats, diffTracesAsync, type TraceDiff } from './trace-diff';
import type { Trace } from './trace-view';

/** Diffs by pair of trace ids (a trace's text never changes), bounded by characters kept. */
const diffs = new Lru<TraceDiff>(20, 4_000_000, (d) => d.parts.reduce((n, p) => n + p.text.length, 0));

export class DiffView extends LitElement {
  static override properties = { traces: { attribute: false }, pick: { attribute: false }, result: { state: true } };

  declare traces: Trace[];
  /** The two trace ids compared. */
  declare pick: { left: number; right: number };
  /** The diff of the pair shown, once computed. */
  declare result: TraceDiff | null;
  private key = '';

  constructor() {
    super();
    this.result = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('pick') && !changed.has('traces')) return;
    const left = this.traces.find((t) => t.id === this.pick.left);
    const right = this.traces.find((t) => t.id === this.pick.right);
    const key = left && right ? `${left.id}|${right.id}` : '';
    if (key === this.key) return;
    this.key = key;
    this.result = key ? diffs.get(key) ?? null : null;
    if (!left || !right || this.result) return;
    void diffTracesAsync(`${left.thinking}\n\n${left.answer}`, `${right.thinking}\n\n${right.answer}`).then((d) => {
      diffs.set(key, d);
      if (this.key === key) this.result = d;
    });
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    const pick = this.pick;
    const left = this.traces.find((t) => t.id === pick.left);
    const right = this.traces.find((t) => t.id === pick.right);
    if (!left || !right) return nothing;
    const d = this.result;
    const options = (selected: number, side: 'left' | 'right') => html`<select aria-label=${side === 'left' ? 'Left trace' : 'Right trace'}
        @change=${(e: Event) => emit(this, 'diff-change', { ...pick, [side]: Number((e.target as HTMLSelectElement).value) })}>
      ${this.traces.map((t) => html`<option value=${t.id} ?selected=${t.id === selected}>${isolateText(t.producer)} #${t.id}</option>`)}</select>`;
    return html`<section class="diff" aria-label="Diff">
      <div class="diff-head">Diff${d ? ` (${d.granularity})` : ''}: ${options(pick.left, 'left')} → ${options(pick.right, 'right')}
        ${d ? this.renderStats(d) : html`<span class="more">comparing…</span>`}
        <vscode-button id="open-diff-editor" @click=${() => emit(this, 'open-diff', pick)}>Open in Diff Editor</vscode-button></div>
      ${d ? guard([d], () => html`<pre class="diff-body">${d.parts.map((p) => (p.kind === 'same' ? p.text : p.kind === 'added' ? html`<ins class="added">${p.text}</ins>` : html`<del class="removed">${p.text}</del>`))}</pre>`) : nothing}
    </section>`;
  }

  private renderStats(d: TraceDiff) {
    const { added, removed } = diffStats(d.parts);
    return html`<span class="removed">−${removed}</span> <span class="added">+${added}</span> characters`;
  }
}

customElements.define('distillery-trace-diff', DiffView);
