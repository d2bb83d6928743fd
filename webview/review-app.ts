// The review panel: a virtual sample list on the left, the selected sample on the right. Keys arrive as
// VS Code commands (rebindable keybindings), so this element only acts on them.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
// The maintained VS Code-styled web components (the webview-ui-toolkit was archived in January 2025).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { EngineRequests, HostToWebview, ReviewFilter, ReviewListRow, ReviewSampleDetail, ReviewStatus, ReviewViewState, WebviewInitState } from '../src/shared/protocol';
import { renderMarkdown } from './markdown';
import { actionFor, formatChars, moveIndex, UndoStack, visibleRange, type Action } from './review-model';
import { Rpc, type VsCodeApi } from './rpc';
import { diffStats, diffTraces } from './trace-diff';
import { evidenceTerms, highlight, searchTerms } from './highlight';

const ROW_HEIGHT = 44;
const PAGE = 200;
/** Thinking is rendered in slices: a small first one so the first screen appears at once, then larger ones. */
const FIRST_SLICE_CHARS = 2_000;
const SLICE_CHARS = 16_000;

export class ReviewApp extends LitElement {
  static override properties = {
    total: { state: true }, index: { state: true }, detail: { state: true }, error: { state: true },
    showHelp: { state: true }, scrollTop: { state: true }, expanded: { state: true }, diff: { state: true }, noting: { state: true },
    naming: { state: true }, notice: { state: true }, runs: { state: true }, funnel: { state: true }, selections: { state: true },
    solutionOpen: { state: true },
  };

  declare total: number;
  declare index: number;
  declare detail: ReviewSampleDetail | null;
  declare error: string | null;
  declare showHelp: boolean;
  declare scrollTop: number;
  declare expanded: Record<number, number>;
  /** The two traces compared, when the diff is open. */
  declare diff: { left: number; right: number } | null;
  /** The label a note is being written for. */
  declare noting: string | null;
  /** The selection name field is open. */
  declare naming: boolean;
  declare notice: string | null;
  /** Evaluation runs, for the run filter. */
  declare runs: EngineRequests['runs/list']['result'];
  /** The reference solution is rendered only while it is open (it is long and full of math). */
  declare solutionOpen: boolean;
  /** Named selections (every version), for the selection filter. */
  declare selections: { name: string; version: number; count: number }[];
  /** The funnel of the selection being shown, if any. */
  declare funnel: EngineRequests['selections/get']['result'];

  private rows: (ReviewListRow | undefined)[] = [];
  /** Rendered thinking slices per trace id (kept while the sample is shown). */
  private rendered = new Map<number, string[]>();
  private renderedUpTo = new Map<number, number>();
  private loadingPages = new Set<number>();
  private filter: ReviewFilter = {};
  private labels: string[] = [];
  private readonly undo = new UndoStack();
  private rpc!: Rpc;
  private api!: VsCodeApi<ReviewViewState>;
  private init!: WebviewInitState;
  private selectSeq = 0;

  constructor() {
    super();
    this.total = 0;
    this.index = 0;
    this.detail = null;
    this.error = null;
    this.showHelp = false;
    this.scrollTop = 0;
    this.expanded = {};
    this.diff = null;
    this.noting = null;
    this.naming = false;
    this.notice = null;
    this.runs = [];
    this.funnel = null;
    this.selections = [];
    this.solutionOpen = false;
  }

