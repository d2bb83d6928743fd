// The questions some commands put to a person (input boxes, quick picks, notifications with buttons), through one
// object: VS Code's own window functions, unchanged for users. The host tests answer them by replacing the object's
// members through the API (`prompts` in extension.ts), since nothing can type into a real input box from a test.
import * as vscode from 'vscode';

export type MessageKind = 'info' | 'warning' | 'error';

export interface Prompts {
  inputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions & { canPickMany?: false }): Thenable<T | undefined>;
  quickPickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T[] | undefined>;
  /** A notification; resolves to the button chosen, or undefined when it is dismissed. */
  message(kind: MessageKind, text: string, ...actions: string[]): Thenable<string | undefined>;
}

/** VS Code's own prompts (a new object each time: replacing a member of one changes no other). */
export function windowPrompts(): Prompts {
  return {
    inputBox: (options) => vscode.window.showInputBox(options),
    quickPick: (items, options) => vscode.window.showQuickPick(items, options),
    quickPickMany: (items, options) => vscode.window.showQuickPick(items, { ...options, canPickMany: true }),
    message: (kind, text, ...actions) => (kind === 'error' ? vscode.window.showErrorMessage(text, ...actions)
      : kind === 'warning' ? vscode.window.showWarningMessage(text, ...actions) : vscode.window.showInformationMessage(text, ...actions)),
  };
}
