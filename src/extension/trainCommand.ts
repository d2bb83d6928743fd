// `Distillery: Train…`: from a selection (the tree's, or picked) a training config is written beside the workspace
// (train/<name>.train.json, the schema attached, every default spelled out), or an existing *.train.json is
// picked; then `distillery train --config FILE` runs as a task (a dry run writes the files and prints the command).
// While it runs the loss is followed from the database: the status bar shows the step and the loss.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TRAINERS, trainConfigTemplate, type TrainerName } from '../core/train/config';
import type { TrainMetrics } from '../shared/protocol';
import type { Config } from './config';
import { showEngineError } from './commands';
import type { EngineClient } from './engine';
import { buildCliTask, runTaskToEnd } from './tasks';
import { safeLabel } from './bidi';

export const TRAINER_PICKS: { label: TrainerName; detail: string }[] = [
  { label: 'trl', detail: "TRL's SFT trainer under accelerate launch with FSDP (full-parameter, bf16), on the messages export" },
  { label: 'llamafactory', detail: 'LLaMA-Factory: llamafactory-cli train with its YAML, on the ShareGPT export and dataset_info.json' },
  { label: 's1', detail: "s1's own train/sft.py under torchrun (needs a simplescaling/s1 checkout), on the s1 export" },
];

export interface TrainArgs {
  /** An existing config file. */
  config?: string;
  /** Or a selection (NAME@VERSION) to write a config for. */
  selection?: string;
  trainer?: TrainerName;
  name?: string;
  dryRun?: boolean;
}

export interface TrainOutcome { exitCode: number | undefined; config: string; run: string; dryRun: boolean; metrics: TrainMetrics | null }

