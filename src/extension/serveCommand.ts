// `Serve with vLLM` and `Evaluate` on a checkpoint of the Models view. Serving runs `vllm serve CHECKPOINT …` as a
// background task (argv, never a shell line) and follows GET /v1/models through the evaluation backend's health
// check, so the status bar shows it; Evaluate writes an evaluation config against the served model and opens the
// evaluation flow (Run Evaluation) on it, then the comparison with the base model.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EngineClient } from './engine';
import { servedEvalConfig, servedName, servedUrl, SERVE_DEFAULTS, vllmServeArgs } from '../core/train/serve';
import type { TrainCheckpointInfo, TrainRunInfo } from '../shared/protocol';
import type { EvaluationCommands, EvalStart } from './evaluation';
import { findExecutable } from './findNode';
import type { ModelsNode } from './modelsView';

export interface ServeArgs {
  run: TrainRunInfo;
  checkpoint: TrainCheckpointInfo;
  port?: number;
  /** Another program in vLLM's place, e.g. Distillery's replay server in tests (labelled as such by its model id). */
  program?: { command: string; args: string[]; label: string };
  /** How long to wait for GET /v1/models to answer (vLLM loads the weights first: minutes for a large model). */
  waitMs?: number;
}

export interface ServeResult { up: boolean; url: string; model?: string; task: vscode.Task }

export interface EvaluateArgs extends ServeArgs { benchmark?: string; url?: string }

type CheckpointArg = Extract<ModelsNode, { kind: 'checkpoint' }> | ServeArgs;

export class ServeCommands {
  constructor(private readonly evaluation: EvaluationCommands, private readonly log: vscode.LogOutputChannel, private readonly engine: EngineClient) {}

  async serve(arg: CheckpointArg): Promise<ServeResult | undefined> {
    const a: ServeArgs = 'kind' in arg ? { run: arg.run, checkpoint: arg.checkpoint } : arg;
    const port = a.port ?? SERVE_DEFAULTS.port;
    const name = servedName(a.run.name, a.checkpoint);
    let command: string;
    let args: string[];
    if (a.program) {
      ({ command, args } = a.program);
    } else {
      const vllm = findExecutable('vllm');
      if (!vllm) {
        void vscode.window.showErrorMessage('Distillery: vllm is not on PATH, so nothing was started. Install it (pip install vllm) where VS Code can find it.');
        return undefined;
      }
      command = vllm;
      args = vllmServeArgs({ model: a.checkpoint.path, name, tensorParallel: a.run.gpus, port });
    }
    const label = a.program?.label ?? 'vLLM';
    const task = new vscode.Task({ type: 'distillery-serve', model: a.checkpoint.path, port }, vscode.TaskScope.Workspace, `serve ${name} :${port} (${label})`, 'distillery',
      new vscode.ProcessExecution(command, args, { cwd: a.run.runDir }), []);
    task.isBackground = true;
    task.detail = `${label}: ${[path.basename(command), ...args].join(' ')}`;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, panel: vscode.TaskPanelKind.Dedicated };
    this.log.info(`serve: ${command} ${JSON.stringify(args)}`);
    await vscode.tasks.executeTask(task);
    const url = servedUrl({ port });
    const deadline = Date.now() + (a.waitMs ?? 15 * 60_000);
    const up = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Serving ${name} with ${label} on port ${port}…`, cancellable: true }, async (_p, token) => {
      while (Date.now() < deadline && !token.isCancellationRequested) {
        const h = await this.evaluation.health.watch(url);
        if (h.state === 'up') return h;
        await new Promise((r) => setTimeout(r, 1000));
      }
      return undefined;
    });
    if (!up) {
      void vscode.window.showErrorMessage(`Distillery: ${label} did not answer on ${url}; the task's terminal says why.`);
      return { up: false, url, task };
    }
    void vscode.window.showInformationMessage(`Distillery: ${up.models.join(', ')} is served at ${url}${up.replay ? ' (a replay server: recorded traces, not the model)' : ''}.`, 'Evaluate')
      .then((c) => { if (c) void this.evaluate({ ...a, url }); });
    return { up: true, url, model: up.models[0], task };
  }

  /**
   * Writes `<run>.eval.json` against the served model (serving it first when nothing answers) and starts it through
   * Run Evaluation. The comparison with the base model follows once the report command exists.
   */
  async evaluate(arg: CheckpointArg | EvaluateArgs): Promise<EvalStart & { config?: string }> {
    const a: EvaluateArgs = 'kind' in arg ? { run: arg.run, checkpoint: arg.checkpoint } : arg;
    let url = a.url ?? this.evaluation.health.snapshot?.url;
    let h = url ? await this.evaluation.health.watch(url) : undefined;
    if (!h || h.state !== 'up') {
      const served = await this.serve(a);
      if (!served?.up) return { started: false, message: 'the model is not served' };
      url = served.url;
      h = this.evaluation.health.snapshot;
    }
    const model = h?.models.find((m) => m === servedName(a.run.name, a.checkpoint)) ?? h?.models[0];
    if (!url || !model) return { started: false, message: 'no served model' };
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? a.run.runDir;
    const evalRun = `${servedName(a.run.name, a.checkpoint)}-eval`;
    const file = path.join(root, `${evalRun}.eval.json`);
    fs.writeFileSync(file, JSON.stringify(servedEvalConfig({ run: evalRun, url, model, benchmark: a.benchmark }), null, 2) + '\n');
    this.log.info(`evaluate: ${file} against ${model} at ${url} (base model ${a.run.model})`);
    const start = await this.evaluation.run(vscode.Uri.file(file));
    // When the evaluation ends well, the report compares it with the base model's own evaluations (the runs whose
    // configuration names that model): the first run of a report is its baseline.
    if (start.started) {
      const done = vscode.tasks.onDidEndTaskProcess(async (e) => {
        if (e.execution.task.name !== `eval ${evalRun}`) return;
        done.dispose();
        if (e.exitCode !== 0) return;
        const base = (await this.engine.request('runs/list', {})).filter((r) => r.model === a.run.model && r.name !== evalRun && r.results > 0).map((r) => r.name);
        if (!base.length) void vscode.window.showInformationMessage(`Distillery: no evaluation of the base model ${a.run.model} yet; the report shows ${evalRun} alone. Evaluate the base model with the same settings to compare.`);
        void vscode.commands.executeCommand('distillery.openReport', { runs: [...base.slice(0, 1), evalRun] });
      });
    }
    return { ...start, config: file };
  }
}
