// The bar above the list: the filter's controls, "save as selection", the count and the last error or notice.
// It holds no filter of its own: it shows the app's and sends the changed one up (filter-change).
import { LitElement, html, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { DatasetSummary, ReviewFilter, WebviewRequests } from '../src/shared/protocol';
import { isolateText } from './bidi';
import { emit } from './events';
import { withFilterField, type FilterField } from './review-model';

export class FilterBar extends LitElement {
  static override properties = {
    filter: { attribute: false }, datasets: { attribute: false }, labels: { attribute: false }, runs: { attribute: false },
    selections: { attribute: false }, total: { attribute: false }, totalAtLeast: { attribute: false }, error: { attribute: false }, notice: { attribute: false },
    naming: { state: true },
  };

  declare filter: ReviewFilter;
  declare datasets: DatasetSummary[];
  declare labels: string[];
  /** Evaluation runs, for the run filter (and the chosen run's methods and budgets). */
  declare runs: WebviewRequests['runs/list']['result'];
  /** Named selections (every version), for the selection filter. */
  declare selections: WebviewRequests['selections/list']['result'];
  declare total: number;
  /** A search's first page: `total` is a lower bound (matches found so far) until a later page counts them all. */
  declare totalAtLeast: boolean;
  declare error: string | null;
  declare notice: string | null;
  /** The selection name field is open. */
  declare naming: boolean;

  constructor() {
    super();
    this.filter = {};
    this.datasets = [];
    this.labels = [];
    this.runs = [];
    this.selections = [];
    this.total = 0;
    this.totalAtLeast = false;
    this.error = null;
    this.notice = null;
    this.naming = false;
  }

  // Light DOM: the panel's stylesheet and VS Code's theme variables apply.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private set(key: FilterField, value: string): void {
    emit(this, 'filter-change', withFilterField(this.filter, key, value));
  }

  private onSearch(e: KeyboardEvent): void {
    const input = e.target as HTMLInputElement;
    if (e.key === 'Escape') {
      // Empties the field and the search (as the field's own Escape would) and leaves the field, so that the next
      // key is a review key again, not a letter typed into the search.
      e.preventDefault();
      input.value = '';
      if ((this.filter.search ?? '') !== '') this.set('search', ''); // a search typed but never run asks for nothing
      input.blur();
      return;
    }
    if (e.key !== 'Enter') return;
    // The search is asked for first: the blur's focus report (the host sets its context keys) follows it through the
    // extension host instead of going ahead of it.
    this.set('search', input.value);
    input.blur();
  }

  /**
   * An emptied field (its ✕ button, Escape in it, or the text deleted) is no search, without an Enter: the field never
   * shows no search while the list is still filtered by the last one.
   */
  private onSearchCleared(e: Event): void {
    const input = e.target as HTMLInputElement;
    if (input.value === '' && (this.filter.search ?? '') !== '') this.set('search', '');
  }

  private onName(e: KeyboardEvent): void {
    if (e.key === 'Escape') { this.naming = false; return; }
    if (e.key !== 'Enter') return;
    const name = (e.target as HTMLInputElement).value.trim();
    this.naming = false;
    if (name) emit(this, 'save-selection', { name });
  }

  /** A <select> bound to one filter field: [value, text] options, the current one selected. */
  private select(id: string, label: string, key: FilterField, options: [string, string][], current: string) {
    return html`<select id=${id} aria-label=${label} @change=${(e: Event) => this.set(key, (e.target as HTMLSelectElement).value)}>
      ${options.map(([v, t]) => html`<option value=${v} ?selected=${v === current}>${t}</option>`)}
    </select>`;
  }

  protected override render() {
    const f = this.filter;
    return html`<header class="bar">
      ${this.select('dataset', 'Dataset', 'dataset', [['', 'all data sets'], ...this.datasets.map((d): [string, string] => [d.name, `${isolateText(d.name)} (${d.samples})`])], f.dataset ?? '')}
      <input id="search" type="search" placeholder="Search questions and traces (/)" aria-label="Search questions and traces" title="Enter runs the search; Escape clears it and leaves the field" .value=${f.search ?? ''} @keydown=${(e: KeyboardEvent) => this.onSearch(e)}
        @input=${(e: Event) => this.onSearchCleared(e)}>
      ${this.select('status', 'Status', 'status', ['', 'unreviewed', 'accepted', 'rejected', 'flagged'].map((s) => [s, s || 'any status']), f.status ?? '')}
      ${this.select('label', 'Label', 'label', ['', ...this.labels].map((l) => [l, l ? isolateText(l) : 'any label']), f.label ?? '')}
      ${this.select('origin', 'Labelled by', 'origin', [['', 'by anyone'], ['human', 'by a person'], ['detector', 'by a detector'], ['verifier', 'by a verifier']], f.origin ?? '')}
      ${this.selections.length ? this.select('selection', 'Selection', 'selection', [['', 'any selection'],
        ...this.selections.map((x): [string, string] => [`${x.name}@${x.version}`, `${isolateText(`${x.name}@${x.version}`)} (${x.count})`])], f.selection ?? '') : nothing}
      ${this.runs.length || f.run ? this.select('run', 'Evaluation run', 'run', [['', 'any run'], ...this.runs.map((r): [string, string] => [r.name, `run ${isolateText(r.name)} (${r.results})`]),
        // A run the list does not hold (a generation run, which Generate Traces opens the panel on) is still shown.
        ...(f.run && !this.runs.some((r) => r.name === f.run) ? [[f.run, `run ${isolateText(f.run)}`] as [string, string]] : [])], f.run ?? '') : nothing}
      ${this.renderRunFilters()}
      ${f.ids ? html`<vscode-button id="clear-ids" secondary title="These samples came from the runs dashboard; click to show every sample the other filters match"
        @click=${() => emit(this, 'filter-change', { ...f, ids: undefined })}>${f.ids.length} listed sample${f.ids.length === 1 ? '' : 's'} ✕</vscode-button>` : nothing}
      ${this.select('grade', 'Grade', 'grade', [['', 'any grade'], ['correct', 'a correct trace'], ['wrong', 'a wrong trace']], f.grade ?? '')}
      <input id="min-chars" class="num" type="number" min="0" placeholder="min k chars" aria-label="Minimum thinking length, thousands of characters"
        .value=${f.minChars ? String(f.minChars / 1000) : ''} @change=${(e: Event) => this.set('minChars', (e.target as HTMLInputElement).value)}>
      <input id="max-chars" class="num" type="number" min="0" placeholder="max k chars" aria-label="Maximum thinking length, thousands of characters"
        .value=${f.maxChars ? String(f.maxChars / 1000) : ''} @change=${(e: Event) => this.set('maxChars', (e.target as HTMLInputElement).value)}>
      <vscode-button id="save-selection" secondary title="Keep the samples this filter shows as a named selection" @click=${() => { this.naming = true; }}>Save as selection…</vscode-button>
      ${this.naming ? html`<input id="selection-name" type="text" placeholder="selection name, Enter to save" aria-label="Name of the new selection (Enter saves it)" @keydown=${(e: KeyboardEvent) => this.onName(e)}>` : nothing}
      <span class="count" id="count" role="status" aria-live="polite">${this.total}${this.totalAtLeast ? '+' : ''} sample${this.total === 1 && !this.totalAtLeast ? '' : 's'}</span>
      ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : nothing}
      ${this.notice ? html`<span class="notice" role="status">${this.notice}</span>` : nothing}
    </header>`;
  }

  /** Method and budget of the chosen run's results (each result is a trace of its question). */
  private renderRunFilters() {
    const run = this.runs.find((r) => r.name === this.filter.run);
    if (!run) return nothing;
    const budget = this.filter.budget === undefined ? '' : this.filter.budget === null ? 'inf' : String(this.filter.budget);
    return html`${this.select('method', 'Method', 'method', ['', ...run.methods].map((m) => [m, m ? isolateText(m) : 'any method']), this.filter.method ?? '')}
      ${this.select('budget', 'Budget', 'budget', ['', ...run.budgets.map((b) => (b === null ? 'inf' : String(b)))].map((b) => [b, b ? `budget ${b}` : 'any budget']), budget)}`;
  }
}

customElements.define('distillery-filter-bar', FilterBar);
