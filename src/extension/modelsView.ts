// The Models view: each training run (its status, steps and last loss) and under it the checkpoints it left that
// hold a model (the final one first), from the database and the run's output folder (engine `train/models`).
// A checkpoint carries `Serve with vLLM` and `Evaluate` (inline and in its context menu).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrainCheckpointInfo, TrainRunInfo } from '../shared/protocol';
import { safeLabel } from './bidi';
import type { EngineClient } from './engine';
import { describeEngineError, engineWentAway } from './engineMessages';

export type ModelsNode = { kind: 'trainRun'; run: TrainRunInfo } | { kind: 'checkpoint'; run: TrainRunInfo; checkpoint: TrainCheckpointInfo };

const STATUS_ICON: Record<string, string> = { done: 'pass', running: 'sync~spin', failed: 'error', cancelled: 'circle-slash', pending: 'clock' };

export class ModelsProvider implements vscode.TreeDataProvider<ModelsNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<ModelsNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly loadedEmitter = new vscode.EventEmitter<readonly TrainRunInfo[]>();
  /** Fires after each load of the list (tests wait on it). */
  readonly onDidLoad = this.loadedEmitter.event;
  private debounce: NodeJS.Timeout | undefined;
  private lastError: string | undefined;
  /** The runs as last shown. */
  private shown: TrainRunInfo[] = [];

  constructor(private readonly engine: EngineClient, private readonly log: vscode.LogOutputChannel) {}

  refresh(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.changeEmitter.fire(undefined), 300);
  }

  /** The training runs as the engine lists them now. */
  async runs(): Promise<TrainRunInfo[]> {
    try {
      const runs = await this.engine.request('train/models', {});
      this.lastError = undefined;
      this.shown = runs;
      this.loadedEmitter.fire(runs);
      return runs;
    } catch (e) {
      const msg = describeEngineError(e).message;
      if (msg !== this.lastError) this.log.warn(`models: could not list: ${msg}`);
      this.lastError = msg;
      // The engine went away mid-request: the runs shown stay until the restarted one answers (read again then).
      return engineWentAway(e) ? this.shown : [];
    }
  }

  getTreeItem(node: ModelsNode): vscode.TreeItem {
    if (node.kind === 'trainRun') {
      const r = node.run;
      const item = new vscode.TreeItem(safeLabel(r.name), r.checkpoints.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.id = `train:${r.name}`;
      item.description = `${r.status} · ${r.steps} steps${r.lastLoss !== null ? ` · loss ${r.lastLoss.toFixed(4)}` : ''}`;
      item.tooltip = `${r.name}: ${r.trainer} fine-tune of ${r.model} on ${r.selection} (${r.status})${r.error ? `\n${r.error}` : ''}\n${r.runDir}`;
      item.iconPath = new vscode.ThemeIcon(STATUS_ICON[r.status] ?? 'circle-outline');
      item.contextValue = 'distillery.trainRun';
      return item;
    }
    const c = node.checkpoint;
    const item = new vscode.TreeItem(c.final ? 'final model' : path.basename(c.path), vscode.TreeItemCollapsibleState.None);
    item.id = `checkpoint:${c.path}`;
    item.description = c.step !== null ? `step ${c.step}` : undefined;
    item.tooltip = `${c.path}\nServe it with vLLM, then evaluate it against ${node.run.model}.`;
    item.iconPath = new vscode.ThemeIcon(c.final ? 'package' : 'save');
    item.contextValue = 'distillery.checkpoint';
    item.resourceUri = vscode.Uri.file(c.path);
    return item;
  }

  async getChildren(node?: ModelsNode): Promise<ModelsNode[]> {
    if (!node) return (await this.runs()).map((run) => ({ kind: 'trainRun', run }));
    if (node.kind === 'trainRun') return node.run.checkpoints.map((checkpoint) => ({ kind: 'checkpoint', run: node.run, checkpoint }));
    return [];
  }

  dispose(): void {
    clearTimeout(this.debounce);
    this.changeEmitter.dispose();
    this.loadedEmitter.dispose();
  }
}
