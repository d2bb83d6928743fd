// `Distillery: Run Evaluation…`: pick a saved evaluation config (*.eval.json, schema schemas/eval-config.schema.json),
// start it as a `distillery eval` task (the terminal shows the progress; cancelling the task stops the run, and
// running it again resumes). API keys live in SecretStorage, keyed by the backend's origin, and reach the CLI as
// the DISTILLERY_API_KEY environment variable of the task, never as an argument. A status-bar item shows the
// backend's /v1/models health (and says when it is the replay server).
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { evalConfigArgs, validateEvalConfig, type EvalConfig } from '../core/evaluate/config';
import type { Config } from './config';
import type { Command } from './commands';
import type { EngineClient } from './engine';
import { buildCliTask } from './tasks';

const SECRET_PREFIX = 'distillery.apiKey:';

export function backendOrigins(c: EvalConfig): string[] {
  const urls = Array.isArray(c.backend) ? c.backend : c.backend.split(',');
  return urls.map((u) => { try { return new URL(u.trim()).origin; } catch { return u.trim(); } });
}

export class EvaluationCommands implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('distillery.backendHealth', vscode.StatusBarAlignment.Left, 9);
  private timer: ReturnType<typeof setInterval> | undefined;
  private backend: { url: string; key?: string } | undefined;

  constructor(private readonly context: vscode.ExtensionContext, private readonly config: Config, private readonly engine: EngineClient, private readonly log: vscode.LogOutputChannel) {
    this.item.name = 'Distillery Backend';
    this.item.command = 'distillery.runEvaluation';
  }

  /** Entries of the command table. */
  commands(): { 'distillery.runEvaluation': Omit<Command, 'id'>; 'distillery.setApiKey': Omit<Command, 'id'> } {
    return {
      'distillery.runEvaluation': { needsTrust: 'running an evaluation', run: (uri?: vscode.Uri) => this.run(uri) },
      'distillery.setApiKey': { run: () => this.setApiKey() },
    };
  }

  async run(uri?: vscode.Uri): Promise<void> {
    const file = uri ?? await this.pickConfig();
    if (!file) return;
    let config: EvalConfig;
    try {
      config = validateEvalConfig(JSON.parse(fs.readFileSync(file.fsPath, 'utf8')));
    } catch (e) {
      void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(file)}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const origin = backendOrigins(config)[0];
    const key = await this.context.secrets.get(SECRET_PREFIX + origin);
    this.watch(Array.isArray(config.backend) ? config.backend[0] : config.backend.split(',')[0], key);
    const def = { type: 'distillery' as const, command: 'eval', args: evalConfigArgs(config) };
    const task = buildCliTask(def, {
      config: this.config, name: `eval ${config.run}`, env: key ? { DISTILLERY_API_KEY: key } : undefined,
      detail: `distillery eval ${config.benchmark} ${config.method} → run ${config.run}`,
    });
    this.log.info(`evaluation: starting run ${config.run} from ${file.fsPath}`);
    await vscode.tasks.executeTask(task);
  }

  private async pickConfig(): Promise<vscode.Uri | undefined> {
    const files = await vscode.workspace.findFiles('**/*.eval.json', '**/node_modules/**', 200);
    if (!files.length) {
      void vscode.window.showInformationMessage('No evaluation config (*.eval.json) in this workspace. Create one with the schema schemas/eval-config.schema.json.');
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })), { title: 'Run Evaluation', placeHolder: 'Evaluation config' });
    return pick?.uri;
  }

  private async setApiKey(): Promise<void> {
    const origin = await vscode.window.showInputBox({ title: 'Backend URL', placeHolder: 'http://127.0.0.1:8000', ignoreFocusOut: true });
    if (!origin) return;
    const key = await vscode.window.showInputBox({ title: `API key for ${origin}`, password: true, ignoreFocusOut: true });
    if (key === undefined) return;
    let o = origin;
    try { o = new URL(origin).origin; } catch { /* kept as typed */ }
    await this.context.secrets.store(SECRET_PREFIX + o, key);
    void vscode.window.showInformationMessage(`API key stored for ${o} (in VS Code's secret storage).`);
  }

  /** Polls /v1/models of the backend every 30 s while an evaluation backend is known. */
  private watch(url: string, key?: string): void {
    this.backend = { url, key };
    if (this.timer) clearInterval(this.timer);
    const check = async () => {
      if (!this.backend) return;
      try {
        const models = await this.engine.request('backend/models', { url: this.backend.url, apiKey: this.backend.key });
        const replay = models.some((m) => m.replay);
        this.item.text = `$(pass) ${replay ? 'replay (not a model)' : models[0]?.id ?? 'backend'}`;
        this.item.tooltip = `${this.backend.url}: ${models.map((m) => m.id).join(', ')}`;
        this.item.backgroundColor = replay ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      } catch (e) {
        this.item.text = '$(error) backend down';
        this.item.tooltip = `${this.backend.url}: ${e instanceof Error ? e.message : String(e)}`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      }
      this.item.show();
    };
    void check();
    this.timer = setInterval(() => void check(), 30_000);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.item.dispose();
  }
}
