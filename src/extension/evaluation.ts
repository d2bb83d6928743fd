// `Distillery: Run Evaluation…`: pick a saved evaluation config (*.eval.json, JSON with comments, schema
// schemas/eval-config.schema.json), check its backend, start it as a `distillery eval` task (the terminal shows
// the progress; cancelling the task stops the run, and running it again resumes), and when the task ends say how
// it went: the accuracy per budget with a button to open the run, or the error with a button to show the output.
// API keys live in SecretStorage, keyed by the backend's origin, and reach the CLI as the DISTILLERY_API_KEY
// environment variable of the task, never as an argument.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EvalConfig } from '../core/evaluate/config';
import { evalConfigArgs } from '../core/evaluate/config';
import { evalConfigTemplate, parseEvalConfigText } from '../core/evaluate/config-file';
import { safeUrl } from '../core/redact';
import { BackendHealth, localPort, type BackendSnapshot } from './backendHealth';
import type { Config } from './config';
import type { Command } from './commands';
import type { EngineClient } from './engine';
import { failedMessage, finishedMessage, stoppedMessage, wasStopped } from './evalSummary';
import type { Prompts } from './prompts';
import { buildCliTask } from './tasks';

export const SECRET_PREFIX = 'distillery.apiKey:';

/** The origin a key is stored under: the URL's origin (no path, no credentials), or the text as typed. */
export function keyOrigin(url: string): string {
  try { return new URL(url.trim()).origin; } catch { return url.trim(); }
}

const firstBackend = (c: EvalConfig) => (Array.isArray(c.backend) ? c.backend[0] : c.backend.split(',')[0]).trim();

/** What Run Evaluation did: started the task, or said why not (the message shown). */
export interface EvalStart { started: boolean; run?: string; message?: string }

/** How an evaluation task ended, as the notification said it. */
export interface EvalOutcome { run: string; exitCode: number | undefined; message: string; actions: string[] }

type EvalCommandId = 'distillery.runEvaluation' | 'distillery.setApiKey' | 'distillery.newEvalConfig' | 'distillery.showBackend' | 'distillery.startReplayServer';

