// The runs dashboard: every run with its status and live progress; for the runs ticked, their metrics table and
// charts; for two evaluation runs, their paired difference; for two or more generation runs, the Teachers view
// (`distillery teachers`' figures and the thinking-length chart). A chart point, a metrics row or a paired count
// opens its samples in the review panel. Everything comes from the engine through the extension (runs/dashboard,
// runs/samples, runs/compare, runs/teachers); the page holds no data of its own beyond the runs ticked.
import { LitElement, html, nothing } from 'lit';
import type { View } from 'vega';
import type {
  ChartPoint, DashboardChart, DashboardMethod, DashboardRun, DashboardToHost, DashboardViewState, HostToDashboard, ReviewFilter, RunComparison, RunsDashboard, TeachersView,
} from '../../src/shared/protocol';
import { Rpc, type VsCodeApi } from '../rpc';
import { drawChart } from './charts';
import { budgetText, comparePair, initialRuns, isLive, lengthText, pct, pctOrDash, progressText, teacherRuns } from './model';

/** How often the page asks again while a run is writing (a CLI task in another process). */
const POLL_MS = 1500;

type Api = VsCodeApi<DashboardViewState, DashboardToHost>;

export class DashboardApp extends LitElement {
  static override properties = {
    data: { state: true }, chosen: { state: true }, comparison: { state: true }, teachers: { state: true }, error: { state: true }, notice: { state: true },
  };

  declare data: RunsDashboard | null;
  /** The runs ticked: their metrics and charts are shown. */
  declare chosen: string[];
  declare comparison: RunComparison | null;
  /** Two or more generation runs ticked: their teachers compared. */
  declare teachers: TeachersView | null;
  declare error: string | null;
  declare notice: string | null;
  private api!: Api;
  private rpc!: Rpc<DashboardMethod>;
  private poll: ReturnType<typeof setTimeout> | undefined;
  private loading: Promise<void> | null = null;
  private again = false;
  /** Each chart drawn, by id, with the spec it was drawn from (an unchanged spec is not drawn again). */
  private readonly drawn = new Map<string, { json: string; view: View | null; el: HTMLElement }>();
  private drawing: Promise<void> = Promise.resolve();

