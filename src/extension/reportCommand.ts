// `Distillery: Open Report…`: evaluation runs picked by keyboard, `distillery report` run as a task (its terminal
// shows progress and errors), then report.md opened in VS Code's Markdown preview.
import * as vscode from 'vscode';
import type { Config } from './config';
import { showEngineError } from './commands';
import type { EngineClient } from './engine';
import type { Prompts } from './prompts';
import type { DistilleryTaskDefinition } from './taskArgs';
import { buildCliTask, runTaskToEnd } from './tasks';
import { safeLabel } from './bidi';

export interface ReportArgs { runs?: string[]; out?: string; open?: boolean }

/** The report task's arguments; `force` writes into a folder that already has files (the CLI refuses without it). */
export function reportTaskArgs(runs: readonly string[], out: string, force = false): string[] {
  return ['--run', runs.join(','), '--out', out, ...(force ? ['--force'] : [])];
}

/** Where a report of `runs` goes by default: reports/<runs> under the workspace. */
export function defaultReportDir(root: vscode.Uri, runs: readonly string[]): vscode.Uri {
  return vscode.Uri.joinPath(root, 'reports', runs.join('+').replace(/[^A-Za-z0-9._+-]+/g, '-').slice(0, 120) || 'report');
}

/** Programmatic callers (tests, the dashboard) pass the runs and skip the picker; returns report.md's path. */
export async function openReport(ctx: { config: Config; engine: EngineClient; log: vscode.LogOutputChannel; prompts: Prompts }, args: ReportArgs = {}): Promise<string | undefined> {
  try {
    let runs = args.runs;
    if (!runs?.length) {
      const all = await ctx.engine.request('runs/list', {});
      if (!all.length) {
        void ctx.prompts.message('info', 'Distillery: no evaluation run to report on yet. Run an evaluation first.', 'Run Evaluation…')
          .then((c) => { if (c) void vscode.commands.executeCommand('distillery.runEvaluation'); });
        return undefined;
      }
      // Kept open when focus moves (a notification, the output panel): ticking several runs takes a while.
      const picks = await ctx.prompts.quickPickMany(all.map((r) => ({
        label: safeLabel(r.name), name: r.name, picked: all.length === 1,
        description: `${r.status} · ${r.results} results${r.backend === 'replay' ? ' · replay (not a model)' : ''}`,
        detail: r.methods.join(', '),
      })), { title: 'Report on which runs? (several compare side by side; the first picked is the baseline)', ignoreFocusOut: true });
      if (!picks?.length) return undefined;
      runs = picks.map((p) => p.name);
    }
    let out = args.out;
    // The editor's own folder for these runs (reports/<runs>) is written again each time the report is asked for;
    // a folder a caller names is refused when it has files in it, as on the command line.
    const own = !out;
    if (!out) {
      const root = vscode.workspace.workspaceFolders?.[0]?.uri;
      if (!root) {
        void vscode.window.showWarningMessage('Distillery: open a folder first; the report is written under its reports/ folder.');
        return undefined;
      }
      out = defaultReportDir(root, runs).fsPath;
    }
    const def: DistilleryTaskDefinition = { type: 'distillery', command: 'report', args: reportTaskArgs(runs, out, own) };
    const code = await runTaskToEnd(buildCliTask(def, { config: ctx.config, name: `report ${runs.join(', ')}` }));
    if (code !== 0) {
      void vscode.window.showErrorMessage(`Distillery: the report on ${runs.join(', ')} failed (exit ${code}); the task's terminal says why.`);
      return undefined;
    }
    const report = vscode.Uri.joinPath(vscode.Uri.file(out), 'report.md');
    if (args.open !== false) {
      await vscode.commands.executeCommand('markdown.showPreview', report).then(undefined, () => vscode.window.showTextDocument(report));
    }
    return report.fsPath;
  } catch (e) {
    showEngineError(ctx.log, 'report', e);
    return undefined;
  }
}