export class EvaluationCommands implements vscode.Disposable {
  readonly health: BackendHealth;
  private readonly finishedEmitter = new vscode.EventEmitter<EvalOutcome>();
  /** Fires when an evaluation task this window started has ended and its notification is shown. */
  readonly onDidFinish = this.finishedEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.finishedEmitter];

  constructor(private readonly context: vscode.ExtensionContext, private readonly config: Config, private readonly engine: EngineClient, private readonly log: vscode.LogOutputChannel, private readonly prompts: Prompts) {
    this.health = new BackendHealth(engine, log, prompts, (url) => this.apiKeyFor(url));
    this.disposables.push(this.health);
    // Every `distillery eval` task's end is told, whoever started it (this command, Run Task, tasks.json).
    this.disposables.push(vscode.tasks.onDidEndTaskProcess((e) => {
      const run = evalTaskRun(e.execution.task.definition);
      if (run) void this.finished(run, e.exitCode, e.execution.task.name);
    }));
  }

  /** Entries of the command table. */
  commands(): { [K in EvalCommandId]: Omit<Command, 'id'> } {
    return {
      'distillery.runEvaluation': { needsTrust: 'running an evaluation', run: (uri?: vscode.Uri) => this.run(uri) },
      'distillery.setApiKey': { run: () => this.setApiKey() },
      'distillery.newEvalConfig': { run: (uri?: vscode.Uri) => this.newConfig(uri) },
      'distillery.showBackend': { run: () => this.health.showDetails() },
      'distillery.startReplayServer': { needsTrust: 'starting the replay server', run: (url?: string) => this.startReplay(url ?? this.health.snapshot?.url) },
    };
  }

  async run(uri?: vscode.Uri): Promise<EvalStart> {
    const file = uri ?? await this.pickConfig();
    if (!file) return { started: false };
    let config: EvalConfig;
    try {
      config = parseEvalConfigText(fs.readFileSync(file.fsPath, 'utf8'));
    } catch (e) {
      const message = `${vscode.workspace.asRelativePath(file)}: ${e instanceof Error ? e.message : String(e)}`;
      void vscode.window.showErrorMessage(message, 'Open Config').then((c) => c && vscode.window.showTextDocument(file));
      return { started: false, message };
    }
    const key = await this.apiKeyFor(firstBackend(config));
    // Check before starting: a run against a backend that does not answer would only fail in the terminal.
    const health = await this.health.watch(firstBackend(config));
    if (health.state !== 'up') return { started: false, run: config.run, message: this.backendDown(file, health) };

    const name = `eval ${config.run}`;
    const def = { type: 'distillery' as const, command: 'eval', args: evalConfigArgs(config) };
    const task = buildCliTask(def, {
      config: this.config, name, env: key ? { DISTILLERY_API_KEY: key } : undefined,
      detail: `distillery eval ${config.benchmark} ${config.method} → run ${config.run}`,
    });
    this.log.info(`evaluation: starting run ${config.run} from ${file.fsPath}`);
    await vscode.tasks.executeTask(task);
    return { started: true, run: config.run };
  }

  /** Says that the backend does not answer, with what helps; returns the message. */
  private backendDown(file: vscode.Uri, h: BackendSnapshot): string {
    const port = localPort(h.url);
    const message = `Distillery: the evaluation backend ${safeUrl(h.url)} does not answer (${h.lastError ?? 'no answer'}), so the run was not started. `
      + (port ? 'Start your server there, or start Distillery\'s replay server (recorded traces, not a model) to try the pipeline.' : 'Start the server, or change "backend" in the config.');
    this.log.warn(`evaluation: not started, backend ${safeUrl(h.url)} is down`);
    const actions = [...(port ? ['Start Replay Server'] : []), 'Open Config', 'Backend Details'];
    void vscode.window.showWarningMessage(message, ...actions).then(async (c) => {
      if (c === 'Start Replay Server') {
        if (await this.startReplay(h.url)) await this.run(file);
      } else if (c === 'Open Config') await vscode.window.showTextDocument(file);
      else if (c === 'Backend Details') await this.health.showDetails();
    });
    return message;
  }

  /** The end of an evaluation task: accuracy per budget and "Open Run", or the error and "Show Task Output". */
  private async finished(run: string, exitCode: number | undefined, taskName: string): Promise<void> {
    if (wasStopped(exitCode)) {
      // Stopped by the person (Terminate Task, Ctrl+C), not failed: said as such, not as an error.
      const message = stoppedMessage(run);
      this.log.info(`evaluation: ${message.replace(/^Distillery: /, '')}`);
      const actions = ['Show Task Output'];
      this.finishedEmitter.fire({ run, exitCode, message, actions });
      void vscode.window.showWarningMessage(message, ...actions).then((c) => c && showTaskTerminal(taskName));
      return;
    }
    const metrics = await this.engine.request('runs/metrics', { name: run }).catch(() => null);
    if (exitCode !== 0) {
      const message = failedMessage(run, exitCode, metrics?.error);
      this.log.warn(`evaluation: ${message.replace(/^Distillery: /, '')}`);
      const actions = ['Show Task Output'];
      this.finishedEmitter.fire({ run, exitCode, message, actions });
      void vscode.window.showErrorMessage(message, ...actions).then((c) => c && showTaskTerminal(taskName));
      return;
    }
    const message = metrics ? finishedMessage(metrics) : `Distillery: run ${run} finished.`;
    this.log.info(`evaluation: ${message.replace(/^Distillery: /, '')}`);
    const actions = ['Open Run', 'Show Metrics'];
    this.finishedEmitter.fire({ run, exitCode, message, actions });
    const c = await vscode.window.showInformationMessage(message, ...actions);
    if (c === 'Open Run') {
      await vscode.commands.executeCommand('distillery.reviewDataset', { dataset: metrics?.datasets[0] ? { name: metrics.datasets[0] } : undefined, run });
    } else if (c === 'Show Metrics') {
      await vscode.tasks.executeTask(buildCliTask({ type: 'distillery', command: 'metrics', args: ['--run', run] }, { config: this.config, name: `metrics ${run}` }));
    }
  }

  /**
   * Starts `distillery serve-replay` on the URL's local port, serving the bundled MATH500 and AIME24 traces, and
   * waits until it answers. True when it does.
   */
  async startReplay(url: string | undefined): Promise<boolean> {
    const port = url ? localPort(url) : 8000;
    if (!port) {
      void this.prompts.message('warning', `Distillery: the replay server runs on this machine; ${url ? safeUrl(url) : 'the backend'} is not a local address.`);
      return false;
    }
    const traces = ['math500.jsonl', 'aime24.jsonl'].map((f) => path.join(this.config.extensionPath, 'samples', f)).join(',');
    const task = buildCliTask({ type: 'distillery', command: 'serve-replay', args: ['--port', String(port), '--traces', traces, '--name', 'math500'] },
      { config: this.config, name: `replay server :${port}`, detail: `recorded traces on http://127.0.0.1:${port}/v1 (not a model)` });
    task.isBackground = true;
    await vscode.tasks.executeTask(task);
    const target = url ?? `http://127.0.0.1:${port}/v1`;
    const up = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Starting the replay server on port ${port}…` }, async () => {
      for (let i = 0; i < 40; i++) {
        if ((await this.health.watch(target)).state === 'up') return true;
        await new Promise((r) => setTimeout(r, 500));
      }
      return false;
    });
    if (!up) void this.prompts.message('error', `Distillery: the replay server did not answer on port ${port}; its terminal says why.`, 'Show Task Output').then((c) => c && showTaskTerminal(task.name));
    return up;
  }

  /** `Distillery: New Evaluation Config`: a commented template (the schema attached) saved and opened. */
  async newConfig(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    let uri = target;
    if (!uri) {
      if (!folder) {
        void vscode.window.showWarningMessage('Distillery: open a folder first; the evaluation config is saved in it.');
        return undefined;
      }
      const name = await vscode.window.showInputBox({
        title: 'New Evaluation Config', prompt: 'Run name (the file is saved as <name>.eval.json in the workspace folder)', value: 'replay-math500',
        validateInput: (v) => (/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(v) ? null : 'letters, digits, dot, dash and underscore'),
      });
      if (!name) return undefined;
      uri = vscode.Uri.joinPath(folder, `${name}.eval.json`);
    }
    const run = path.basename(uri.fsPath).replace(/\.eval\.json$/i, '').replace(/\.json$/i, '') || 'my-eval';
    if (fs.existsSync(uri.fsPath)) {
      const c = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(uri)} exists already.`, 'Open It');
      if (c) await vscode.window.showTextDocument(uri);
      return undefined;
    }
    // The schema ships with the extension and is attached to *.eval.json through contributes.jsonValidation, so
    // the workspace needs no copy; $schema is left out (a path into the extension would go stale on update).
    await vscode.workspace.fs.writeFile(uri, Buffer.from(evalConfigTemplate({ run }), 'utf8'));
    await vscode.window.showTextDocument(uri);
    this.log.info(`evaluation: wrote the template ${uri.fsPath}`);
    return uri;
  }

  private async pickConfig(): Promise<vscode.Uri | undefined> {
    const files = await vscode.workspace.findFiles('**/*.eval.json', '**/node_modules/**', 200);
    if (!files.length) {
      const c = await vscode.window.showInformationMessage('No evaluation config (*.eval.json) in this workspace yet. Create one from a commented template?', 'New Evaluation Config');
      if (c) await this.newConfig();
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })), { title: 'Run Evaluation', placeHolder: 'Evaluation config' });
    return pick?.uri;
  }

  /** The API key stored for a backend URL's origin (SecretStorage; never settings, never the task's arguments). */
  async apiKeyFor(url: string): Promise<string | undefined> {
    return (await this.context.secrets.get(SECRET_PREFIX + keyOrigin(url))) || undefined;
  }

  /**
   * `Set Backend API Key…`: stored in SecretStorage under the backend's origin (an empty key removes it); the
   * backend watched in the status bar is checked again at once when it is that origin, with the key.
   */
  private async setApiKey(): Promise<void> {
    const url = await this.prompts.inputBox({ title: 'Backend URL', placeHolder: 'http://127.0.0.1:8000', value: this.health.snapshot ? safeUrl(this.health.snapshot.url) : undefined, ignoreFocusOut: true });
    if (!url) return;
    const o = keyOrigin(url);
    const key = await this.prompts.inputBox({ title: `API key for ${safeUrl(o)}`, prompt: 'Leave it empty to remove the stored key.', password: true, ignoreFocusOut: true });
    if (key === undefined) return;
    if (key) await this.context.secrets.store(SECRET_PREFIX + o, key);
    else await this.context.secrets.delete(SECRET_PREFIX + o);
    this.log.info(`evaluation: API key ${key ? 'stored' : 'removed'} for ${safeUrl(o)}`);
    void this.prompts.message('info', key ? `Distillery: API key stored for ${safeUrl(o)} (in VS Code's secret storage).` : `Distillery: API key removed for ${safeUrl(o)}.`);
    const watched = this.health.snapshot;
    if (watched && keyOrigin(watched.url) === o) await this.health.check().catch(() => undefined);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The run name of a `distillery eval` task definition (its --run argument), else undefined. */
export function evalTaskRun(def: vscode.TaskDefinition): string | undefined {
  if (def.type !== 'distillery' || def.command !== 'eval' || !Array.isArray(def.args)) return undefined;
  const args = def.args as unknown[];
  const i = args.indexOf('--run');
  return i >= 0 && typeof args[i + 1] === 'string' ? args[i + 1] as string : undefined;
}

/** Shows the terminal of a task by its name (VS Code names task terminals after the task). */
function showTaskTerminal(name: string): void {
  const t = vscode.window.terminals.find((x) => x.name.includes(name));
  if (t) t.show();
  else void vscode.commands.executeCommand('workbench.action.terminal.focus');
}