  constructor() {
    super();
    this.data = null;
    this.chosen = [];
    this.comparison = null;
    this.teachers = null;
    this.error = null;
    this.notice = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  start(api: Api, init: DashboardViewState): void {
    this.api = api;
    this.rpc = new Rpc<DashboardMethod>((m) => api.postMessage(m));
    window.addEventListener('message', (e: MessageEvent<HostToDashboard>) => this.onHost(e.data));
    api.postMessage({ type: 'ready' });
    const saved = api.getState()?.runs;
    void this.rpc.request('runs/dashboard', { runs: [] }).then((d) => {
      this.choose(initialRuns(d.runs, init.runs, saved));
    }).catch((e: unknown) => this.fail(e));
  }

  private onHost(m: HostToDashboard): void {
    if (this.rpc.handle(m)) return;
    if (m.type === 'refresh' && m.reason === 'engine') void this.afterRestart();
    else if (m.type === 'refresh') void this.load();
    else if (m.type === 'showRuns') this.choose(m.runs);
  }

  /**
   * A new engine process, perhaps on another database: the runs ticked that are there stay ticked; when none is,
   * the newest evaluation run, as the page opens on.
   */
  private async afterRestart(): Promise<void> {
    try {
      const d = await this.rpc.request('runs/dashboard', { runs: [] });
      this.choose(initialRuns(d.runs, [], this.chosen));
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    this.error = String((e as Error).message ?? e);
  }

  private choose(runs: string[]): void {
    this.chosen = runs;
    this.api.setState({ runs });
    void this.load();
  }

  /** Loads the dashboard for the runs ticked (one request at a time; a change meanwhile loads once more after). */
  private load(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.again = false;
        try {
          const runs = this.chosen;
          const data = await this.rpc.request('runs/dashboard', { runs });
          const pair = comparePair(runs, data.runs);
          this.comparison = pair ? await this.rpc.request('runs/compare', { a: pair[0], b: pair[1] }) : null;
          const gens = teacherRuns(runs, data.runs);
          this.teachers = gens ? await this.rpc.request('runs/teachers', { runs: gens }) : null;
          this.data = data;
          this.error = null;
        } catch (e) {
          this.fail(e);
        }
      } while (this.again);
      this.loading = null;
      clearTimeout(this.poll);
      // Live progress: a run writing in another process (an eval task) is followed until it ends.
      if (this.data && isLive(this.data.runs)) this.poll = setTimeout(() => void this.load(), POLL_MS);
    })();
    return this.loading;
  }

  private toggle(name: string, on: boolean): void {
    this.choose(on ? [...this.chosen.filter((n) => n !== name), name] : this.chosen.filter((n) => n !== name));
  }

  /** The samples behind a point, in the review panel. */
  private async openPoint(p: ChartPoint): Promise<void> {
    try {
      const r = await this.rpc.request('runs/samples', p);
      this.notice = `${r.samples} sample${r.samples === 1 ? '' : 's'} of ${p.run} · ${p.benchmark} · ${p.method} · budget ${budgetText(p.budget)} opened in the review panel`;
      this.openReview(r.filter);
    } catch (e) {
      this.fail(e);
    }
  }

  private openReview(filter: ReviewFilter): void {
    this.api.postMessage({ type: 'openReview', filter });
  }

  protected override updated(): void {
    // One drawing at a time: a chart is drawn asynchronously, and a poll may update the page meanwhile.
    this.drawing = this.drawing.then(() => this.drawCharts());
  }

  /** Draws new or changed charts into their slots (the runs' plots, the teachers' chart) and drops those no longer listed. */
  private async drawCharts(): Promise<void> {
    const hosts: [HTMLElement | null, DashboardChart[]][] = [
      [this.querySelector<HTMLElement>('#charts'), this.data?.charts ?? []],
      [this.querySelector<HTMLElement>('#teacher-charts'), this.teachers?.charts ?? []],
    ];
    const ids = new Set(hosts.flatMap(([h, charts]) => (h ? charts.map((c) => c.id) : [])));
    for (const [id, d] of this.drawn) {
      if (ids.has(id)) continue;
      d.view?.finalize();
      d.el.remove();
      this.drawn.delete(id);
    }
    for (const [host, charts] of hosts) if (host) await this.drawInto(host, charts);
    document.body.dataset.chartsDrawn = String(this.drawn.size);
  }

  private async drawInto(host: HTMLElement, charts: readonly DashboardChart[]): Promise<void> {
    for (const c of charts) {
      const json = JSON.stringify(c.spec);
      let d = this.drawn.get(c.id);
      if (d?.json === json) continue;
      if (!d) {
        const el = document.createElement('figure');
        el.className = 'chart';
        el.dataset.chart = c.id;
        d = { json, view: null, el };
        this.drawn.set(c.id, d);
      }
      host.append(d.el); // in list order
      d.json = json;
      // A spec as wide as its container (the training loss) needs a figure that has a width: a flex item sized by
      // its content is 0 wide before the chart is drawn, and Vega would draw the chart 0 wide.
      d.el.classList.toggle('fill', c.spec.width === 'container');
      d.view?.finalize();
      // The spec draws its own title; the figure is named for assistive technology.
      d.el.setAttribute('aria-label', c.title);
      const plot = document.createElement('div');
      d.el.replaceChildren(plot);
      try {
        d.view = await drawChart(plot, c.spec, (p) => void this.openPoint(p));
      } catch (e) {
        plot.className = 'error';
        plot.textContent = `This chart could not be drawn: ${(e as Error).message}`;
      }
    }
  }

  protected override render() {
    const d = this.data;
    return html`<header class="bar">
        <h2>Runs</h2>
        ${d && isLive(d.runs) ? html`<span class="live" title="A run is writing: the page follows it">● live</span>` : nothing}
        <span class="hint">Tick runs to see their metrics and plots; tick two evaluation runs to pair them, two or more generation runs to compare their teachers. Click a point or a count to review its samples.</span>
        ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : nothing}
        ${this.notice ? html`<span class="notice" role="status">${this.notice}</span>` : nothing}
      </header>
      <main>
        ${d ? this.renderRuns(d.runs) : html`<p class="empty">Loading…</p>`}
        ${d ? this.renderMetrics(d) : nothing}
        <section class="charts-section" ?hidden=${!d?.charts.length}><h3>Plots</h3><div id="charts"></div></section>
        ${this.comparison ? this.renderComparison(this.comparison) : nothing}
        <section class="teachers" ?hidden=${!this.teachers}>${this.teachers ? this.renderTeachers(this.teachers) : nothing}<div id="teacher-charts"></div></section>
      </main>`;
  }

  private renderRuns(runs: DashboardRun[]) {
    if (!runs.length) return html`<p class="empty">No runs yet. Run an evaluation (Distillery: Run Evaluation…) and it appears here as it goes.</p>`;
    return html`<div class="table-box"><table class="runs"><thead><tr><th scope="col"><span class="sr-only">Show</span></th><th scope="col">Run</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col">Progress</th><th scope="col">Backend</th><th scope="col">Started</th></tr></thead>
      <tbody>${runs.map((r) => html`<tr data-run=${r.name} class=${this.chosen.includes(r.name) ? 'chosen' : ''}>
        <td><input type="checkbox" aria-label=${`Show ${r.name}`} .checked=${this.chosen.includes(r.name)} @change=${(e: Event) => this.toggle(r.name, (e.target as HTMLInputElement).checked)}></td>
        <td><bdi>${r.name}</bdi></td>
        <td>${r.kind}</td>
        <td><span class="status ${r.status}" title=${r.error ?? ''}>${r.status}</span></td>
        <td class="progress">${r.planned ? html`<progress max=${r.planned} .value=${Math.min(r.done, r.planned)}></progress>` : nothing} <span class="num">${progressText(r)}</span></td>
        <td>${r.backend === 'replay' ? html`<span title="Distillery's replay server: recorded traces, not a model">replay</span>` : r.backend ?? ''}</td>
        <td class="time">${(r.startedAt ?? r.createdAt).replace('T', ' ').slice(0, 16)}</td>
      </tr>`)}</tbody></table></div>`;
  }

  private renderMetrics(d: RunsDashboard) {
    if (!d.metrics.length) return nothing;
    return html`<section><h3>Metrics</h3>
      ${d.metrics.some((m) => m.replay) ? html`<p class="replay">Runs marked replay were answered by Distillery's replay server: recorded traces, not a model's answers.</p>` : nothing}
      <div class="table-box"><table class="metrics"><thead><tr><th scope="col">Run</th><th scope="col">Benchmark</th><th scope="col">Method</th><th scope="col">Budget</th><th scope="col" class="num">n</th><th scope="col" class="num">Accuracy ± s.e.</th><th scope="col" class="num">Thinking tokens</th><th scope="col"><span class="sr-only">Review</span></th></tr></thead>
      <tbody>${d.metrics.flatMap((m) => m.rows.map((r) => html`<tr>
        <td><bdi>${m.run}</bdi>${m.replay ? html` <span class="tag">replay</span>` : nothing}</td><td><bdi>${r.benchmark}</bdi></td><td>${r.method}</td><td>${budgetText(r.budget)}</td>
        <td class="num">${r.n}</td><td class="num">${pct(r.accuracy)} ± ${pct(r.stderr)}</td><td class="num">${Math.round(r.meanThinkingTokens)}</td>
        <td><button class="link" title="Review these samples" @click=${() => void this.openPoint({ run: m.run, benchmark: r.benchmark, method: r.method, budget: r.budget })}>Review</button></td>
      </tr>`))}</tbody></table></div></section>`;
  }

  private renderTeachers(t: TeachersView) {
    return html`<h3>Teachers</h3>
      <p class="hint">On the ${t.questions} question${t.questions === 1 ? '' : 's'} every run answered. Accuracy counts the verifiers' verdicts (Distillery: Verify Traces…), else a trace's own grade; a teacher is right on a question when at least half of its judged traces are.</p>
      <div class="table-box"><table class="metrics teachers-table"><thead><tr><th scope="col">Run</th><th scope="col">Teacher</th><th scope="col" class="num">Traces</th><th scope="col" class="num">Verified accuracy</th><th scope="col">Judged by</th><th scope="col" class="num">Mean thinking tokens (p10 – p90)</th><th scope="col"><span class="sr-only">Review</span></th></tr></thead>
      <tbody>${t.teachers.map((s) => html`<tr data-teacher=${s.run}>
        <td><bdi>${s.run}</bdi></td><td><bdi>${s.teacher}</bdi></td><td class="num">${s.traces}</td>
        <td class="num accuracy">${pctOrDash(s.accuracy)} <span class="hint">(${s.right}/${s.judged})</span></td>
        <td>${Object.entries(s.judged_by).filter(([, n]) => n).map(([k, n]) => `${k.replace('_', ' ')} ${n}`).join(', ') || '-'}</td>
        <td class="num thinking">${lengthText(s.thinking_tokens)}</td>
        <td><button class="link" title="Review this run's traces" @click=${() => this.openReview({ run: s.run })}>Review</button></td>
      </tr>`)}</tbody></table></div>
      ${t.agreement.length ? html`<div class="table-box"><table class="metrics agreement"><thead><tr><th scope="col">Runs</th><th scope="col" class="num">Questions</th><th scope="col" class="num">Both right</th><th scope="col" class="num">Both wrong</th><th scope="col" class="num">Disagree</th><th scope="col" class="num">Agreement</th></tr></thead>
        <tbody>${t.agreement.map((a) => html`<tr data-pair=${`${a.a}|${a.b}`}>
          <td><bdi>${a.a}</bdi> · <bdi>${a.b}</bdi></td><td class="num">${a.common}</td><td class="num">${a.both_right}</td><td class="num">${a.both_wrong}</td>
          <td class="num">${a.disagree}</td><td class="num">${pctOrDash(a.agreement)}</td>
        </tr>`)}</tbody></table></div>` : nothing}`;
  }

  private renderComparison(c: RunComparison) {
    const link = (benchmark: string, ids: number[]) => ids.length
      ? html`<button class="link" title="Review these questions" @click=${() => this.openReview({ dataset: `eval:${benchmark}`, ids })}>${ids.length}</button>`
      : html`0`;
    return html`<section class="compare"><h3>Paired difference: <bdi>${c.a}</bdi> against <bdi>${c.b}</bdi></h3>
      ${c.groups.length ? html`<div class="table-box"><table class="metrics"><thead><tr><th scope="col">Benchmark</th><th scope="col">Method</th><th scope="col">Budget</th><th scope="col" class="num">Paired</th>
        <th scope="col" class="num">Right in both</th><th scope="col" class="num">Wrong in both</th><th scope="col" class="num">Right only in <bdi>${c.a}</bdi></th><th scope="col" class="num">Right only in <bdi>${c.b}</bdi></th>
        <th scope="col" class="num">Accuracy</th></tr></thead>
        <tbody>${c.groups.map((g) => html`<tr>
          <td><bdi>${g.benchmark}</bdi></td><td>${g.methodB ? `${g.method} ↔ ${g.methodB}` : g.method}</td><td>${budgetText(g.budget)}</td><td class="num">${g.paired}</td>
          <td class="num">${g.bothRight}</td><td class="num">${g.bothWrong}</td>
          <td class="num only-a">${link(g.benchmark, g.onlyA)}</td><td class="num only-b">${link(g.benchmark, g.onlyB)}</td>
          <td class="num">${pct(g.accuracyA)} → ${pct(g.accuracyB)}</td>
        </tr>`)}</tbody></table></div>`
        : html`<p class="empty">The two runs answered no question at the same benchmark and budget, so there is nothing to pair.</p>`}
      ${c.onlyInA.length || c.onlyInB.length ? html`<details class="hint"><summary>${c.onlyInA.length + c.onlyInB.length} not paired (answered by one run only)</summary>
        <ul>${c.onlyInA.map((k) => html`<li>${k} (only <bdi>${c.a}</bdi>)</li>`)}${c.onlyInB.map((k) => html`<li>${k} (only <bdi>${c.b}</bdi>)</li>`)}</ul></details>` : nothing}
    </section>`;
  }
}

customElements.define('distillery-dashboard', DashboardApp);
