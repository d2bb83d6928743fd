// The review panel: a virtual sample list on the left, the selected sample on the right. Keys arrive as
// VS Code commands (rebindable keybindings), so this element only acts on them.
//
// This element holds the panel's state (filter, loaded rows, selection, sample, diff, note, funnel) and talks
// to the host; the elements it renders only show what they are given and send events up:
//   <distillery-review>            state, requests, key actions, focus reports
//     <distillery-filter-bar>      the filter's controls, save as selection, count, error / notice
//     <distillery-funnel>          the funnel of the selection shown
//     <distillery-sample-list>     the virtual list
//     <distillery-sample-detail>   the sample, its annotations and note box
//       <distillery-trace-diff>    the diff of two of its traces
//       <distillery-trace>         one per trace, thinking rendered in slices, its verdicts and Compare… in its header
// The trace marked for Compare… is held by a controller (compare.ts); the list keys are handled here (onKey).
import { LitElement, html, nothing } from 'lit';
import type { HostToWebview, ReviewFilter, ReviewListRow, ReviewSampleDetail, ReviewStatus, ReviewViewState, WebviewInitState } from '../src/shared/protocol';
import type { ReviewEvent } from './events';
import './filter-bar'; // defines <distillery-filter-bar>
import { isTextField, isTypedText, reportFocus } from './focus';
import { FocusReturn } from './focus-return';
import './funnel-view'; // defines <distillery-funnel>
import type { Funnel } from './funnel-view';
import { keysHelp } from './help';
import { CompareState, type CompareOutcome } from './compare';
import { background } from './background';
import { DetailCache, type Detail } from './detail-cache';
import { filterAfterRestart, landed, notSavedMessage, unansweredWrite, writeOf, type UnansweredWrite } from './engine-restart';
import { firstSliceJob, textJob } from './prerender';
import { actionFor, LatestOnly, listKeyIndex, moveIndex, noteLabel, RowPages, UndoStack, type Action } from './review-model';
import { pageMoveKey } from './move-keys';
import { Rpc, type Result, type VsCodeApi } from './rpc';
import './sample-detail'; // defines <distillery-sample-detail>
import type { SampleDetail } from './sample-detail';
import './sample-list'; // defines <distillery-sample-list>
import type { SampleList } from './sample-list';
import { Priority, type JobHandle } from './slices';
import type { Trace } from './trace-view';

const PAGE = 200;
/** How long a keydown holds background work back at most (its command comes back from the host within a few ms). */
const KEY_PAUSE_MS = 100;
/** A search's pages are smaller: each row carries a snippet, which the engine makes per row (30: the rows on screen and a margin). */
const SEARCH_PAGE = 30;
/** How long a new filter holds background work back at most (until its rows are painted; the engine answers in tens of ms). */
const RELOAD_PAUSE_MS = 300;

/** Resolves after the next frame is painted (in the task after it). */
const afterPaint = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

export class ReviewApp extends LitElement {
  static override properties = {
    filter: { state: true }, datasets: { state: true }, total: { state: true }, totalAtLeast: { state: true }, index: { state: true }, detail: { state: true },
    error: { state: true }, notice: { state: true }, showHelp: { state: true }, diff: { state: true }, noting: { state: true },
    runs: { state: true }, selections: { state: true }, funnel: { state: true }, filterLabels: { state: true },
  };

  declare filter: ReviewFilter;
  declare datasets: WebviewInitState['datasets'];
  declare total: number;
  declare totalAtLeast: boolean;
  declare index: number;
  declare detail: ReviewSampleDetail | null;
  declare error: string | null;
  declare notice: string | null;
  declare showHelp: boolean;
  /** The two traces compared, when the diff is open. */
  declare diff: { left: number; right: number } | null;
  /** The label a note is being written for. */
  declare noting: string | null;
  /** Evaluation runs, for the run filter. */
  declare runs: Result<'runs/list'>;
  /** Named selections (every version), for the selection filter. */
  declare selections: Result<'selections/list'>;
  /** The funnel of the selection being shown, if any. */
  declare funnel: Funnel;
  /** The label filter's choices: the configured labels, then every other label in the data set (detectors' too). */
  declare filterLabels: string[];
  /** The trace of another sample in the diff shown. */
  private otherTrace: Trace | null = null;
  /** The trace marked for comparison (Compare… or d on a one-trace sample), kept from sample to sample. */
  private readonly compare = new CompareState(this);
  /** The data set whose labels the label filter lists (null: none loaded yet). */
  private labelsOf: string | undefined | null = null;
  /** Gives the focus back when the note field, the keys overlay or the diff closes. */
  private readonly focusBack = new FocusReturn();
  /** `distillery.review.advanceAfterDecision`. */
  private advance = true;

