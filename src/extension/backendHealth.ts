// The evaluation backend's health, shown in the status bar: checked right when a run is requested, then polled
// (every 30 s while it answers; after 2, 4, 8 … up to 30 s while it does not, so a backend that goes down or
// comes back is noticed quickly). The output gets one line per change of state, never one per check. A click
// shows the backend's details (URL without secrets, last error, last check) and what can be done. Every check
// sends the API key stored for the backend's origin (Set Backend API Key…), read afresh each time, so a key set
// or changed is used by the next check, whoever asked to watch the backend.
import * as vscode from 'vscode';
import { safeUrl } from '../core/redact';
import { describeEngineError } from './engineMessages';
import type { EngineClient } from './engine';
import type { Prompts } from './prompts';

export type BackendState = 'unknown' | 'up' | 'down';

export interface BackendSnapshot {
  url: string;
  state: BackendState;
  replay: boolean;
  models: string[];
  lastError?: string;
  lastCheck?: Date;
}

/** How long a check waits for GET /v1/models: a backend slower than this to list its models is as good as down. */
export const QUICK_CHECK_MS = 3_000;
const UP_POLL_MS = 30_000;
const DOWN_POLL_MIN_MS = 2_000;

/** A localhost URL with a port: where "Start Replay Server" can serve. */
export function localPort(url: string): number | undefined {
  try {
    const u = new URL(url);
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) return undefined;
    const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
    return Number.isInteger(port) && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

export class BackendHealth implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('distillery.backendHealth', vscode.StatusBarAlignment.Left, 9);
  private timer: NodeJS.Timeout | undefined;
  private downStreak = 0;
  private generation = 0;
  private current: BackendSnapshot | undefined;
  private readonly changed = new vscode.EventEmitter<BackendSnapshot>();
  /** Fires after every check (tests and the evaluation command wait on it). */
  readonly onDidCheck = this.changed.event;

  constructor(
    private readonly engine: EngineClient,
    private readonly log: vscode.LogOutputChannel,
    private readonly prompts: Prompts,
    /** The API key stored for a backend URL's origin (SecretStorage), if any. */
    private readonly keyFor: (url: string) => Thenable<string | undefined>,
  ) {
    this.item.name = 'Distillery Backend';
    this.item.command = 'distillery.showBackend';
  }

  /** The backend as last checked (undefined before any evaluation named one). */
  get snapshot(): BackendSnapshot | undefined {
    return this.current;
  }

  /** The status item's text now (tests read it). */
  get text(): string {
    return this.item.text;
  }

  /** Follows this backend from now on and checks it at once. */
  watch(url: string): Promise<BackendSnapshot> {
    if (this.current?.url !== url) {
      this.current = { url, state: 'unknown', replay: false, models: [] };
      this.downStreak = 0;
    }
    return this.check();
  }

  /** Checks the watched backend now (a short timeout) and schedules the next check. */
  async check(timeoutMs = QUICK_CHECK_MS): Promise<BackendSnapshot> {
    const prev = this.current;
    if (!prev) throw new Error('no backend to check');
    const gen = ++this.generation;
    clearTimeout(this.timer);
    let next: BackendSnapshot;
    try {
      const apiKey = (await Promise.resolve(this.keyFor(prev.url)).catch(() => undefined)) || undefined;
      const models = await this.engine.request('backend/models', { url: prev.url, apiKey, timeoutMs });
      next = { url: prev.url, state: 'up', replay: models.some((m) => m.replay), models: models.map((m) => m.id), lastCheck: new Date() };
    } catch (e) {
      const why = describeEngineError(e).message.split('\n')[0];
      next = { url: prev.url, state: 'down', replay: false, models: [], lastError: why, lastCheck: new Date() };
    }
    if (gen !== this.generation || this.current?.url !== prev.url) return next; // a newer check or another backend won
    this.current = next;
    if (next.state !== prev.state) this.logChange(next);
    this.downStreak = next.state === 'down' ? this.downStreak + 1 : 0;
    const wait = next.state === 'up' ? UP_POLL_MS : Math.min(UP_POLL_MS, DOWN_POLL_MIN_MS * 2 ** (this.downStreak - 1));
    this.timer = setTimeout(() => void this.check().catch(() => undefined), wait);
    this.render();
    this.changed.fire(next);
    return next;
  }

  private logChange(s: BackendSnapshot): void {
    const where = safeUrl(s.url);
    if (s.state === 'up') this.log.info(`backend ${where}: up (${s.models.join(', ') || 'no models listed'}${s.replay ? '; replay server, not a model' : ''})`);
    else this.log.warn(`backend ${where}: down (${s.lastError ?? 'no answer'})`);
  }

  private render(): void {
    const s = this.current;
    if (!s) return;
    const where = safeUrl(s.url);
    if (s.state === 'up') {
      this.item.text = `$(pass) ${s.replay ? 'replay (not a model)' : s.models[0] ?? 'backend'}`;
      this.item.backgroundColor = s.replay ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    } else {
      this.item.text = '$(error) backend down';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    }
    this.item.tooltip = `${where}: ${s.state === 'up' ? s.models.join(', ') : s.lastError ?? 'not checked yet'}. Click for details.`;
    this.item.show();
  }

  /** The status item's click: what is known about the backend, and the actions that help. */
  async showDetails(): Promise<void> {
    const s = this.current;
    if (!s) {
      const c = await this.prompts.message('info', 'Distillery: no evaluation backend yet. Run an evaluation config (*.eval.json) to check its backend.', 'Run Evaluation…', 'New Evaluation Config');
      if (c === 'Run Evaluation…') void vscode.commands.executeCommand('distillery.runEvaluation');
      else if (c) void vscode.commands.executeCommand('distillery.newEvalConfig');
      return;
    }
    type Item = vscode.QuickPickItem & { run?: () => unknown };
    const ago = s.lastCheck ? `${s.lastCheck.toLocaleTimeString()} (${Math.round((Date.now() - s.lastCheck.getTime()) / 1000)} s ago)` : 'never';
    const items: Item[] = [
      { label: s.state === 'up' ? '$(pass) Up' : s.state === 'down' ? '$(error) Down' : '$(question) Not checked', description: safeUrl(s.url) },
      ...(s.state === 'up' ? [{ label: '$(server) Models', description: s.models.join(', ') || 'none listed', detail: s.replay ? 'Replay server: it answers with recorded traces, so its numbers test the pipeline, not a model.' : undefined }] : []),
      ...(s.lastError && s.state !== 'up' ? [{ label: '$(warning) Last error', description: s.lastError }] : []),
      { label: '$(history) Last check', description: ago },
      { label: 'Actions', kind: vscode.QuickPickItemKind.Separator },
      { label: '$(refresh) Check Again', run: async () => { await this.check(); await this.showDetails(); } },
      ...(s.state !== 'up' && localPort(s.url) ? [{ label: '$(play) Start Replay Server', description: `recorded traces on port ${localPort(s.url)}`, run: () => vscode.commands.executeCommand('distillery.startReplayServer') }] : []),
      { label: '$(beaker) Run Evaluation…', run: () => vscode.commands.executeCommand('distillery.runEvaluation') },
      { label: '$(key) Set Backend API Key…', run: () => vscode.commands.executeCommand('distillery.setApiKey') },
      { label: '$(output) Show Output', run: () => this.log.show(true) },
    ];
    const pick = await this.prompts.quickPick(items, { title: 'Distillery: evaluation backend', placeHolder: 'Details and actions' });
    await pick?.run?.();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.generation++;
    this.changed.dispose();
    this.item.dispose();
  }
}
