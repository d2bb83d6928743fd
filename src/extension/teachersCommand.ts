// `Distillery: Compare Teachers…`: two or more generation runs (a generation run's context menu starts with it
// ticked) shown in the runs dashboard, whose Teachers view compares them with `distillery teachers`' own figures.
import * as vscode from 'vscode';
import { safeLabel } from './bidi';
import { showEngineError } from './commands';
import type { DashboardArg } from './dashboardPage';
import type { EngineClient } from './engine';

export type CompareTeachersArg = string | { run?: string; runs?: string[] } | undefined;

/** Opens the dashboard on the runs compared; returns them (undefined when fewer than two were chosen). */
export async function compareTeachers(ctx: { engine: EngineClient; log: vscode.LogOutputChannel; showDashboard: (arg: DashboardArg) => void }, arg: CompareTeachersArg): Promise<string[] | undefined> {
  try {
    let runs = typeof arg === 'object' && arg.runs ? arg.runs.filter((r) => typeof r === 'string') : undefined;
    if (!runs) {
      const first = typeof arg === 'string' ? arg : arg?.run;
      const gens = (await ctx.engine.request('runs/dashboard', { runs: [] })).runs.filter((r) => r.kind === 'generate');
      if (gens.length < 2) {
        void vscode.window.showInformationMessage(`Distillery: comparing teachers takes two generation runs on the same questions; there ${gens.length === 1 ? 'is one' : 'are none'} yet. Generate Traces… on a selection with another teacher first.`);
        return undefined;
      }
      // Kept open when focus moves (a notification, the output panel): ticking several runs takes a while.
      const picked = await vscode.window.showQuickPick(gens.map((r) => ({ label: safeLabel(r.name), description: `${r.status} · ${r.done} traces${r.backend ? ` · ${r.backend}` : ''}`, picked: r.name === first, name: r.name })),
        { title: 'Compare which teachers? (two or more generation runs)', canPickMany: true, ignoreFocusOut: true });
      if (!picked) return undefined;
      runs = picked.map((p) => p.name);
    }
    if (runs.length < 2) {
      void vscode.window.showInformationMessage('Distillery: pick two or more generation runs to compare their teachers.');
      return undefined;
    }
    ctx.showDashboard({ runs });
    return runs;
  } catch (e) {
    showEngineError(ctx.log, 'comparing teachers', e);
    return undefined;
  }
}
