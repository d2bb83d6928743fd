// The runs dashboard's page and the command's argument, without vscode (unit tests read them under Node): the
// page's content security policy admits only the nonce's scripts and the extension's own files, and no
// 'unsafe-eval' (Vega runs through its expression interpreter).
import type { DashboardViewState } from '../shared/protocol';

/** What opens the dashboard: nothing (the palette), a run's name, a run node of the Datasets tree, or run names. */
export type DashboardArg = string | { run?: string; runs?: string[] } | undefined;

export function dashboardRunsOf(arg: DashboardArg): string[] {
  if (typeof arg === 'string') return [arg];
  if (arg?.runs) return arg.runs.filter((r) => typeof r === 'string');
  return typeof arg?.run === 'string' ? [arg.run] : [];
}

/** The page's HTML: the content security policy, the initial runs, the bundle (the nonce lets only it run). */
export function dashboardHtml(w: { cspSource: string }, asset: (file: string) => string, init: DashboardViewState, nonce: string): string {
  // Vega's SVG sets style attributes; scripts run only with the nonce (no 'unsafe-eval'); nothing leaves the extension.
  const csp = [
    "default-src 'none'",
    `img-src ${w.cspSource} data:`,
    `style-src ${w.cspSource} 'unsafe-inline'`,
    `font-src ${w.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const state = JSON.stringify(init).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en"><head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('dashboard.css')}">
<title>Distillery Runs</title>
</head><body>
<distillery-dashboard></distillery-dashboard>
<script nonce="${nonce}" id="distillery-init" type="application/json">${state}</script>
<script nonce="${nonce}" src="${asset('dashboard.js')}"></script>
</body></html>`;
}