  // Light DOM: KaTeX's stylesheet and VS Code's theme variables apply as in any page.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  start(api: VsCodeApi<ReviewViewState>, init: WebviewInitState): void {
    this.api = api;
    this.rpc = new Rpc((m) => api.postMessage(m));
    this.init = init;
    this.labels = init.labels;
    const saved = api.getState() ?? init.view;
    this.filter = { ...saved.filter };
    window.addEventListener('message', (e: MessageEvent<HostToWebview>) => this.onHost(e.data));
    document.addEventListener('focusin', (e) => this.reportFocus(e.target));
    document.addEventListener('focusout', () => this.reportFocus(null));
    window.addEventListener('focus', () => this.reportFocus(document.activeElement));
    window.addEventListener('blur', () => this.api.postMessage({ type: 'focus', panel: false, typing: false }));
    api.postMessage({ type: 'ready' });
    void this.loadRuns();
    void this.reload(saved.index, saved.selectedId);
  }

  private reportFocus(target: EventTarget | null): void {
    const t = target as HTMLElement | null;
    const typing = !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
    this.api.postMessage({ type: 'focus', panel: document.hasFocus(), typing });
  }

  private onHost(m: HostToWebview): void {
    if (this.rpc.handle(m)) return;
    if (m.type === 'command') {
      const a = actionFor(m.command, this.labels);
      if (a) void this.act(a);
    } else if (m.type === 'dbChanged') {
      void this.refreshAfterChange();
    } else if (m.type === 'setFilter') {
      this.filter = { ...m.filter };
      void this.reload(0, null);
    }
  }

  private saveState(): void {
    this.api.setState({ filter: this.filter, selectedId: this.detail?.id ?? null, index: this.index });
  }

  /** Reloads the list for the current filter and selects the row at `index` (or the sample `id` if still there). */
  private async reload(index: number, id: number | null): Promise<void> {
    this.rows = [];
    void this.loadFunnel();
    this.loadingPages.clear();
    try {
      const first = await this.loadPage(Math.floor(Math.max(0, index) / PAGE));
      this.total = first.total;
      const at = id !== null ? this.rows.findIndex((r) => r?.id === id) : -1;
      await this.select(at >= 0 ? at : moveIndex(index, 0, this.total));
      this.error = null;
    } catch (e) {
      this.error = String((e as Error).message ?? e);
    }
  }

  private async loadFunnel(): Promise<void> {
    this.funnel = this.filter.selection ? await this.rpc.request('selections/get', { name: this.filter.selection }).catch(() => null) : null;
  }

  private async loadRuns(): Promise<void> {
    this.runs = await this.rpc.request('runs/list', {}).catch(() => []);
    this.selections = await this.rpc.request('selections/list', {}).catch(() => []);
  }

  /** Another process wrote the database: new data sets, runs and counts, without moving the person. */
  private async refreshAfterChange(): Promise<void> {
    try {
      void this.loadRuns();
      this.init = { ...this.init, datasets: await this.rpc.request('datasets/list', {}) };
      this.rows = [];
      this.loadingPages.clear();
      await this.loadPage(Math.floor(this.index / PAGE));
    } catch (e) {
      this.error = String((e as Error).message ?? e);
    }
  }

  private async loadPage(page: number): Promise<{ total: number }> {
    this.loadingPages.add(page);
    const r = await this.rpc.request('review/list', { filter: this.filter, offset: page * PAGE, limit: PAGE });
    r.rows.forEach((row, i) => { this.rows[page * PAGE + i] = row; });
    this.total = r.total;
    this.requestUpdate();
    return r;
  }

  private ensureRows(from: number, to: number): void {
    for (let p = Math.floor(from / PAGE); p <= Math.floor(Math.max(from, to - 1) / PAGE); p++) {
      if (!this.loadingPages.has(p) && p * PAGE < this.total) void this.loadPage(p);
    }
  }

  private async select(index: number): Promise<void> {
    this.index = index;
    const seq = ++this.selectSeq;
    if (!this.total) { this.detail = null; this.saveState(); return; }
    if (!this.rows[index]) await this.loadPage(Math.floor(index / PAGE));
    const row = this.rows[index];
    if (!row) return;
    const t0 = performance.now();
    const detail = await this.rpc.request('review/get', { id: row.id });
    if (seq !== this.selectSeq) return; // a later selection won
    this.expanded = {};
    this.rendered.clear();
    this.renderedUpTo.clear();
    this.diff = null;
    this.noting = null;
    this.detail = detail;
    this.saveState();
    this.revealRow(index);
    await this.updateComplete;
    document.body.dataset.renderMs = String(Math.round(performance.now() - t0));
    document.body.dataset.selectedId = String(row.id);
  }

  private revealRow(index: number): void {
    const list = this.querySelector<HTMLElement>('.list');
    if (!list) return;
    const top = index * ROW_HEIGHT;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + ROW_HEIGHT > list.scrollTop + list.clientHeight) list.scrollTop = top + ROW_HEIGHT - list.clientHeight;
  }

  private async act(a: Action): Promise<void> {
    const d = this.detail;
    try {
      switch (a.kind) {
        case 'move': await this.select(moveIndex(this.index, a.delta, this.total)); return;
        case 'status': {
          if (!d) return;
          const status: ReviewStatus = d.status === a.status ? 'unreviewed' : a.status;
          const r = await this.rpc.request('review/setStatus', { id: d.id, status });
          this.undo.push({ kind: 'status', id: d.id, previous: r.previous });
          this.patchRow(d.id, { status });
          this.detail = { ...d, status };
          return;
        }
        case 'label': {
          if (!d) return;
          await this.rpc.request('review/toggleLabel', { sampleId: d.id, label: a.label });
          this.undo.push({ kind: 'label', id: d.id, label: a.label });
          await this.refreshDetail(d.id);
          return;
        }
        case 'undo': {
          const u = this.undo.pop();
          if (!u) return;
          if (u.kind === 'status') {
            await this.rpc.request('review/setStatus', { id: u.id, status: u.previous });
            this.patchRow(u.id, { status: u.previous });
          } else {
            await this.rpc.request('review/toggleLabel', { sampleId: u.id, label: u.label });
          }
          if (d?.id === u.id) await this.refreshDetail(u.id);
          return;
        }
        case 'focus-search': this.querySelector<HTMLInputElement>('#search')?.focus(); return;
        case 'note': {
          if (!d) return;
          // On the latest label a person set, else on 'other'.
          const human = d.annotations.filter((x) => x.origin === 'human');
          this.noting = human[human.length - 1]?.label ?? 'other';
          await this.updateComplete;
          this.querySelector<HTMLInputElement>('#note')?.focus();
          return;
        }
        case 'help': this.showHelp = !this.showHelp; return;
        case 'diff': {
          if (!d) return;
          if (this.diff) { this.diff = null; return; }
          if (d.traces.length < 2) { this.error = 'diff: this sample has one trace; open two samples\' traces in the diff editor from their trace headers'; return; }
          this.diff = { left: d.traces[0].id, right: d.traces[1].id };
          return;
        }
      }
    } catch (e) {
      this.error = String((e as Error).message ?? e);
    }
  }

  private patchRow(id: number, patch: Partial<ReviewListRow>): void {
    const i = this.rows.findIndex((r) => r?.id === id);
    if (i >= 0) this.rows[i] = { ...this.rows[i]!, ...patch };
    this.requestUpdate();
  }

  private async refreshDetail(id: number): Promise<void> {
    const detail = await this.rpc.request('review/get', { id });
    if (this.detail?.id === id && detail) {
      this.detail = detail;
      this.patchRow(id, { labels: [...new Set(detail.annotations.map((a) => a.label))] });
    }
  }

  private async saveSelection(e: KeyboardEvent): Promise<void> {
    if (e.key === 'Escape') { this.naming = false; return; }
    if (e.key !== 'Enter') return;
    const name = (e.target as HTMLInputElement).value.trim();
    this.naming = false;
    if (!name) return;
    try {
      const r = await this.rpc.request('review/saveSelection', { name, filter: this.filter });
      this.error = null;
      this.notice = `saved ${r.count} samples as ${r.name}@${r.version}`;
    } catch (err) {
      this.error = String((err as Error).message ?? err);
    }
  }

  private async saveNote(e: KeyboardEvent): Promise<void> {
    const d = this.detail;
    if (!d || !this.noting) return;
    if (e.key === 'Escape') { this.noting = null; return; }
    if (e.key !== 'Enter') return;
    const note = (e.target as HTMLInputElement).value.trim();
    const label = this.noting;
    this.noting = null;
    if (note) {
      await this.rpc.request('review/toggleLabel', { sampleId: d.id, label, note });
      await this.refreshDetail(d.id);
    }
  }

  private onSearch(e: Event): void {
    if ((e as KeyboardEvent).key !== 'Enter') return;
    const value = (e.target as HTMLInputElement).value.trim();
    this.filter = { ...this.filter, search: value || undefined };
    (e.target as HTMLInputElement).blur();
    void this.reload(0, null);
  }

  private onFilter(key: 'dataset' | 'status' | 'label' | 'grade' | 'origin' | 'run' | 'method' | 'selection' | 'minChars' | 'maxChars', value: string): void {
    const v = key === 'minChars' || key === 'maxChars' ? (value.trim() ? Number(value) * 1000 : undefined) : value || undefined;
    this.filter = { ...this.filter, [key]: v };
    void this.reload(0, null);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // Search hits and detector evidence, marked in the text rendered for this sample and query.
    const detail = this.querySelector<HTMLElement>('.detail');
    if (detail && this.detail) {
      const hits = searchTerms(this.filter.search);
      const evidence = this.detail.annotations.flatMap((a) => evidenceTerms(a.evidence));
      const key = `${this.detail.id}|${hits.join(' ')}|${evidence.join('|')}`;
      for (const md of detail.querySelectorAll<HTMLElement>('.md')) {
        const parts = md.querySelector('.slice') ? [...md.querySelectorAll<HTMLElement>('.slice')] : [md];
        for (const part of parts) {
          if (part.dataset.marked === key) continue;
          part.dataset.marked = key;
          highlight(part, hits, 'hit');
          highlight(part, evidence, 'evidence');
        }
      }
    }
    const list = this.querySelector<HTMLElement>('.list');
    if (list && !list.dataset.bound) {
      list.dataset.bound = '1';
      list.addEventListener('scroll', () => { this.scrollTop = list.scrollTop; }, { passive: true });
    }
  }

  protected override render() {
    const list = this.querySelector<HTMLElement>('.list');
    const { from, to } = visibleRange(this.scrollTop, list?.clientHeight ?? 800, ROW_HEIGHT, this.total);
    this.ensureRows(from, to);
    return html`
      <header class="bar">
        <select id="dataset" aria-label="Dataset" @change=${(e: Event) => this.onFilter('dataset', (e.target as HTMLSelectElement).value)}>
          ${this.init?.datasets.map((d) => html`<option value=${d.name} ?selected=${d.name === this.filter.dataset}>${d.name} (${d.samples})</option>`)}
        </select>
        <input id="search" type="search" placeholder="Search questions and traces (/)" .value=${this.filter.search ?? ''} @keydown=${(e: Event) => this.onSearch(e)}>
        <select id="status" aria-label="Status" @change=${(e: Event) => this.onFilter('status', (e.target as HTMLSelectElement).value)}>
          ${['', 'unreviewed', 'accepted', 'rejected', 'flagged'].map((s) => html`<option value=${s} ?selected=${s === (this.filter.status ?? '')}>${s || 'any status'}</option>`)}
        </select>
        <select id="label" aria-label="Label" @change=${(e: Event) => this.onFilter('label', (e.target as HTMLSelectElement).value)}>
          ${['', ...this.labels].map((l) => html`<option value=${l} ?selected=${l === (this.filter.label ?? '')}>${l || 'any label'}</option>`)}
        </select>
        <select id="origin" aria-label="Labelled by" @change=${(e: Event) => this.onFilter('origin', (e.target as HTMLSelectElement).value)}>
          ${[['', 'by anyone'], ['human', 'by a person'], ['detector', 'by a detector']].map(([v, t]) => html`<option value=${v} ?selected=${v === (this.filter.origin ?? '')}>${t}</option>`)}
        </select>
        ${this.selections.length ? html`<select id="selection" aria-label="Selection" @change=${(e: Event) => this.onFilter('selection', (e.target as HTMLSelectElement).value)}>
          ${[{ name: '', version: 0, count: 0 }, ...this.selections].map((x) => {
            const ref = x.name ? `${x.name}@${x.version}` : '';
            return html`<option value=${ref} ?selected=${ref === (this.filter.selection ?? '')}>${x.name ? `${ref} (${x.count})` : 'any selection'}</option>`;
          })}
        </select>` : nothing}
        ${this.runs.length ? html`<select id="run" aria-label="Evaluation run" @change=${(e: Event) => this.onFilter('run', (e.target as HTMLSelectElement).value)}>
          ${[{ name: '', results: 0 }, ...this.runs].map((r) => html`<option value=${r.name} ?selected=${r.name === (this.filter.run ?? '')}>${r.name ? `run ${r.name} (${r.results})` : 'any run'}</option>`)}
        </select>` : nothing}
        ${this.renderRunFilters()}
        <select id="grade" aria-label="Grade" @change=${(e: Event) => this.onFilter('grade', (e.target as HTMLSelectElement).value)}>
          ${[['', 'any grade'], ['correct', 'a correct trace'], ['wrong', 'a wrong trace']].map(([v, t]) => html`<option value=${v} ?selected=${v === (this.filter.grade ?? '')}>${t}</option>`)}
        </select>
        <input id="min-chars" class="num" type="number" min="0" placeholder="min k chars" aria-label="Minimum thinking length, thousands of characters"
          .value=${this.filter.minChars ? String(this.filter.minChars / 1000) : ''} @change=${(e: Event) => this.onFilter('minChars', (e.target as HTMLInputElement).value)}>
        <input id="max-chars" class="num" type="number" min="0" placeholder="max k chars" aria-label="Maximum thinking length, thousands of characters"
          .value=${this.filter.maxChars ? String(this.filter.maxChars / 1000) : ''} @change=${(e: Event) => this.onFilter('maxChars', (e.target as HTMLInputElement).value)}>
        <vscode-button id="save-selection" secondary title="Keep the samples this filter shows as a named selection" @click=${() => { this.naming = true; }}>Save as selection…</vscode-button>
        ${this.naming ? html`<input id="selection-name" type="text" placeholder="selection name, Enter to save" @keydown=${(e: KeyboardEvent) => void this.saveSelection(e)}>` : nothing}
        <span class="count" id="count">${this.total} sample${this.total === 1 ? "" : "s"}</span>
        ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : nothing}
        ${this.notice ? html`<span class="notice" role="status">${this.notice}</span>` : nothing}
      </header>
      ${this.funnel ? this.renderFunnel(this.funnel) : nothing}
      <main>
        <div class="list" role="listbox" aria-label="Samples">
          <div class="spacer" style="height:${this.total * ROW_HEIGHT}px">
            ${Array.from({ length: Math.max(0, to - from) }, (_, k) => this.renderRow(from + k))}
          </div>
        </div>
        <section class="detail">${this.detail ? this.renderDetail(this.detail) : html`<p class="empty">No sample selected.</p>`}</section>
      </main>
      ${this.showHelp ? this.renderHelp() : nothing}`;
  }

  /** Method and budget of the chosen run's results (each result is a trace of its question). */
  private renderRunFilters() {
    const run = this.runs.find((r) => r.name === this.filter.run);
    if (!run) return nothing;
    const setBudget = (v: string) => {
      this.filter = { ...this.filter, budget: v === '' ? undefined : v === 'inf' ? null : Number(v) };
      void this.reload(0, null);
    };
    const budget = this.filter.budget === undefined ? '' : this.filter.budget === null ? 'inf' : String(this.filter.budget);
    return html`<select id="method" aria-label="Method" @change=${(e: Event) => this.onFilter('method', (e.target as HTMLSelectElement).value)}>
        ${['', ...run.methods].map((m) => html`<option value=${m} ?selected=${m === (this.filter.method ?? '')}>${m || 'any method'}</option>`)}
      </select>
      <select id="budget" aria-label="Budget" @change=${(e: Event) => setBudget((e.target as HTMLSelectElement).value)}>
        ${['', ...run.budgets.map((b) => (b === null ? 'inf' : String(b)))].map((b) => html`<option value=${b} ?selected=${b === budget}>${b ? `budget ${b}` : 'any budget'}</option>`)}
      </select>`;
  }

  /** The curation funnel of the selection shown: one bar per stage, kept against the start. */
  private renderFunnel(f: NonNullable<EngineRequests['selections/get']['result']>) {
    const start = Math.max(1, ...f.funnel.map((r) => r.kept));
    return html`<section class="funnel" aria-label="Funnel">
      <div class="funnel-title">Selection <b>${f.name}@${f.version}</b> · ${f.count} samples</div>
      ${f.funnel.map((r) => html`<div class="funnel-row"><span class="stage">${r.stage}</span>
        <span class="bar"><span style="width:${((100 * r.kept) / start).toFixed(1)}%"></span></span>
        <span class="num">${r.kept}</span><span class="num dropped">${r.dropped ? `−${r.dropped}` : ''}</span></div>`)}
    </section>`;
  }

  private renderRow(i: number) {
    const r = this.rows[i];
    const style = `top:${i * ROW_HEIGHT}px;height:${ROW_HEIGHT}px`;
    if (!r) return html`<div class="row loading" style=${style}>…</div>`;
    return html`<div class="row ${i === this.index ? 'selected' : ''} status-${r.status}" style=${style} role="option" aria-selected=${i === this.index}
        data-id=${r.id} @click=${() => void this.select(i)}>
      <div class="row-top"><span class="badge ${r.status}">${r.status}</span><span class="meta">${r.source ?? ''}${r.domain ? ` · ${r.domain}` : ''}</span><span class="len">${formatChars(r.traceChars)}</span></div>
      <div class="preview">${r.labels.map((l) => html`<span class="label">${l}</span>`)} ${r.preview}</div>
    </div>`;
  }

  private renderDetail(d: ReviewSampleDetail) {
    const human = new Set(d.annotations.filter((a) => a.origin === 'human').map((a) => a.label));
    return html`
      <div class="sample-head">
        <span class="badge ${d.status}" id="status-badge">${d.status}</span>
        <span class="meta">#${d.id} · ${d.dataset}${d.source ? ` · ${d.source}` : ''}${d.domain ? ` · ${d.domain}` : ''}</span>
      </div>
      <div class="labels" aria-label="Labels">
        ${this.labels.slice(0, 9).map((l, i) => html`<span class="label-key ${human.has(l) ? 'on' : ''}" data-label=${l}>${i + 1} ${l}</span>`)}
      </div>
      ${d.annotations.length ? html`<ul class="annotations">${d.annotations.map((a) => this.renderAnnotation(a))}</ul>` : nothing}
      ${this.noting ? html`<div class="note-box"><label>Note on <b>${this.noting}</b>: <input id="note" type="text" placeholder="Enter to save, Escape to cancel"
          @keydown=${(e: KeyboardEvent) => void this.saveNote(e)}></label></div>` : nothing}
      ${this.diff ? this.renderDiff(d, this.diff) : nothing}
      <h3>Question</h3>
      <div class="md question">${unsafeHTML(renderMarkdown(d.question))}</div>
      ${d.answer ? html`<h3>Gold answer</h3><div class="md gold">${unsafeHTML(renderMarkdown(d.answer))}</div>` : nothing}
      ${d.solution ? html`<details class="solution" ?open=${this.solutionOpen} @toggle=${(e: Event) => { this.solutionOpen = (e.target as HTMLDetailsElement).open; }}>
        <summary>Solution</summary>${this.solutionOpen ? html`<div class="md">${unsafeHTML(renderMarkdown(d.solution))}</div>` : nothing}</details>` : nothing}
      ${d.traces.map((t) => this.renderTrace(t))}`;
  }

  private renderDiff(d: ReviewSampleDetail, pick: { left: number; right: number }) {
    const left = d.traces.find((t) => t.id === pick.left);
    const right = d.traces.find((t) => t.id === pick.right);
    if (!left || !right) return nothing;
    const { parts, granularity } = diffTraces(`${left.thinking}\n\n${left.answer}`, `${right.thinking}\n\n${right.answer}`);
    const { added, removed } = diffStats(parts);
    const options = (selected: number, side: 'left' | 'right') => html`<select aria-label=${side} @change=${(e: Event) => { this.diff = { ...pick, [side]: Number((e.target as HTMLSelectElement).value) }; }}>
      ${d.traces.map((t) => html`<option value=${t.id} ?selected=${t.id === selected}>${t.producer} #${t.id}</option>`)}</select>`;
    return html`<section class="diff" aria-label="Diff">
      <div class="diff-head">Diff (${granularity}): ${options(pick.left, 'left')} → ${options(pick.right, 'right')}
        <span class="removed">−${removed}</span> <span class="added">+${added}</span> characters
        <vscode-button id="open-diff-editor" @click=${() => this.api.postMessage({ type: 'openDiff', left: pick.left, right: pick.right })}>Open in Diff Editor</vscode-button></div>
      <pre class="diff-body">${parts.map((p) => (p.kind === 'same' ? p.text : html`<span class=${p.kind}>${p.text}</span>`))}</pre>
    </section>`;
  }

  private renderAnnotation(a: ReviewSampleDetail['annotations'][number]) {
    const ev = a.evidence as { stage?: string; reason?: string; selection?: string } | null;
    // A curation drop says where and why first; its detector evidence follows.
    const dropped = a.label === 'dropped' && ev?.stage
      ? html` at stage <b class="drop-stage">${ev.stage}</b>${ev.reason ? html`: ${ev.reason}` : nothing}${ev.selection ? html` <span class="origin">(${ev.selection})</span>` : nothing}`
      : nothing;
    return html`<li class="annotation ${a.origin === 'human' ? 'human' : 'detector'} label-${a.label}">
      <b>${a.label}</b>${dropped} <span class="origin">${a.origin}</span>${a.note ? html` — <i>${a.note}</i>` : nothing}
      ${a.evidence ? html`<code class="evidence">${JSON.stringify(a.evidence)}</code>` : nothing}</li>`;
  }

  private renderTrace(t: ReviewSampleDetail['traces'][number]) {
    const shown = this.expanded[t.id] ?? 0;
    const tokens = t.thinkingTokens ? `${t.thinkingTokens} tokens` : `${formatChars(t.thinking.length)} chars`;
    const grade = t.grade === 1 ? html`<span class="grade ok">correct</span>` : t.grade === 0 ? html`<span class="grade bad">wrong</span>` : nothing;
    return html`<article class="trace" data-trace=${t.id}>
      <h3>Trace · ${t.producer} ${grade} ${t.finishReason === 'length' ? html`<span class="grade bad">truncated</span>` : nothing}</h3>
      <details class="thinking" ?open=${shown > 0} @toggle=${(e: Event) => this.onToggleThinking(t, (e.target as HTMLDetailsElement).open)}>
        <summary>Thinking · ${tokens}</summary>
        ${shown > 0 ? html`<div class="md">${(this.rendered.get(t.id) ?? []).map((c) => html`<div class="slice">${unsafeHTML(c)}</div>`)}</div>
          ${shown < t.thinking.length ? html`<p class="more">rendering… ${Math.round((100 * shown) / t.thinking.length)}%</p>` : nothing}` : nothing}
      </details>
      <h4>Answer</h4>
      <div class="md answer">${unsafeHTML(renderMarkdown(t.answer))}</div>
      ${t.check ? html`<p class="check ${t.check.equal ? 'ok' : 'bad'}">Extracted <code>${t.check.extracted ?? '(nothing)'}</code>:
        ${t.check.equal ? 'matches the gold answer' : `does not match the gold answer (${t.check.reason})`}</p>` : nothing}
    </article>`;
  }

  /**
   * Long thinking renders in slices on idle time, cut at paragraph breaks so math is rarely split; each slice
   * is rendered once and kept, so the whole trace costs one pass.
   */
  private onToggleThinking(t: ReviewSampleDetail['traces'][number], open: boolean): void {
    if (!open) { this.expanded = { ...this.expanded, [t.id]: 0 }; return; }
    const chunks: string[] = this.rendered.get(t.id) ?? [];
    this.rendered.set(t.id, chunks);
    const step = () => {
      const cur = this.expanded[t.id] ?? 0;
      if (cur >= t.thinking.length || this.detail?.traces.every((x) => x.id !== t.id)) return;
      let next = Math.min(t.thinking.length, cur + (cur === 0 ? FIRST_SLICE_CHARS : SLICE_CHARS));
      const para = t.thinking.indexOf('\n\n', next);
      if (next < t.thinking.length && para >= 0 && para - next <= SLICE_CHARS) next = para;
      chunks.push(renderMarkdown(t.thinking.slice(cur, next)));
      this.renderedUpTo.set(t.id, next);
      this.expanded = { ...this.expanded, [t.id]: next };
      if (next < t.thinking.length) requestIdleCallback(step, { timeout: 200 });
    };
    if (chunks.length) {
      // Rendered before: show what is there and go on from it.
      this.expanded = { ...this.expanded, [t.id]: this.renderedUpTo.get(t.id) ?? 0 };
    }
    step();
  }

  private renderHelp() {
    return html`<aside class="help" role="dialog" aria-label="Keys">
      <h3>Keys</h3>
      <p><kbd>j</kbd>/<kbd>k</kbd> next / previous · <kbd>a</kbd> accept · <kbd>r</kbd> reject · <kbd>f</kbd> flag · <kbd>u</kbd> undo</p>
      <p><kbd>1</kbd>–<kbd>9</kbd> toggle labels · <kbd>/</kbd> search · <kbd>n</kbd> note · <kbd>d</kbd> diff two traces · <kbd>?</kbd> this help</p>
      <p>Rebind them in Keyboard Shortcuts (search "distillery.review").</p>
    </aside>`;
  }
}

customElements.define('distillery-review', ReviewApp);
