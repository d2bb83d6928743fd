// The review panel's host side: a webview with a strict CSP (nonce scripts, local resources only), the
// initial state embedded in the page, messages held until the page says `ready`, and a relay of the webview's
// engine requests by id (an allow-list; no writes in Restricted Mode).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { webviewPageHtml } from './webviewPage';
import {
  WEBVIEW_ALLOWED_METHODS, WRITE_METHODS,
  type EngineMethod, type HostToWebview, type ReviewCommand, type ReviewFilter, type ReviewViewState, type WebviewInitState, type WebviewToHost,
} from '../shared/protocol';
import { setContext, untrustedMessage } from './commands';
import type { Config } from './config';
import { safeLabel } from './bidi';
import { CONTEXT, REVIEW_VIEW_TYPE } from './contexts';
import { type EngineClient, errorMessage, onEngineBack } from './engine';
import { describeEngineError } from './engineMessages';
import { ReadyQueue } from './readyQueue';

export { REVIEW_VIEW_TYPE };

type PanelContext = { extensionUri: vscode.Uri; engine: EngineClient; config: Config; log: vscode.LogOutputChannel };

/**
 * The panel's relay of one webview request to the engine: only allow-listed methods (the review panel's unless
 * another page's list is given), and none that writes the database in Restricted Mode (WRITE_METHODS). Resolves
 * to the response's result or error, never rejects.
 */
export async function relayWebviewRequest(
  ctx: { engine: EngineClient; log: vscode.LogOutputChannel }, method: EngineMethod, params: unknown, allowed: readonly EngineMethod[] = WEBVIEW_ALLOWED_METHODS,
): Promise<{ result?: unknown; error?: string }> {
  if (WRITE_METHODS.includes(method) && !vscode.workspace.isTrusted) return { error: untrustedMessage('saving reviews and selections') };
  if (!allowed.includes(method)) return { error: `the panel may not call ${method}` };
  try {
    return { result: await ctx.engine.request(method, params as never) };
  } catch (e) {
    const d = describeEngineError(e);
    ctx.log[d.userError ? 'warn' : 'error'](`review: ${method} failed: ${d.message}`);
    return { error: d.message };
  }
}

export class ReviewPanel implements vscode.Disposable {
  private static current: ReviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Host → webview messages other than responses wait here until the page says `ready`. */
  private readonly outbox: ReadyQueue<HostToWebview>;

  /**
   * Opens (or reveals) the panel on a dataset, a selection (a mixed one spans data sets: no dataset) or a run; or on
   * a whole filter (the runs dashboard's samples of a point), `beside` the editor that asked (the dashboard stays in view).
   */
  static async show(ctx: PanelContext, dataset?: string, selection?: string, run?: string, opts: { filter?: ReviewFilter; beside?: boolean } = {}): Promise<ReviewPanel> {
    const view: ReviewViewState = { filter: opts.filter ?? { ...(dataset ? { dataset } : {}), ...(selection ? { selection } : {}), ...(run ? { run } : {}) }, selectedId: null, index: 0 };
    if (ReviewPanel.current) {
      ReviewPanel.current.panel.reveal(opts.beside ? vscode.ViewColumn.Beside : undefined);
      if (dataset || selection || run || opts.filter) ReviewPanel.post({ type: 'setFilter', filter: view.filter });
      return ReviewPanel.current;
    }
    const column = opts.beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(REVIEW_VIEW_TYPE, 'Distillery Review', column, ReviewPanel.options(ctx.extensionUri));
    const p = new ReviewPanel(panel, ctx);
    await p.render(view);
    return p;
  }

  /** After a window reload: the webview's saved state says where the person was. */
  static async restore(panel: vscode.WebviewPanel, state: ReviewViewState | undefined, ctx: PanelContext): Promise<void> {
    panel.webview.options = ReviewPanel.options(ctx.extensionUri);
    const p = new ReviewPanel(panel, ctx);
    await p.render(state ?? { filter: {}, selectedId: null, index: 0 });
  }

  static post(message: HostToWebview): void {
    ReviewPanel.current?.outbox.post(message);
  }