  /** The list's rows, fetched for the current filter a page at a time. */
  private pages = this.rowPages();
  /**
   * Samples by id; the shown one's neighbours are fetched and rendered ahead of the keys in background slices
   * (slices.ts): the next two first (the nearer one first), the others' text after them.
   */
  private readonly details = new DetailCache((id) => this.rpc.request('review/get', { id }), (d, soon) => this.warm(d, soon));
  /**
   * The background jobs rendering a neighbour's text ahead, by sample id (dropped when the person moves away): what
   * its key shows (`job`), and its thinking's first slices (`slices`, always Later: only opening a thinking needs them).
   */
  private readonly warming = new Map<number, { detail: Detail; job: JobHandle; slices: JobHandle; priority: Priority }>();
  /** The last move's direction (+1 down, -1 up): prefetching looks further that way. */
  private heading = 1;
  /** Counts selections that showed a sample (the detail starts each one afresh). */
  private showing = 0;
  private labels: string[] = [];
  /** The search marked in the sample shown: the one its list was loaded for (a new search marks the next sample shown, not the old one meanwhile). */
  private shownSearch: string | undefined;
  /** Numbers list reloads: a reload's rows replace the list only if no later reload started. */
  private reloads = 0;
  private readonly undo = new UndoStack();
  private rpc!: Rpc;
  private api!: VsCodeApi<ReviewViewState>;
  private selectSeq = 0;
  /** A person's write that failed (a decision, a label, a note): said until a later write is saved, reloads or not. */
  private unsaved: string | null = null;
  /** The status or label write that said so: read again after a restart, in case the old engine saved it before it ended. */
  private unanswered: UnansweredWrite | null = null;
  /** Reloads after a new engine process (document.body.dataset.engineReloads: the tests wait on it). */
  private engineReloads = 0;

  constructor() {
    super();
    this.filter = {};
    this.datasets = [];
    this.total = 0;
    this.totalAtLeast = false;
    this.index = 0;
    this.detail = null;
    this.error = null;
    this.notice = null;
    this.showHelp = false;
    this.diff = null;
    this.noting = null;
    this.runs = [];
    this.selections = [];
    this.funnel = null;
    this.filterLabels = [];
  }

