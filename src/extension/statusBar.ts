// Status-bar item showing the engine state; a click opens the Distillery output.
import * as vscode from 'vscode';
import type { EngineClient, EngineState } from './engine';

const LOOK: Record<EngineState, { text: string; background?: string }> = {
  stopped: { text: '$(circle-slash) Distillery' },
  starting: { text: '$(loading~spin) Distillery: starting' },
  ready: { text: '$(database) Distillery' },
  restarting: { text: '$(loading~spin) Distillery: restarting', background: 'statusBarItem.warningBackground' },
  failed: { text: '$(error) Distillery: failed', background: 'statusBarItem.errorBackground' },
};

export class EngineStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('distillery.engineStatus', vscode.StatusBarAlignment.Left, 10);
  private readonly sub: vscode.Disposable;

  constructor(private readonly engine: EngineClient) {
    this.item.name = 'Distillery Engine';
    this.item.command = 'distillery.showOutput';
    this.sub = engine.onDidChangeState(() => this.update());
    this.update();
    this.item.show();
  }

  /** The text shown now (tests read it). */
  get text(): string {
    return this.item.text;
  }

  private update(): void {
    const s = this.engine.state;
    const look = LOOK[s];
    this.item.text = look.text;
    this.item.backgroundColor = look.background ? new vscode.ThemeColor(look.background) : undefined;
    const lines = [`**Distillery engine: ${s}**`, ''];
    if (this.engine.info) {
      const i = this.engine.info;
      lines.push(`- pid ${i.pid}, Node ${i.node}, engine ${i.version}`);
    }
    if (this.engine.dbPath) lines.push(`- database \`${this.engine.dbPath}\``);
    if (s === 'failed' && this.engine.lastError) lines.push('', this.engine.lastError);
    lines.push('', 'Click to show the Distillery output.');
    const md = new vscode.MarkdownString(lines.join('\n'));
    md.supportThemeIcons = true;
    this.item.tooltip = md;
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