export class TrainCommand implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('distillery.training', vscode.StatusBarAlignment.Left, 8);
  private readonly finished = new vscode.EventEmitter<TrainOutcome>();
  readonly onDidFinish = this.finished.event;

  constructor(private readonly ctx: { config: Config; engine: EngineClient; log: vscode.LogOutputChannel }, private readonly onChange: () => void) {
    this.item.name = 'Distillery Training';
  }

  /** The text the status bar shows while a run is followed (tests read it). */
  get statusText(): string { return this.item.text; }

  async run(arg?: vscode.Uri | TrainArgs): Promise<TrainOutcome | undefined> {
    try {
      const args: TrainArgs = arg instanceof vscode.Uri ? { config: arg.fsPath } : arg ?? {};
      const file = args.config ?? (args.selection ? await this.writeConfig(args) : await this.pickConfig());
      if (!file) return undefined;
      const name = readName(file);
      const dryRun = args.dryRun ?? await this.askDryRun(name);
      if (dryRun === undefined) return undefined;
      const def = { type: 'distillery' as const, command: 'train', args: ['--config', file, ...(dryRun ? ['--dry-run'] : [])] };
      const task = buildCliTask(def, { config: this.ctx.config, name: `train ${name}${dryRun ? ' (dry run)' : ''}` });
      this.ctx.log.info(`train: ${dryRun ? 'dry run of' : 'starting'} ${file}`);
      const follow = dryRun ? undefined : this.follow(name);
      const exitCode = await runTaskToEnd(task);
      follow?.stop();
      const metrics = await this.ctx.engine.request('train/metrics', { name }).catch(() => null);
      this.onChange();
      const outcome: TrainOutcome = { exitCode, config: file, run: name, dryRun, metrics };
      this.report(outcome);
      this.finished.fire(outcome);
      return outcome;
    } catch (e) {
      showEngineError(this.ctx.log, 'train', e);
      return undefined;
    }
  }

  /** Polls the run's points while the task runs: the status bar says the step and the loss. */
  private follow(run: string): { stop: () => void } {
    let last = -1;
    const tick = async () => {
      const m = await this.ctx.engine.request('train/metrics', { name: run }).catch(() => null);
      const p = m?.points.filter((x) => x.loss !== null).pop();
      if (!p || p.step === last) return;
      last = p.step;
      this.item.text = `$(graph-line) ${safeLabel(run)}: step ${p.step} · loss ${p.loss!.toFixed(4)}`;
      this.item.tooltip = `Training ${run}: epoch ${p.epoch ?? '?'}, learning rate ${p.learningRate ?? '?'}, grad norm ${p.gradNorm ?? '?'}`;
      this.item.show();
      this.onChange();
    };
    this.item.text = `$(sync~spin) ${safeLabel(run)}: starting`;
    this.item.show();
    const timer = setInterval(() => void tick(), 1000);
    return { stop: () => { clearInterval(timer); void tick(); } };
  }

  private report(o: TrainOutcome): void {
    const last = o.metrics?.points.filter((p) => p.loss !== null).pop();
    if (o.dryRun) {
      if (o.exitCode === 0) {
        void vscode.window.showInformationMessage(`Distillery: dry run of ${o.run}: the data, the trainer's files and command.json are written; the task's terminal shows the command.`, 'Open command.json')
          .then((c) => { if (c) void this.openCommandFile(o.config); });
      } else void vscode.window.showErrorMessage(`Distillery: the dry run of ${o.run} failed (exit ${o.exitCode}); the task's terminal says why.`);
      return;
    }
    this.item.text = `$(${o.exitCode === 0 ? 'pass' : 'error'}) ${safeLabel(o.run)}${last ? `: loss ${last.loss!.toFixed(4)} at step ${last.step}` : ''}`;
    if (o.exitCode === 0) {
      void vscode.window.showInformationMessage(`Distillery: training ${o.run} finished${last ? ` (loss ${last.loss!.toFixed(4)} at step ${last.step})` : ''}; its checkpoints are in the Models view.`, 'Show Models')
        .then((c) => { if (c) void vscode.commands.executeCommand('distillery.models.focus'); });
    } else {
      void vscode.window.showErrorMessage(`Distillery: training ${o.run} failed (exit ${o.exitCode}); the task's terminal and train.log in its run folder say why.`);
    }
  }

  private async openCommandFile(configFile: string): Promise<void> {
    const m = await this.ctx.engine.request('train/models', {}).catch(() => []);
    const run = m.find((r) => r.name === readName(configFile));
    const guess = run ? path.join(run.runDir, 'command.json') : path.join(path.dirname(configFile), 'train', readName(configFile), 'command.json');
    if (fs.existsSync(guess)) await vscode.window.showTextDocument(vscode.Uri.file(guess));
  }

  private async askDryRun(name: string): Promise<boolean | undefined> {
    const pick = await vscode.window.showQuickPick([
      { label: 'Run', detail: 'start the trainer here and follow its loss', dry: false },
      { label: 'Dry run', detail: 'export the data, write the trainer files and job.sbatch, print the command; start nothing', dry: true },
    ], { title: `Train ${name}` });
    return pick?.dry;
  }

  /** Writes train/<name>.train.json for a selection (asking the trainer); an existing file is kept and reused. */
  private async writeConfig(a: TrainArgs): Promise<string | undefined> {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!root) {
      void vscode.window.showWarningMessage('Distillery: open a folder first; the training config and its run folder are saved in it.');
      return undefined;
    }
    const trainer = a.trainer ?? (await vscode.window.showQuickPick(TRAINER_PICKS, { title: `Train on ${a.selection} with` }))?.label;
    if (!trainer || !TRAINERS.includes(trainer)) return undefined;
    const name = a.name ?? (`${a.selection!.replace(/@\d+$/, '').replace(/[^A-Za-z0-9._-]+/g, '-')}-${trainer}`.replace(/^[^A-Za-z0-9]+/, '') || 'student');
    const file = path.join(root, 'train', `${name}.train.json`);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // runDir is relative to the config file: train/<name>/ beside it.
      fs.writeFileSync(file, trainConfigTemplate({ name, selection: a.selection!, trainer, runDir: name }));
      this.ctx.log.info(`train: wrote ${file}`);
    }
    return file;
  }

  private async pickConfig(): Promise<string | undefined> {
    const files = await vscode.workspace.findFiles('**/*.train.json', '**/node_modules/**', 200);
    if (files.length) {
      const pick = await vscode.window.showQuickPick([
        ...files.map((f) => ({ label: vscode.workspace.asRelativePath(f), file: f.fsPath as string | undefined })),
        { label: '$(add) New from a selection…', file: undefined },
      ], { title: 'Train', placeHolder: 'Training config' });
      if (!pick) return undefined;
      if (pick.file) return pick.file;
    }
    const sels = await this.ctx.engine.request('selections/list', {});
    if (!sels.length) {
      void vscode.window.showInformationMessage('Distillery: nothing to train on yet. Curate a data set into a selection first.', 'Curate Dataset…')
        .then((c) => { if (c) void vscode.commands.executeCommand('distillery.curateDataset'); });
      return undefined;
    }
    const sel = await vscode.window.showQuickPick(sels.map((s) => ({ label: safeLabel(`${s.name}@${s.version}`), description: `${s.count} samples`, ref: `${s.name}@${s.version}` })), { title: 'Train on which selection?' });
    return sel ? this.writeConfig({ selection: sel.ref }) : undefined;
  }

  dispose(): void {
    this.item.dispose();
    this.finished.dispose();
  }
}

/** The run name of a config file (its "name"), else the file's stem. */
function readName(file: string): string {
  try {
    const m = /"name"\s*:\s*"([^"]+)"/.exec(fs.readFileSync(file, 'utf8'));
    if (m) return m[1];
  } catch { /* the CLI reports an unreadable file */ }
  return path.basename(file).replace(/\.train\.json$/i, '');
}
