// The runs dashboard's page and the command's argument, without vscode (unit tests read them under Node): the
// page's content security policy admits only the nonce's scripts and the extension's own files, and no
// 'unsafe-eval' (Vega runs through its expression interpreter).
import type { DashboardViewState } from '../shared/protocol';
import { webviewPageHtml } from './webviewPage';

/** What opens the dashboard: nothing (the palette), a run's name, a run node of the Datasets tree, or run names. */
export type DashboardArg = string | { run?: string; runs?: string[] } | undefined;

export function dashboardRunsOf(arg: DashboardArg): string[] {
  if (typeof arg === 'string') return [arg];
  if (arg?.runs) return arg.runs.filter((r) => typeof r === 'string');
  return typeof arg?.run === 'string' ? [arg.run] : [];
}

/** The page's HTML: the shared content security policy, the initial runs, the bundle (the nonce lets only it run). */
export function dashboardHtml(w: { cspSource: string }, asset: (file: string) => string, init: DashboardViewState, nonce: string): string {
  return webviewPageHtml({ cspSource: w.cspSource, asset, nonce, title: 'Distillery Runs', element: 'distillery-dashboard', bundle: 'dashboard', state: init });
}