  static command(command: ReviewCommand): void {
    ReviewPanel.post({ type: 'command', command });
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'out'), vscode.Uri.joinPath(extensionUri, 'media')] };
  }

  private disposed = false;

  private constructor(readonly panel: vscode.WebviewPanel, private readonly ctx: PanelContext) {
    ReviewPanel.current = this;
    this.outbox = new ReadyQueue((m) => void panel.webview.postMessage(m));
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.webview.onDidReceiveMessage((m: WebviewToHost) => this.onMessage(m), undefined, this.disposables);
    panel.onDidChangeViewState((e) => setContext(CONTEXT.reviewFocused, e.webviewPanel.active), undefined, this.disposables);
    setContext(CONTEXT.reviewFocused, true);
    // The review settings reach the open panel (labels, advancing after a decision) without moving the person.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('distillery.review')) return;
      const c = this.ctx.config;
      ReviewPanel.post({ type: 'settings', settings: { labels: c.reviewLabels, advanceAfterDecision: c.reviewAdvanceAfterDecision } });
    }, undefined, this.disposables);
    ctx.engine.onNotification((n) => {
      if (n.method === 'db/changed' && n.params.reason !== 'review') ReviewPanel.post({ type: 'dbChanged', reason: n.params.reason });
    }, undefined, this.disposables);
    // A restarted engine (Restart Engine, or another database in the settings) may hold other data: the panel reads
    // its list and sample again, where the person was, instead of showing what the old process answered.
    onEngineBack(ctx.engine, () => ReviewPanel.post({ type: 'dbChanged', reason: 'engine' }), this.disposables);
  }

  private async render(view: ReviewViewState): Promise<void> {
    const datasets = await this.ctx.engine.request('datasets/list', {}).catch(() => []);
    if (!view.filter.dataset && datasets.length) view.filter.dataset = datasets[0].name;
    const init: WebviewInitState = { datasets, labels: this.ctx.config.reviewLabels, view, advanceAfterDecision: this.ctx.config.reviewAdvanceAfterDecision };
    this.outbox.reset();
    this.panel.webview.html = this.html(init);
  }

  private html(init: WebviewInitState): string {
    const w = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const asset = (f: string) => w.asWebviewUri(vscode.Uri.joinPath(this.ctx.extensionUri, 'out', f)).toString();
    return webviewPageHtml({ cspSource: w.cspSource, asset, nonce, title: 'Distillery Review', element: 'distillery-review', bundle: 'webview', state: init });
  }

  private async onMessage(m: WebviewToHost): Promise<void> {
    if (m.type === 'ready') {
      this.outbox.markReady();
      return;
    }
    if (m.type === 'focus') {
      setContext(CONTEXT.reviewHasFocus, m.panel);
      setContext(CONTEXT.reviewTyping, m.typing);
      return;
    }
    if (m.type === 'openDiff') {
      await openTraceDiff(m.left, m.right).catch((e) => void vscode.window.showErrorMessage(`Distillery: cannot open the diff: ${errorMessage(e)}`));
      return;
    }
    if (m.type === 'exportSelection') {
      await vscode.commands.executeCommand('distillery.exportSelection', { selection: m.selection });
      return;
    }
    if (m.type !== 'request') return;
    // Responses answer the page's own requests, so it is ready: they go at once.
    const r = await relayWebviewRequest(this.ctx, m.method, m.params);
    // The panel may have closed while the engine answered: its webview is gone then.
    if (this.disposed) return;
    void this.panel.webview.postMessage({ type: 'response', id: m.id, ...r } satisfies HostToWebview);
  }

  dispose(): void {
    this.disposed = true;
    if (ReviewPanel.current === this) ReviewPanel.current = undefined;
    setContext(CONTEXT.reviewFocused, false);
    setContext(CONTEXT.reviewHasFocus, false);
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export const TRACE_SCHEME = 'distillery-trace';

async function openTraceDiff(left: number, right: number): Promise<void> {
  const uri = (id: number) => vscode.Uri.from({ scheme: TRACE_SCHEME, path: `/trace-${id}.md` });
  await vscode.commands.executeCommand('vscode.diff', uri(left), uri(right), `Trace ${left} ↔ Trace ${right}`, { preview: true });
}

/** Read-only documents holding one trace each, for VS Code's diff editor. */
class TraceDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly engine: EngineClient) {}
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = Number(/trace-(\d+)/.exec(uri.path)?.[1]);
    const t = Number.isFinite(id) ? await this.engine.request('review/trace', { id }) : null;
    if (!t) return `(no trace ${uri.path})`;
    return `<!-- ${t.producer}, trace ${t.id} of sample ${t.sampleId} -->\n\n## Thinking\n\n${t.thinking}\n\n## Answer\n\n${t.answer}\n`;
  }
}

