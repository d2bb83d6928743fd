// The curation funnel of the selection being shown: one bar per stage, kept against the start.
import { LitElement, html, nothing } from 'lit';
import type { WebviewRequests } from '../src/shared/protocol';
import { emit } from './events';

export type Funnel = WebviewRequests['selections/get']['result'];

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

  protected override render() {
    const f = this.funnel;
    if (!f) return nothing;
    const start = Math.max(1, ...f.funnel.map((r) => r.kept));
    return html`<section class="funnel" aria-label="Funnel">
      <div class="funnel-title"><span>Selection <b><bdi>${f.name}</bdi>@${f.version}</b> · ${f.count} ${f.count === 1 ? 'sample' : 'samples'}</span>
        <button class="funnel-export" title="Export this selection for a trainer (s1, TRL messages, LLaMA-Factory ShareGPT, Stratos, Parquet)"
          @click=${() => emit(this, 'export-selection', { selection: `${f.name}@${f.version}` })}><span class="codicon codicon-export"></span> Export…</button></div>
      ${f.funnel.map((r) => html`<div class="funnel-row"><span class="stage"><bdi>${r.stage}</bdi></span>
        <span class="bar"><span style="width:${((100 * r.kept) / start).toFixed(1)}%"></span></span>
        <span class="num">${r.kept}</span><span class="num dropped">${r.dropped ? `−${r.dropped}` : ''}</span></div>`)}
    </section>`;
  }
}

customElements.define('distillery-funnel', FunnelView);
