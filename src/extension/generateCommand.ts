// `Distillery: Generate Traces…`: on a selection (its tree item's context menu, or picked in the palette), the
// teacher's backend and model, the samples per question and a run name, then `distillery generate` runs as a task
// (progress in its terminal; cancelling it stops the run, running it again resumes). The review panel opens on the
// run at once: the CLI commits traces in batches and the database watcher refreshes the panel as they land.
// API keys come from Set Backend API Key… (SecretStorage) as the task's DISTILLERY_API_KEY, never an argument.
import * as vscode from 'vscode';
import type { Config } from './config';
import { safeLabel } from './bidi';
import { showEngineError } from './commands';
import type { EngineClient } from './engine';
import { SECRET_PREFIX } from './evaluation';
import type { DistilleryTaskDefinition } from './taskArgs';
import { buildCliTask, runTaskToEnd } from './tasks';

export interface GenerateArgs { selection?: string; backend?: string; model?: string; samples?: number; run?: string; format?: string; review?: boolean }

export interface GenerateTaskAnswers { selection: string; backend: string; model: string; samples: number; run: string; format?: string }

/** The `generate` task's arguments. */
export function generateTaskArgs(a: GenerateTaskAnswers): string[] {
  return ['--backend', a.backend, '--model', a.model, '--selection', a.selection, '--samples', String(a.samples), '--run', a.run, ...(a.format ? ['--format', a.format] : [])];
}

/** A run name from the selection and the model: letters, digits, dot, dash and underscore. */
export function defaultRunName(selection: string, model: string): string {
  const part = (s: string) => s.replace(/@\d+$/, '').replace(/^replay:/, '').split('/').pop()!.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 40);
  return `gen-${part(selection)}-${part(model)}`;
}

export interface GenerateContext {
  context: vscode.ExtensionContext;
  config: Config;
  engine: EngineClient;
  log: vscode.LogOutputChannel;
  /** The backend the status bar watches, as the default answer. */
  defaultBackend?: () => string | undefined;
}

type SelectionArg = string | GenerateArgs | { kind: string; selection: string } | undefined;

/** Arguments from the tree (a selection node), a caller (the answers) or nothing (ask). */
export function generateArgsOf(arg: SelectionArg): GenerateArgs {
  if (typeof arg === 'string') return { selection: arg };
  if (arg && 'kind' in arg) return { selection: arg.selection };
  return arg ?? {};
}

/**
 * The review panel's arguments for a generation run: the selection's data set when it has one (a mix spans
 * several: then the selection alone), the selection and the run.
 */
async function reviewArgs(ctx: GenerateContext, selection: string, run: string): Promise<{ dataset?: { name: string }; selection: string; run: string }> {
  const s = await ctx.engine.request('selections/get', { name: selection }).catch(() => null);
  return s?.datasets.length === 1 ? { dataset: { name: s.datasets[0] }, selection, run } : { selection, run };
}

/** Starts the task and waits for its end; returns the run name when it succeeded. */
export async function generateTraces(ctx: GenerateContext, args: GenerateArgs = {}): Promise<string | undefined> {
  try {
    let selection = args.selection;
    if (!selection) {
      const all = await ctx.engine.request('selections/list', {});
      if (!all.length) {
        void vscode.window.showInformationMessage('Distillery: no selection to generate for yet. Curate a data set or save a review filter as a selection first.');
        return undefined;
      }
      const pick = await vscode.window.showQuickPick(all.map((s) => ({ label: safeLabel(`${s.name}@${s.version}`), description: `${s.count} questions`, ref: `${s.name}@${s.version}` })),
        { title: 'Generate traces for which selection?' });
      if (!pick) return undefined;
      selection = pick.ref;
    }
    const backend = args.backend ?? await vscode.window.showInputBox({ title: 'Teacher backend', prompt: 'Base URL of vLLM, a hosted OpenAI-compatible API or the replay server; several replicas comma-separated',
      value: ctx.defaultBackend?.() ?? 'http://127.0.0.1:8000/v1', ignoreFocusOut: true });
    if (!backend) return undefined;
    let origin = backend.split(',')[0].trim();
    try { origin = new URL(origin).origin; } catch { /* kept as typed */ }
    const key = await ctx.context.secrets.get(SECRET_PREFIX + origin);
    let model = args.model;
    if (!model) {
      const models = await ctx.engine.request('backend/models', { url: backend.split(',')[0].trim(), apiKey: key, timeoutMs: 10_000 }).catch((e: unknown) => {
        void vscode.window.showWarningMessage(`Distillery: the backend ${origin} does not answer (${e instanceof Error ? e.message : String(e)}); generation was not started.`, 'Start Replay Server')
          .then((c) => { if (c) void vscode.commands.executeCommand('distillery.startReplayServer', backend.split(',')[0].trim()); });
        return undefined;
      });
      if (!models) return undefined;
      model = models.length === 1 ? models[0].id : (await vscode.window.showQuickPick(models.map((m) => ({ label: m.id, description: m.replay ? 'replay of recorded traces, not a model' : undefined })), { title: 'Teacher model' }))?.label
        ?? await vscode.window.showInputBox({ title: 'Teacher model', prompt: 'The model id the server serves', ignoreFocusOut: true });
      if (!model) return undefined;
    }
    const samples = args.samples ?? Number(await vscode.window.showInputBox({ title: 'Traces per question', value: '16',
      validateInput: (v) => (/^\d+$/.test(v) && Number(v) > 0 ? null : 'a positive whole number') }));
    if (!samples) return undefined;
    const run = args.run ?? await vscode.window.showInputBox({ title: 'Run name', prompt: 'An existing run of this name resumes', value: defaultRunName(selection, model),
      validateInput: (v) => (/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(v) ? null : 'letters, digits, dot, dash and underscore') });
    if (!run) return undefined;
    const def: DistilleryTaskDefinition = { type: 'distillery', command: 'generate', args: generateTaskArgs({ selection, backend, model, samples, run, format: args.format }) };
    const task = buildCliTask(def, { config: ctx.config, name: `generate ${run}`, env: key ? { DISTILLERY_API_KEY: key } : undefined,
      detail: `distillery generate ${selection} × ${samples} with ${model} → run ${run}` });
    ctx.log.info(`generation: starting run ${run} (${selection} × ${samples}, ${model})`);
    const ended = runTaskToEnd(task);
    // The panel follows the run while it goes on, on the selection's data set and questions: with the run alone it
    // would ask which data set to review, and any but the selection's lists none of the run's traces.
    const review = await reviewArgs(ctx, selection, run);
    if (args.review !== false) void vscode.commands.executeCommand('distillery.reviewDataset', review);
    const code = await ended;
    if (code !== 0) {
      void vscode.window.showErrorMessage(`Distillery: generation run ${run} ${code === 130 ? 'was cancelled; run it again to resume' : `failed (exit ${code}); the task's terminal says why`}.`);
      return undefined;
    }
    void vscode.window.showInformationMessage(`Distillery: generation run ${run} finished.`, 'Review Traces').then((c) => {
      if (c) void vscode.commands.executeCommand('distillery.reviewDataset', review);
    });
    return run;
  } catch (e) {
    showEngineError(ctx.log, 'generation', e);
    return undefined;
  }
}