/**
 * Registers the trace documents and the serializer that restores the panel after a reload; returns the
 * `Distillery: Review Dataset` command for the command table (the review keys call ReviewPanel.command).
 */
export function registerReview(context: vscode.ExtensionContext, engine: EngineClient, config: Config, log: vscode.LogOutputChannel): (arg?: string | { dataset?: { name: string }; selection?: string; run?: string; filter?: ReviewFilter; beside?: boolean }) => Promise<void> {
  const ctx = { extensionUri: context.extensionUri, engine, config, log };
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(TRACE_SCHEME, new TraceDocuments(engine)),
    vscode.window.registerWebviewPanelSerializer(REVIEW_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: ReviewViewState | undefined) => ReviewPanel.restore(panel, state, ctx),
    }),
  );
  return async (arg) => {
    let dataset = typeof arg === 'string' ? arg : arg?.dataset?.name;
    const selection = typeof arg === 'string' ? undefined : arg?.selection;
    const run = typeof arg === 'string' ? undefined : arg?.run;
    const filter = typeof arg === 'string' ? undefined : arg?.filter;
    const beside = typeof arg === 'string' ? undefined : arg?.beside;
    try {
      if (!dataset && !selection && !run && !filter) {
        // From the palette: pick the data set by keyboard (one data set needs no question). A run alone (Generate
        // Traces follows its run) is the run's traces in whichever data sets they are: no question.
        const all = await engine.request('datasets/list', {});
        if (all.length > 1) {
          const pick = await vscode.window.showQuickPick(all.map((d) => ({ label: safeLabel(d.name), description: `${d.samples} samples · ${d.traces} traces · ${d.reviewed} reviewed`, name: d.name })),
            { title: 'Review which data set?', placeHolder: 'Data set' });
          if (!pick) return;
          dataset = pick.name;
        }
      }
      await ReviewPanel.show(ctx, dataset, selection, run, { filter, beside });
    } catch (e) {
      void vscode.window.showErrorMessage(`Distillery: cannot open the review panel: ${errorMessage(e)}`);
    }
  };
}

type ReviewArg = Parameters<ReturnType<typeof registerReview>>[0];

/**
 * `Distillery: Review Selection`: the review panel on a selection (a selection's own item in the tree's menu; the
 * same panel as Review Dataset). From the tree a selection node arrives (its `selection` is NAME@VERSION, its
 * `dataset` the data set when it has one); from the palette, it asks which selection.
 */
export function reviewSelectionCommand(engine: EngineClient, review: (arg: ReviewArg) => Promise<void>): (arg?: string | { dataset?: { name: string }; selection?: string }) => Promise<void> {
  return async (arg) => {
    let selection = typeof arg === 'string' ? arg : arg?.selection;
    let dataset = typeof arg === 'string' ? undefined : arg?.dataset;
    if (!selection) {
      try {
        const all = await engine.request('selections/list', {});
        if (!all.length) {
          void vscode.window.showInformationMessage('Distillery: no selection to review yet. Curate a data set or save a review filter as a selection first.');
          return;
        }
        const pick = await vscode.window.showQuickPick(all.map((s) => ({
          label: safeLabel(`${s.name}@${s.version}`), description: `${s.count} samples · ${s.datasets.map(safeLabel).join(', ') || 'no data set'}`,
          ref: `${s.name}@${s.version}`, datasets: s.datasets,
        })), { title: 'Review which selection?' });
        if (!pick) return;
        selection = pick.ref;
        // One data set: open on it, as the tree does; a mix spans several, so the panel shows all of them.
        dataset = pick.datasets.length === 1 ? { name: pick.datasets[0] } : undefined;
      } catch (e) {
        void vscode.window.showErrorMessage(`Distillery: cannot open the review panel: ${errorMessage(e)}`);
        return;
      }
    }
    await review({ ...(dataset ? { dataset } : {}), selection });
  };
}
