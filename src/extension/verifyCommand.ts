// `Distillery: Verify Traces…`: on a generation run, a selection or a data set (their tree items' context menus, or
// picked in the palette), the verifier (auto, maths, multiple choice, code) and, where code may run, the sandbox's
// limits; then `distillery verify` runs as a task (its progress in its terminal and in a notification that can stop
// it). When it ends the tree and the review panel refresh and a message gives the verdicts, read back from the
// annotations the verifier wrote (verify/summary): verified, failed, could not be verified, and why not (a missing
// bubblewrap says so: the verifier never runs code unsandboxed).
import * as vscode from 'vscode';
import type { Config } from './config';
import { safeLabel } from './bidi';
import { showEngineError } from './commands';
import type { EngineClient } from './engine';
import type { VerifyScopeRef } from '../shared/protocol';
import type { DistilleryTaskDefinition } from './taskArgs';
import { buildCliTask, runTaskToEnd } from './tasks';
import { scopeName, VERIFY_KIND_CHOICES, verifyMessage, verifyTaskArgs, type VerifyArgs, type VerifyKindChoice } from './verifySummary';

export interface VerifyContext {
  config: Config;
  engine: EngineClient;
  log: vscode.LogOutputChannel;
  /** Redraws the tree and the review panel once the verdicts are written. */
  refresh: () => void;
}

const KIND_TEXT: Record<VerifyKindChoice, string> = {
  auto: 'by the sample: code where it has tests, a letter where its gold is one, else maths',
  math: "the project's grader against the gold answer",
  choice: 'the option letter against the gold letter',
  code: 'the program run against the tests in the bubblewrap sandbox',
};

async function pickScope(engine: EngineClient): Promise<VerifyScopeRef | undefined> {
  const [dash, selections, datasets] = await Promise.all([
    engine.request('runs/dashboard', { runs: [] }), engine.request('selections/list', {}), engine.request('datasets/list', {}),
  ]);
  type Item = vscode.QuickPickItem & { ref?: VerifyScopeRef };
  const sep = (label: string): Item => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const gens = dash.runs.filter((r) => r.kind === 'generate');
  const latest = [...new Map(selections.map((s) => [s.name, s])).values()];
  const items: Item[] = [
    ...(gens.length ? [sep('Generation runs'), ...gens.map((r): Item => ({ label: safeLabel(r.name), description: `${r.status} · ${r.done} traces`, ref: { run: r.name } }))] : []),
    ...(latest.length ? [sep('Selections'), ...latest.map((s): Item => ({ label: safeLabel(`${s.name}@${s.version}`), description: `${s.count} questions`, ref: { selection: `${s.name}@${s.version}` } }))] : []),
    ...(datasets.length ? [sep('Data sets'), ...datasets.map((d): Item => ({ label: safeLabel(d.name), description: `${d.traces} traces`, ref: { dataset: d.name } }))] : []),
  ];
  if (!items.length) {
    void vscode.window.showInformationMessage('Distillery: nothing to verify yet. Import a data set or generate traces first.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title: 'Verify the traces of…', matchOnDescription: true }))?.ref;
}

/** Starts the task and waits for its end; returns the verdicts on the scope when it succeeded. */
export async function verifyTraces(ctx: VerifyContext, args: VerifyArgs = {}): Promise<ReturnType<typeof verifyMessage> | undefined> {
  try {
    const scope: VerifyScopeRef | undefined = args.run !== undefined ? { run: args.run } : args.selection !== undefined ? { selection: args.selection }
      : args.dataset !== undefined ? { dataset: args.dataset } : await pickScope(ctx.engine);
    if (!scope) return undefined;
    // Names the scope's problem (no such run) before any question, and knows whether anything is left to verify.
    const before = await ctx.engine.request('verify/summary', scope);
    if (!before.traces) {
      void vscode.window.showInformationMessage(`Distillery: ${before.scope} has no traces to verify.`);
      return undefined;
    }
    const kind = args.kind ?? (await vscode.window.showQuickPick(VERIFY_KIND_CHOICES.map((k) => ({ label: k, detail: KIND_TEXT[k] })),
      { title: `Verify ${before.scope}: which verifier?` }))?.label as VerifyKindChoice | undefined;
    if (!kind) return undefined;
    let { cpuSeconds, memoryMb, concurrency, force } = args;
    if ((kind === 'code' || kind === 'auto') && cpuSeconds === undefined && memoryMb === undefined && concurrency === undefined) {
      const how = await vscode.window.showQuickPick([
        { label: 'Default limits', detail: '4 s of CPU and 1024 MiB per test, 2 programs at once', custom: false },
        { label: 'Other limits…', detail: 'CPU seconds and memory per test, programs at once', custom: true },
      ], { title: 'Limits of the code sandbox' });
      if (!how) return undefined;
      if (how.custom) {
        const num = async (title: string, value: string) => {
          const v = await vscode.window.showInputBox({ title, value, validateInput: (x) => (Number(x) > 0 ? null : 'a positive number') });
          return v === undefined ? undefined : Number(v);
        };
        cpuSeconds = await num('CPU seconds per test', '4');
        if (cpuSeconds === undefined) return undefined;
        memoryMb = await num('Memory per test (MiB)', '1024');
        if (memoryMb === undefined) return undefined;
        concurrency = await num('Programs run at once', '2');
        if (concurrency === undefined) return undefined;
        concurrency = Math.max(1, Math.round(concurrency));
      }
    }
    if (force === undefined && before.unverified === 0) {
      const again = await vscode.window.showInformationMessage(`Distillery: every trace of ${before.scope} has a verdict already (${before.verified} verified, ${before.failed} failed, ${before.errors} could not be verified).`,
        'Verify Again', 'Cancel');
      if (again !== 'Verify Again') return undefined;
      force = true;
    }
    const def: DistilleryTaskDefinition = { type: 'distillery', command: 'verify', args: verifyTaskArgs({ scope, kind, cpuSeconds, memoryMb, concurrency, force }) };
    const name = `verify ${scopeName(scope)}`;
    const task = buildCliTask(def, { config: ctx.config, name, detail: `distillery verify ${before.scope} (${kind})` });
    ctx.log.info(`verification: starting on ${before.scope} (${kind}${force ? ', again' : ''})`);
    const code = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Verifying ${before.scope}…`, cancellable: true }, async (_p, token) => {
      const ended = runTaskToEnd(task);
      // Stopping the notification stops the task (verdicts written so far stay; running it again resumes).
      const sub = token.onCancellationRequested(() => {
        for (const e of vscode.tasks.taskExecutions) if (e.task === task || e.task.name === name) e.terminate();
      });
      try { return await ended; } finally { sub.dispose(); }
    });
    ctx.refresh();
    if (code !== 0) {
      void vscode.window.showErrorMessage(`Distillery: verification of ${before.scope} ${code === 130 || code === undefined ? 'was stopped; run it again to go on' : `failed (exit ${code}); the task's terminal says why`}.`);
      return undefined;
    }
    const msg = verifyMessage(await ctx.engine.request('verify/summary', scope));
    ctx.log.info(`verification: ${msg.text}`);
    const show = msg.warn ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(`Distillery: ${msg.text}`, 'Review Verdicts').then((c) => {
      if (c) void vscode.commands.executeCommand('distillery.reviewDataset', { ...(scope.dataset ? { dataset: { name: scope.dataset } } : {}), ...(scope.selection ? { selection: scope.selection } : {}), ...(scope.run ? { run: scope.run } : {}) });
    });
    return msg;
  } catch (e) {
    showEngineError(ctx.log, 'verification', e);
    return undefined;
  }
}
