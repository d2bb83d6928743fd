// The questions some commands put to a person (input boxes, quick picks, notifications with buttons), through one
// object: VS Code's own window functions, unchanged for users. The host tests answer them by replacing the object's
// members through the API (`prompts` in extension.ts), since nothing can type into a real input box from a test.
import * as vscode from 'vscode';

export type MessageKind = 'info' | 'warning' | 'error';

export interface Prompts {
  inputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions & { canPickMany?: false }): Thenable<T | undefined>;
  /** Several items, returned in the order they were ticked (VS Code's own list gives them in list order). */
  quickPickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T[] | undefined>;
  /** A notification; resolves to the button chosen, or undefined when it is dismissed. */
  message(kind: MessageKind, text: string, ...actions: string[]): Thenable<string | undefined>;
}

/** VS Code's own prompts (a new object each time: replacing a member of one changes no other). */
export function windowPrompts(): Prompts {
  return {
    inputBox: (options) => vscode.window.showInputBox(options),
    quickPick: (items, options) => vscode.window.showQuickPick(items, options),
    quickPickMany: (items, options) => pickManyInOrder(items, options),
    message: (kind, text, ...actions) => (kind === 'error' ? vscode.window.showErrorMessage(text, ...actions)
      : kind === 'warning' ? vscode.window.showWarningMessage(text, ...actions) : vscode.window.showInformationMessage(text, ...actions)),
  };
}

/**
 * A multi-select quick pick whose answer keeps the order the items were ticked in (the first ticked first; items
 * ticked beforehand, `picked`, come first in list order). showQuickPick's answer is in list order, which would make
 * the first run in the list the report's baseline whatever was ticked first.
 */
function pickManyInOrder<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T[] | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<T>();
    qp.canSelectMany = true;
    qp.title = options.title;
    qp.placeholder = options.placeHolder;
    qp.ignoreFocusOut = options.ignoreFocusOut ?? false;
    qp.matchOnDescription = options.matchOnDescription ?? false;
    qp.matchOnDetail = options.matchOnDetail ?? false;
    qp.items = items;
    let order: T[] = items.filter((i) => i.picked);
    qp.selectedItems = order;
    let answer: T[] | undefined;
    qp.onDidChangeSelection((sel) => {
      order = [...order.filter((i) => sel.includes(i)), ...sel.filter((i) => !order.includes(i))];
    });
    qp.onDidAccept(() => {
      answer = order.filter((i) => qp.selectedItems.includes(i));
      qp.hide();
    });
    qp.onDidHide(() => {
      qp.dispose();
      resolve(answer);
    });
    qp.show();
  });
}
