// The runs dashboard's host side: a webview under the review panel's strict CSP (nonce scripts, local resources
// only, no 'unsafe-eval': Vega runs through its expression interpreter), its read-only engine requests relayed by
// id from its own allow-list, database changes passed on so the page reloads, and a point's samples handed to
// the review panel.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import {
  DASHBOARD_ALLOWED_METHODS, type DashboardToHost, type DashboardViewState, type HostToDashboard,
} from '../shared/protocol';
import { dashboardHtml, dashboardRunsOf, type DashboardArg } from './dashboardPage';
import { type EngineClient, errorMessage, onEngineBack } from './engine';
import { ReadyQueue } from './readyQueue';
import { relayWebviewRequest } from './reviewPanel';

export const DASHBOARD_VIEW_TYPE = 'distillery.dashboard';

type PanelContext = { extensionUri: vscode.Uri; engine: EngineClient; log: vscode.LogOutputChannel };

export class DashboardPanel implements vscode.Disposable {
  private static current: DashboardPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly outbox: ReadyQueue<HostToDashboard>;

  /** Opens the dashboard (or reveals it) showing these runs (none: what it showed, else the newest evaluation). */
  static show(ctx: PanelContext, runs: string[]): DashboardPanel {
    if (DashboardPanel.current) {
      DashboardPanel.current.panel.reveal();
      if (runs.length) DashboardPanel.post({ type: 'showRuns', runs });
      return DashboardPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'Distillery Runs', vscode.ViewColumn.Active, DashboardPanel.options(ctx.extensionUri));
    const p = new DashboardPanel(panel, ctx);
    p.render({ runs });
    return p;
  }

  /** After a window reload: the page's saved state holds the runs it showed. */
  static restore(panel: vscode.WebviewPanel, state: DashboardViewState | undefined, ctx: PanelContext): void {
    panel.webview.options = DashboardPanel.options(ctx.extensionUri);
    new DashboardPanel(panel, ctx).render({ runs: state?.runs ?? [] });
  }

  static post(message: HostToDashboard): void {
    DashboardPanel.current?.outbox.post(message);
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'out')] };
  }

  private disposed = false;

  private constructor(readonly panel: vscode.WebviewPanel, private readonly ctx: PanelContext) {
    DashboardPanel.current = this;
    this.outbox = new ReadyQueue((m) => void panel.webview.postMessage(m));
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.webview.onDidReceiveMessage((m: DashboardToHost) => this.onMessage(m), undefined, this.disposables);
    ctx.engine.onNotification((n) => {
      if (n.method === 'db/changed') DashboardPanel.post({ type: 'refresh', reason: n.params.reason });
    }, undefined, this.disposables);
    // A restarted engine (Restart Engine, a crash, another database in the settings) may hold other runs: the page
    // reads them again once it is ready (reason 'engine'), as the review panel does.
    onEngineBack(ctx.engine, () => DashboardPanel.post({ type: 'refresh', reason: 'engine' }), this.disposables);
  }

  private render(init: DashboardViewState): void {
    const w = this.panel.webview;
    const asset = (f: string) => w.asWebviewUri(vscode.Uri.joinPath(this.ctx.extensionUri, 'out', f)).toString();
    this.outbox.reset();
    w.html = dashboardHtml(w, asset, init, randomBytes(16).toString('base64'));
  }

  private async onMessage(m: DashboardToHost): Promise<void> {
    if (m.type === 'ready') {
      this.outbox.markReady();
      return;
    }
    if (m.type === 'openReview') {
      // Beside the dashboard, which stays in view for the next point.
      await vscode.commands.executeCommand('distillery.reviewDataset', { filter: m.filter, beside: true })
        .then(undefined, (e: unknown) => void vscode.window.showErrorMessage(`Distillery: cannot open the review panel: ${errorMessage(e)}`));
      return;
    }
    if (m.type !== 'request') return;
    const r = await relayWebviewRequest(this.ctx, m.method, m.params, DASHBOARD_ALLOWED_METHODS);
    if (this.disposed) return; // closed while the engine answered: the webview is gone
    void this.panel.webview.postMessage({ type: 'response', id: m.id, ...r } satisfies HostToDashboard);
  }

  dispose(): void {
    this.disposed = true;
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** Registers the serializer that restores the dashboard after a reload; returns `Distillery: Show Runs Dashboard`. */
export function registerDashboard(context: vscode.ExtensionContext, engine: EngineClient, log: vscode.LogOutputChannel): (arg?: DashboardArg) => void {
  const ctx = { extensionUri: context.extensionUri, engine, log };
  context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
    deserializeWebviewPanel: async (panel, state: DashboardViewState | undefined) => DashboardPanel.restore(panel, state, ctx),
  }));
  return (arg) => {
    try {
      DashboardPanel.show(ctx, dashboardRunsOf(arg));
    } catch (e) {
      void vscode.window.showErrorMessage(`Distillery: cannot open the runs dashboard: ${errorMessage(e)}`);
    }
  };
}
