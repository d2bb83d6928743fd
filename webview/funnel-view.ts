// The curation funnel of the selection being shown: one line above the list (the selection, its count, the pool it
// came from and the stages between), which opens into one bar per stage, kept against the start. Open, the bars
// scroll in their own box of at most a third of the panel, so the sample list keeps most of the height.
import { LitElement, html, nothing } from 'lit';
import type { WebviewRequests } from '../src/shared/protocol';
import { emit } from './events';

export type Funnel = WebviewRequests['selections/get']['result'];

/** Whether the funnel is open: a person's choice, kept for every selection shown in this panel. */
let opened = false;

export class FunnelView extends LitElement {
  static override properties = { funnel: { attribute: false } };

  declare funnel: Funnel;

  constructor() {
    super();
    this.funnel = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private onToggle(e: Event): void {
    opened = (e.currentTarget as HTMLDetailsElement).open;
  }

  protected override render() {
    const f = this.funnel;
    if (!f) return nothing;
    const start = Math.max(1, ...f.funnel.map((r) => r.kept));
    const stages = f.funnel.length - 1;
    const from = f.funnel[0]?.kept;
    const samples = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'sample' : 'samples'}`;
    const line = html`<span class="funnel-name">Selection <b><bdi>${f.name}</bdi>@${f.version}</b> · ${samples(f.count)}</span>
      ${stages > 0 && from !== undefined
        ? html`<span class="funnel-summary">funnel: ${from.toLocaleString('en-US')} → ${f.count.toLocaleString('en-US')} through ${stages} ${stages === 1 ? 'stage' : 'stages'}</span>`
        : nothing}
      <button class="funnel-export" title="Export this selection for a trainer (s1, TRL messages, LLaMA-Factory ShareGPT, Stratos, Parquet)"
        @click=${(e: Event) => { e.preventDefault(); emit(this, 'export-selection', { selection: `${f.name}@${f.version}` }); }}><span class="codicon codicon-export" aria-hidden="true"></span> Export…</button>`;
    // A selection with no funnel recorded: its line alone, nothing to open.
    if (!f.funnel.length) return html`<section class="funnel" aria-label="Funnel"><div class="funnel-title">${line}</div></section>`;
    return html`<section class="funnel" aria-label="Funnel">
      <details class="funnel-details" ?open=${opened} @toggle=${(e: Event) => this.onToggle(e)}>
        <summary class="funnel-title" title="Show or hide the curation funnel: one bar per stage">
          <span class="codicon codicon-chevron-right funnel-chevron" aria-hidden="true"></span>${line}
        </summary>
        <div class="funnel-rows">${f.funnel.map((r) => html`<div class="funnel-row"><span class="stage"><bdi>${r.stage}</bdi></span>
          <span class="bar"><span style="width:${((100 * r.kept) / start).toFixed(1)}%"></span></span>
          <span class="num">${r.kept}</span><span class="num dropped">${r.dropped ? `−${r.dropped}` : ''}</span></div>`)}</div>
      </details>
    </section>`;
  }
}

customElements.define('distillery-funnel', FunnelView);
