// The `distillery` task type: tasks that run the CLI (`node out/cli.js <command> --db <db> ...args`) as a
// ProcessExecution, so they show in the terminal, chain with dependsOn and can be written in tasks.json.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Config } from './config';
import { findExecutable } from './findNode';
import { type DistilleryTaskDefinition, TaskDefinitionError, taskArgv, validateTaskDefinition } from './taskArgs';

export const TASK_TYPE = 'distillery';
export const TASK_SOURCE = 'distillery';

/** The data file shipped with the extension for "import sample data". */
export function sampleDataPath(config: Config): string {
  return path.join(config.extensionPath, 'samples', 's1k-sample-5.jsonl');
}

export class DistilleryTaskProvider implements vscode.TaskProvider {
  private warnedUntrusted = false;

  constructor(
    private readonly config: Config,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  provideTasks(): vscode.Task[] {
    if (!vscode.workspace.isTrusted) {
      this.refuseUntrusted();
      return [];
    }
    const defs: { name: string; def: DistilleryTaskDefinition; group?: vscode.TaskGroup }[] = [
      { name: 'stats', def: { type: TASK_TYPE, command: 'stats', args: [] } },
    ];
    const sample = sampleDataPath(this.config);
    if (fs.existsSync(sample)) {
      defs.push({
        name: 'import sample data',
        def: { type: TASK_TYPE, command: 'import', args: [sample, '--dataset', 's1k-sample', '--preset', 'auto'] },
      });
    }
    return defs.flatMap(({ name, def }) => {
      const task = this.build(def, name, vscode.TaskScope.Workspace);
      return task ? [task] : [];
    });
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    if (!vscode.workspace.isTrusted) {
      this.refuseUntrusted();
      return undefined;
    }
    try {
      const def = validateTaskDefinition(task.definition);
      // The same definition object must be kept on the resolved task (VS Code matches tasks by it).
      return this.build(def, task.name, task.scope ?? vscode.TaskScope.Workspace, task.definition);
    } catch (e) {
      const msg = e instanceof TaskDefinitionError ? e.message : String(e);
      this.log.error(`tasks: invalid distillery task "${task.name}": ${msg}`);
      void vscode.window.showErrorMessage(`Distillery task "${task.name}": ${msg}`);
      return undefined;
    }
  }

  /** Rebuilds the execution from the definition: everything the task runs comes from `def` and the settings. */
  build(
    def: DistilleryTaskDefinition,
    name: string,
    scope: vscode.TaskScope | vscode.WorkspaceFolder,
    originalDefinition?: vscode.TaskDefinition,
  ): vscode.Task | undefined {
    const node = findExecutable(this.config.nodePath) ?? this.config.nodePath;
    const argv = taskArgv(def, { cliPath: this.config.cliPath, dbPath: this.config.databasePath });
    const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const exec = new vscode.ProcessExecution(node, argv, cwd ? { cwd } : {});
    const task = new vscode.Task(originalDefinition ?? def, scope, name, TASK_SOURCE, exec, []);
    task.detail = `distillery ${[def.command, ...(def.args ?? [])].join(' ')}`;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
    return task;
  }

  private refuseUntrusted(): void {
    if (this.warnedUntrusted) return;
    this.warnedUntrusted = true;
    const msg = 'Distillery tasks run programs from the workspace settings, so they are disabled in Restricted Mode. Trust the workspace to use them.';
    this.log.warn(`tasks: ${msg}`);
    void vscode.window.showWarningMessage(msg, 'Manage Workspace Trust').then((c) => {
      if (c) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  }
}
