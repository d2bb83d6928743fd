// The word (or line) diff of two traces of the shown sample, above its question. Which two are compared is
// the app's state: a change of either side goes up (diff-change), as does "open in VS Code's diff editor".
import { LitElement, html, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { emit } from './events';
import { diffStats, diffTraces } from './trace-diff';
import type { Trace } from './trace-view';

export class DiffView extends LitElement {
  static override properties = { traces: { attribute: false }, pick: { attribute: false } };

  declare traces: Trace[];
  /** The two trace ids compared. */
  declare pick: { left: number; right: number };

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    const pick = this.pick;
    const left = this.traces.find((t) => t.id === pick.left);
    const right = this.traces.find((t) => t.id === pick.right);
    if (!left || !right) return nothing;
    const { parts, granularity } = diffTraces(`${left.thinking}\n\n${left.answer}`, `${right.thinking}\n\n${right.answer}`);
    const { added, removed } = diffStats(parts);
    const options = (selected: number, side: 'left' | 'right') => html`<select aria-label=${side}
        @change=${(e: Event) => emit(this, 'diff-change', { ...pick, [side]: Number((e.target as HTMLSelectElement).value) })}>
      ${this.traces.map((t) => html`<option value=${t.id} ?selected=${t.id === selected}>${t.producer} #${t.id}</option>`)}</select>`;
    return html`<section class="diff" aria-label="Diff">
      <div class="diff-head">Diff (${granularity}): ${options(pick.left, 'left')} → ${options(pick.right, 'right')}
        <span class="removed">−${removed}</span> <span class="added">+${added}</span> characters
        <vscode-button id="open-diff-editor" @click=${() => emit(this, 'open-diff', pick)}>Open in Diff Editor</vscode-button></div>
      <pre class="diff-body">${parts.map((p) => (p.kind === 'same' ? p.text : html`<span class=${p.kind}>${p.text}</span>`))}</pre>
    </section>`;
  }
}

customElements.define('distillery-trace-diff', DiffView);