  // Light DOM: KaTeX's stylesheet and VS Code's theme variables apply as in any page.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private get list(): SampleList | null {
    return this.querySelector<SampleList>('distillery-sample-list');
  }

  /** Complete once the sample shown has rendered too (its element updates after this one). */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await Promise.all([...this.querySelectorAll<SampleDetail>('distillery-sample-detail')].map((p) => p.updateComplete));
    return done;
  }

  /**
   * Work ahead for a prefetched sample: its text rendered into the cache. The next two samples' text goes first
   * (Soon; the nearer one first; only the next after a click or a search, prefetchAround), so that a person pressing
   * j in a row finds it rendered; a job queued Later for one of them is hurried. The thinking's first slices wait for
   * idle time (Later) in a job of their own.
   */
  private warm(d: Detail, soon: boolean): void {
    const priority = soon && this.isAhead(d) ? Priority.Soon : Priority.Later;
    const w = this.warming.get(d.id);
    if (w && (w.job.done ? w.detail === d : w.priority <= priority)) return;
    w?.job.cancel();
    const slices = w && w.detail === d && !w.slices.done ? w.slices : (w?.slices.cancel(), background.add(firstSliceJob(d), Priority.Later));
    this.warming.set(d.id, { detail: d, job: background.add(textJob(d), priority), slices, priority });
  }

  /** Whether `d` is one of the next two samples in the direction of travel. */
  private isAhead(d: Detail): boolean {
    return this.detail?.id !== d.id && (this.pages.rows[this.index + this.heading]?.id === d.id || this.pages.rows[this.index + 2 * this.heading]?.id === d.id);
  }

  start(api: VsCodeApi<ReviewViewState>, init: WebviewInitState): void {
    this.api = api;
    this.rpc = new Rpc((m) => api.postMessage(m));
    this.datasets = init.datasets;
    this.labels = init.labels;
    this.filterLabels = init.labels;
    this.advance = init.advanceAfterDecision !== false;
    const saved = api.getState() ?? init.view;
    this.filter = { ...saved.filter };
    window.addEventListener('message', (e: MessageEvent<HostToWebview>) => this.onHost(e.data));
    document.addEventListener('keydown', (e) => this.onKey(e));
    reportFocus((m) => api.postMessage(m));
    api.postMessage({ type: 'ready' });
    void this.loadRuns();
    void this.reload(saved.index, saved.selectedId);
  }

  private onHost(m: HostToWebview): void {
    if (this.rpc.handle(m)) return;
    if (m.type === 'command') {
      const a = actionFor(m.command, this.labels);
      if (a) void this.act(a);
    } else if (m.type === 'dbChanged') {
      this.onDbChanged(m.reason);
    } else if (m.type === 'setFilter') {
      this.filter = { ...m.filter };
      void this.reload(0, null);
    } else if (m.type === 'settings') {
      this.labels = m.settings.labels;
      this.advance = m.settings.advanceAfterDecision !== false;
      void this.loadLabels();
    }
  }

  /**
   * The database changed (the panel's own decisions and labels never come here). Another process's commit, or the
   * end of the index build, may have changed what is shown: everything is looked at again, but the samples fetched
   * ahead are kept until their fresh copies are here (a j meanwhile still shows one at once). An import, a rename
   * or a deletion through the engine drops them; a selection saved here only adds a selection.
   */
  private onDbChanged(reason: string): void {
    if (reason === 'selection') { void this.loadRuns(); return; }
    if (reason === 'engine') { void this.afterRestart(); return; }
    const keep = reason === 'external' || reason === 'index';
    if (keep) this.details.refresh((d) => this.freshCopy(d));
    else this.details.forget();
    void this.refreshAfterChange(keep);
  }

  /**
   * A new engine process, perhaps on another database: everything again, the same sample when it is there; on a
   * database without the data set shown, its first data set (filterAfterRestart).
   */
  private async afterRestart(): Promise<void> {
    this.details.forget();
    void this.loadRuns();
    const datasets = await this.rpc.request('datasets/list', {}).catch(() => null);
    const filter = datasets ? filterAfterRestart(this.filter, datasets) : this.filter;
    if (datasets) this.datasets = datasets;
    const same = filter === this.filter;
    this.filter = filter;
    void this.loadLabels();
    await this.reload(same ? this.index : 0, same ? this.detail?.id ?? null : null);
    // A write the old process may have saved before it ended: the sample read again says whether it did.
    const w = this.unanswered;
    const now = w ? await this.rpc.request('review/get', { id: w.id }).catch(() => null) : null;
    if (w && now && w === this.unanswered && landed(w, now)) this.saved();
    document.body.dataset.engineReloads = String(++this.engineReloads);
  }

  /** A fresh copy of a sample that another process changed: shown if it is the one being read. */
  private freshCopy(d: Detail): void {
    if (this.detail?.id !== d.id) return;
    this.detail = d;
    this.patchRow(d.id, { status: d.status, labels: [...new Set(d.annotations.map((a) => a.label))] });
  }

  /**
   * Keys the panel handles itself, as a list box does: the list keys move the selection (unless the sample
   * being read has the focus: there they scroll it), and Escape closes the keys overlay or the diff, or drops a compare mark.
   * j / k move here too, in the key's own task; the other one-letter keys are VS Code keybindings (rebindable)
   * and arrive as commands.
   */
  private onKey(e: KeyboardEvent): void {
    const t = e.target as HTMLElement | null;
    // Escape in a select (the diff's trace pickers, the filters) is no text: it closes what is open.
    if (isTextField(t) && !(e.key === 'Escape' && t?.tagName === 'SELECT')) {
      // Stopped here, before VS Code's forwarding listener on the window: text, not a review key.
      if (isTypedText(e)) e.stopPropagation();
      return;
    }
    // A key may be a command on its way back from the host, or a j moved here: background work waits until its sample is shown.
    background.pause(KEY_PAUSE_MS);
    const move = pageMoveKey(e);
    if (move) {
      // Not forwarded to VS Code (its webview forwards keydowns to the workbench from the window, after this
      // document listener), whose keybinding would send the same move back through the extension host: tens of
      // ms on every key. The commands stay, for the palette and for the keys pressed outside the webview.
      e.stopPropagation();
      e.preventDefault();
      void this.act(move);
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (e.key === 'Escape') {
      if (this.showHelp) void this.focusBack.close(this, () => { this.showHelp = false; });
      else if (this.diff) void this.focusBack.close(this, () => { this.diff = null; });
      else if (this.compare.isMarked) { this.compare.unmark(); this.say(null); }
      return;
    }
    if (t?.closest('.detail')) return;
    const to = listKeyIndex(e.key, this.index, this.total, this.list?.pageRows ?? 10);
    if (to === null) return;
    e.preventDefault(); // the list moves by its selection, not by the browser's scrolling
    if (to !== this.index) void this.select(to, Math.abs(to - this.index) === 1);
  }

  private saveState(): void {
    this.api.setState({ filter: this.filter, selectedId: this.detail?.id ?? null, index: this.index });
  }

  private fail(e: unknown): void {
    this.error = String((e as Error).message ?? e);
  }

  private rowPages(): RowPages {
    // The filter of this list: a page loaded later (a scroll) belongs to it, whatever the filter is by then.
    const filter = this.filter;
    return new RowPages((offset, limit) => this.rpc.request('review/list', { filter, offset, limit }), filter?.search ? SEARCH_PAGE : PAGE);
  }

  /**
   * Reloads the list for the current filter and selects the row at `index` (or the sample `id` if still there).
   * The old rows stay on screen until the new first page is here (no placeholder rows painted and laid out in
   * between), background work waits meanwhile, and the new rows are painted before the first sample renders.
   */
  private async reload(index: number, id: number | null): Promise<void> {
    const seq = ++this.reloads;
    const pages = this.rowPages();
    background.pause(RELOAD_PAUSE_MS);
    void this.loadFunnel();
    // A data set's labels change only with its data (refreshAfterChange reloads them): not on every filter edit.
    if (this.filter.dataset !== this.labelsOf) void this.loadLabels();
    try {
      const page = pages.pageOf(index);
      const first = await pages.load(page);
      if (seq !== this.reloads) return; // a later filter won
      this.pages = pages;
      this.total = first.total;
      this.totalAtLeast = first.totalAtLeast === true;
      this.requestUpdate(); // the rows are new even when the count is not
      const at = id !== null ? this.pages.indexOf(id) : -1;
      const to = at >= 0 ? at : moveIndex(index, 0, this.total);
      this.list?.reveal(to); // the new rows are painted where the selection will be
      // The sample to show is asked for now, and rendered once the rows are on screen.
      const row = this.pages.rows[to];
      if (row) void this.details.get(row.id).catch(() => undefined);
      await this.updateComplete;
      await afterPaint();
      if (seq !== this.reloads) return;
      await this.select(to);
      this.error = this.unsaved;
    } catch (e) {
      if (seq === this.reloads) this.fail(e);
    }
  }

  private async loadFunnel(): Promise<void> {
    this.funnel = this.filter.selection ? await this.rpc.request('selections/get', { name: this.filter.selection }).catch(() => null) : null;
  }

  private async loadRuns(): Promise<void> {
    this.runs = await this.rpc.request('runs/list', {}).catch(() => []);
    this.selections = await this.rpc.request('selections/list', {}).catch(() => []);
  }

  /**
   * The database changed: new data sets, runs and counts, without moving the person. With `keepRows` the rows
   * stay until the fresh page is here (a key meanwhile moves at once), and the other pages load again when shown.
   */
  private async refreshAfterChange(keepRows = false): Promise<void> {
    try {
      void this.loadRuns();
      void this.loadLabels();
      this.datasets = await this.rpc.request('datasets/list', {});
      if (!keepRows) {
        this.pages.clear();
        await this.loadPage(this.pages.pageOf(this.index));
      } else {
        const old = this.pages;
        const pages = this.rowPages();
        const page = pages.pageOf(this.index);
        const r = await pages.load(page);
        if (this.pages !== old) return; // a new filter meanwhile
        old.rows.forEach((row, i) => { if (row && i < r.total && pages.rows[i] === undefined) pages.rows[i] = row; });
        this.pages = pages;
        this.total = r.total;
        this.totalAtLeast = r.totalAtLeast === true;
        this.requestUpdate();
      }
      // A list that was empty (the panel opened on a generation run at its start, or a filter nothing matched yet)
      // shows its first sample once it has one, instead of "No sample selected" beside it.
      if (!this.detail && this.total > 0) await this.select(Math.min(this.index, this.total - 1));
    } catch (e) {
      this.fail(e);
    }
  }

  private async loadPage(page: number): Promise<{ total: number }> {
    const pages = this.pages;
    const r = await pages.load(page);
    if (pages !== this.pages) return r; // a list the filter has replaced since
    this.total = r.total;
    this.totalAtLeast = r.totalAtLeast === true;
    this.requestUpdate(); // the rows changed in place
    return r;
  }

  private ensureRows(from: number, to: number): void {
    for (const p of this.pages.missing(from, to, this.total)) void this.loadPage(p).catch((e: unknown) => this.fail(e));
  }

  /**
   * Rows the list shows but has not got (a scroll): one fetch at a time, each for the rows on screen when the last one
   * came back. A fast scroll then asks only for where it is, not for every page it passed (the bench's scroll through
   * 59K rows asked for all 300 pages, 18 MB through the host, and kept every row): fewer messages, less garbage.
   */
  private readonly shownRows = new LatestOnly<{ from: number; to: number }>(
    (w) => Promise.all(this.pages.missing(w.from, w.to, this.total).map((p) => this.loadPage(p))), (e) => this.fail(e));

  /** `moving`: a move key (j / k, or a decision moving on): the person is going through the samples in a row. */
  private async select(index: number, moving = false): Promise<void> {
    if (index !== this.index) this.heading = index > this.index ? 1 : -1;
    this.index = index;
    const seq = ++this.selectSeq;
    if (!this.total) { this.detail = null; this.saveState(); return; }
    // The list follows the selection first, while the layout is clean (its scroll offset is kept, not read).
    this.list?.reveal(index);
    if (!this.pages.rows[index]) await this.loadPage(this.pages.pageOf(index));
    const row = this.pages.rows[index];
    if (!row) return;
    const t0 = performance.now();
    const ahead = this.details.has(row.id);
    const fetching = this.details.get(row.id);
    // Fetched ahead: rendered in this task, from the cache (its text rendered ahead too, by warm); else on its way.
    const cached = this.details.peek(row.id);
    const detail = cached !== undefined ? cached : await fetching;
    if (seq !== this.selectSeq) return; // a later selection won
    this.diff = null;
    this.otherTrace = null;
    this.noting = null;
    this.showing++;
    this.detail = detail;
    this.shownSearch = this.filter.search;
    await this.updateComplete;
    if (seq !== this.selectSeq) return;
    document.body.dataset.renderMs = String(Math.round(performance.now() - t0));
    // Background work resumes once this frame is painted.
    requestAnimationFrame(() => background.resume());
    // Whether the sample was fetched ahead (prefetched or cached) or asked for on the key: for the tests and bench.
    document.body.dataset.shownFrom = ahead ? 'cache' : 'engine';
    document.body.dataset.selectedId = String(row.id);
    // Off the key's path: the state is saved, the neighbours are fetched.
    this.saveState();
    this.prefetchAround(index, moving);
    // A sample shown without being fetched ahead (a click, another data set, a search's first hit): its thinking's
    // first slices are made in background slices too, so that opening one only inserts it.
    if (!ahead && detail) background.add(firstSliceJob(detail), Priority.Later);
  }

  /**
   * Fetches (and renders in background slices) the samples the next keys would show: three ahead in the direction of
   * travel, one back. While moving by keys the next two are rendered first; after a click or a search only the next.
   */
  private prefetchAround(index: number, moving = false): void {
    const want = [index + this.heading, index + 2 * this.heading, index + 3 * this.heading, index - this.heading].filter((i) => i >= 0 && i < this.total);
    const missing = want.filter((i) => !this.pages.rows[i]);
    if (missing.length) this.ensureRows(Math.min(...missing), Math.max(...missing) + 1);
    const ids = want.flatMap((i) => { const r = this.pages.rows[i]; return r ? [r.id] : []; });
    // Work ahead for samples the person moved away from is dropped (it would only delay the next key's).
    for (const [id, w] of this.warming) if (!ids.includes(id)) { w.job.cancel(); w.slices.cancel(); this.warming.delete(id); }
    this.details.prefetch(ids, moving ? 2 : 1);
  }

  private async act(a: Action): Promise<void> {
    const d = this.detail;
    /** Set once the key's write is saved: a failure after it (reading the sample again) is no lost decision. */
    let written = false;
    try {
      switch (a.kind) {
        case 'move': await this.select(moveIndex(this.index, a.delta, this.total), true); return;
        case 'status': {
          if (!d) return;
          const status: ReviewStatus = d.status === a.status ? 'unreviewed' : a.status;
          const r = await this.rpc.request('review/setStatus', { id: d.id, status });
          written = this.saved();
          this.undo.push({ kind: 'status', id: d.id, previous: r.previous });
          this.patchRow(d.id, { status });
          this.detail = { ...d, status };
          this.details.put(this.detail);
          // As review tools do: a decision (not flagging, not taking one back) moves on to the next sample.
          if (this.advance && (status === 'accepted' || status === 'rejected') && this.index < this.total - 1) await this.select(this.index + 1, true);
          return;
        }
        case 'label': {
          if (!d) return;
          await this.rpc.request('review/toggleLabel', { sampleId: d.id, label: a.label });
          written = this.saved();
          this.undo.push({ kind: 'label', id: d.id, label: a.label });
          await this.refreshDetail(d.id);
          return;
        }
        case 'undo': {
          const u = this.undo.pop();
          if (!u) return;
          this.details.forget(u.id);
          if (u.kind === 'status') {
            await this.rpc.request('review/setStatus', { id: u.id, status: u.previous });
            this.patchRow(u.id, { status: u.previous });
          } else {
            await this.rpc.request('review/toggleLabel', { sampleId: u.id, label: u.label });
          }
          written = this.saved();
          if (d?.id === u.id) await this.refreshDetail(u.id);
          else {
            // The sample undone is not the one shown (the panel moved on after the decision): go back to it.
            const at = this.pages.indexOf(u.id);
            if (at >= 0) await this.select(at);
          }
          return;
        }
        case 'focus-search': this.querySelector<HTMLInputElement>('#search')?.focus(); return;
        case 'note': {
          if (d) await this.focusBack.open(this, () => { this.noting = noteLabel(d.annotations); }, '#note');
          return;
        }
        case 'help': await (this.showHelp ? this.focusBack.close(this, () => { this.showHelp = false; })
          : this.focusBack.open(this, () => { this.showHelp = true; }, 'aside.help')); return;
        case 'diff': {
          if (!d) return;
          if (this.diff) { await this.focusBack.close(this, () => { this.diff = null; }); return; }
          this.applyCompare(this.compare.key(d));
          return;
        }
      }
    } catch (e) {
      const what = written ? null : writeOf(a, d?.id, d?.status);
      if (what) this.notSaved(what, e, d ? unansweredWrite(a, d) : null);
      else this.fail(e);
    }
  }

  /** A person's write failed: the bar says which, until a later one is saved (a reload after a restart keeps it). */
  private notSaved(what: string, e: unknown, write: UnansweredWrite | null = null): void {
    this.unsaved = notSavedMessage(what, String((e as Error).message ?? e));
    this.unanswered = write;
    this.error = this.unsaved;
  }

  /** A write was saved: a message about an earlier one not saved goes. Returns true. */
  private saved(): true {
    if (this.unsaved && this.error === this.unsaved) this.error = null;
    this.unsaved = null;
    this.unanswered = null;
    return true;
  }

  /** A notice in the bar (not an error). */
  private say(notice: string | null): void {
    this.error = null;
    this.notice = notice;
  }

  /** What a Compare… click or `d` led to: a notice, or the diff of two traces. */
  private applyCompare(o: CompareOutcome | null): void {
    if (!o) return;
    if (o.kind === 'notice') { this.say(o.text); return; }
    this.say(null);
    this.otherTrace = o.otherTrace;
    this.diff = o.pick;
  }

  /** The configured labels, then the others the data set's samples carry (detectors' included). */
  private async loadLabels(): Promise<void> {
    this.labelsOf = this.filter.dataset;
    const inData = await this.rpc.request('review/labels', this.filter.dataset ? { dataset: this.filter.dataset } : {}).catch(() => []);
    this.filterLabels = [...new Set([...this.labels, ...inData])];
  }

  private patchRow(id: number, patch: Partial<ReviewListRow>): void {
    this.pages.patch(id, patch);
    this.requestUpdate();
  }

  private async refreshDetail(id: number): Promise<void> {
    this.details.forget(id);
    const detail = await this.details.get(id);
    if (this.detail?.id === id && detail) {
      this.detail = detail;
      this.patchRow(id, { labels: [...new Set(detail.annotations.map((a) => a.label))] });
    }
  }

  private async saveSelection(name: string): Promise<void> {
    try {
      const r = await this.rpc.request('review/saveSelection', { name, filter: this.filter });
      this.error = null;
      this.notice = `saved ${r.count} sample${r.count === 1 ? '' : 's'} as ${r.name}@${r.version}`;
    } catch (err) {
      this.fail(err);
    }
  }

  private async saveNote(label: string, note: string | null): Promise<void> {
    const d = this.detail;
    void this.focusBack.close(this, () => { this.noting = null; });
    if (!d || !note) return;
    try {
      await this.rpc.request('review/toggleLabel', { sampleId: d.id, label, note });
    } catch (e) {
      this.notSaved(`note on sample ${d.id}`, e);
      return;
    }
    this.saved();
    await this.refreshDetail(d.id).catch((e: unknown) => this.fail(e));
  }

  private onFilter(filter: ReviewFilter): void {
    this.filter = filter;
    void this.reload(0, null);
  }

  protected override render() {
    return html`
      <distillery-filter-bar .filter=${this.filter} .datasets=${this.datasets} .labels=${this.filterLabels} .runs=${this.runs} .selections=${this.selections}
        .total=${this.total} .totalAtLeast=${this.totalAtLeast} .error=${this.error} .notice=${this.notice}
        @filter-change=${(e: ReviewEvent<'filter-change'>) => this.onFilter(e.detail)}
        @save-selection=${(e: ReviewEvent<'save-selection'>) => void this.saveSelection(e.detail.name)}></distillery-filter-bar>
      <distillery-funnel .funnel=${this.funnel}
        @export-selection=${(e: ReviewEvent<'export-selection'>) => this.api.postMessage({ type: 'exportSelection', selection: e.detail.selection })}></distillery-funnel>
      <main>
        <distillery-sample-list .rows=${this.pages.rows} .total=${this.total} .index=${this.index}
          @rows-needed=${(e: ReviewEvent<'rows-needed'>) => this.shownRows.want(e.detail)}
          @sample-select=${(e: ReviewEvent<'sample-select'>) => void this.select(e.detail.index)}></distillery-sample-list>
        <div class="panes">${this.renderPane()}</div>
      </main>
      ${this.showHelp ? keysHelp(() => void this.focusBack.close(this, () => { this.showHelp = false; }), this.advance) : nothing}`;
  }

  private renderPane() {
    return html`<distillery-sample-detail .detail=${this.detail} .showing=${this.showing} .labels=${this.labels} .search=${this.shownSearch}
      .noting=${this.noting} .diff=${this.diff} .otherTrace=${this.otherTrace} .compareMark=${this.compare.markFor(this.detail?.id)}
      @trace-compare=${(e: ReviewEvent<'trace-compare'>) => { if (this.detail) this.applyCompare(this.compare.click(this.detail, e.detail.id)); }}
      @note-done=${(e: ReviewEvent<'note-done'>) => void this.saveNote(e.detail.label, e.detail.note)}
      @diff-change=${(e: ReviewEvent<'diff-change'>) => { this.diff = e.detail; }}
      @open-diff=${(e: ReviewEvent<'open-diff'>) => this.api.postMessage({ type: 'openDiff', ...e.detail })}></distillery-sample-detail>`;
  }
}

customElements.define('distillery-review', ReviewApp);
