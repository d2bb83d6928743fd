// One command path (as rust-analyzer's editors/code): every command is an entry of one table, registered in one
// loop; commands that write the workspace database or run programs say so (needsTrust) and are refused in
// Restricted Mode by one check with one wording. Also the one setContext and the one way engine errors are shown.
import * as vscode from 'vscode';
import { REVIEW_KEYS } from './reviewKeys';
import type { CommandId, MainCommandId } from './commandIds';
import type { ContextKey } from './contexts';
import { describeEngineError } from './engineMessages';

export interface Command {
  id: CommandId;
  // Command arguments come from menus, keybindings and executeCommand callers: each entry narrows its own.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  run: (...args: any[]) => unknown;
  /** What is refused in Restricted Mode, as it reads in "Distillery: <needsTrust> is disabled in Restricted Mode…". */
  needsTrust?: string;
}

/** The main commands by id (the type makes the table name each exactly once), then the review panel's keys. */
export function commandTable(main: { [K in MainCommandId]: Omit<Command, 'id'> }, reviewKey: (command: (typeof REVIEW_KEYS)[number]['command']) => unknown): Command[] {
  return [
    ...(Object.entries(main) as [MainCommandId, Omit<Command, 'id'>][]).map(([id, c]) => ({ id, ...c })),
    ...REVIEW_KEYS.map((k): Command => ({ id: k.id, run: () => reviewKey(k.command) })),
  ];
}

export function registerCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, table: readonly Command[]): void {
  for (const c of table) {
    context.subscriptions.push(vscode.commands.registerCommand(c.id, (...args: unknown[]) =>
      c.needsTrust && !requireTrust(c.needsTrust, log) ? undefined : c.run(...args)));
  }
}

/** The one wording for whatever Restricted Mode blocks. */
export function untrustedMessage(what: string): string {
  return `Distillery: ${what} is disabled in Restricted Mode, because it writes to the workspace database or runs programs. Trust the workspace to use it.`;
}

/** True in a trusted workspace; otherwise says why not (unless quiet) and returns false. */
export function requireTrust(what: string, log: vscode.LogOutputChannel, opts: { quiet?: boolean } = {}): boolean {
  if (vscode.workspace.isTrusted) return true;
  if (opts.quiet) return false;
  const msg = untrustedMessage(what);
  log.warn(msg);
  void vscode.window.showWarningMessage(msg, 'Manage Workspace Trust').then((c) => {
    if (c) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}

export function setContext(key: ContextKey, value: boolean | string): void {
  void vscode.commands.executeCommand('setContext', key, value);
}

/**
 * Shows a failed engine request: a person's mistake (bad input, not found, busy) as a plain warning, a crash as
 * an error with "Show Output" (its stack is in the output). Cancelled requests show nothing.
 */
export function showEngineError(log: vscode.LogOutputChannel, doing: string, e: unknown): void {
  const d = describeEngineError(e);
  if (d.kind === 'Cancelled') return;
  if (d.userError) {
    log.warn(`${doing}: ${d.message}`);
    void vscode.window.showWarningMessage(`Distillery: ${doing}: ${d.message}`);
    return;
  }
  log.error(`${doing} failed: ${d.message}`);
  void vscode.window.showErrorMessage(`Distillery: ${doing} failed: ${d.message}`, 'Show Output').then((c) => {
    if (c) log.show(true);
  });
}
