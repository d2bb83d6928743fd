// The `distillery` task type: tasks that run the CLI (`node out/cli.js <command> --db <db> ...args`) as a
// ProcessExecution, so they show in the terminal, chain with dependsOn and can be written in tasks.json.
// buildCliTask is the one way a CLI run becomes a task (the provider, curation and evaluation use it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { requireTrust } from './commands';
import { Config } from './config';
import { findExecutable } from './findNode';
import { safeLabel } from './bidi';
import { curateTaskDefinition, decontaminationFiles } from './curateCommand';
import type { EngineClient } from './engine';
import { evalConfigArgs } from '../core/evaluate/config';
import { parseEvalConfigText } from '../core/evaluate/config-file';
import { type DistilleryTaskDefinition, TaskDefinitionError, taskArgv, validateTaskDefinition } from './taskArgs';

export const TASK_TYPE = 'distillery';
export const TASK_SOURCE = 'distillery';

export interface CliTaskOptions {
  config: Config;
  /** The task's name in the terminal and the task list. */
  name: string;
  scope?: vscode.TaskScope | vscode.WorkspaceFolder;
  /** Environment of the CLI process beyond VS Code's (e.g. DISTILLERY_API_KEY: never an argument). */
  env?: Record<string, string>;
  /** Shown under the name; defaults to the command line. */
  detail?: string;
  /** The definition object VS Code gave (resolveTask must keep it: tasks are matched by it). */
  originalDefinition?: vscode.TaskDefinition;
}

/** The task that runs `distillery <def.command> --db <workspace db> ...def.args` with distillery.nodePath's Node. */
export function buildCliTask(def: DistilleryTaskDefinition, o: CliTaskOptions): vscode.Task {
  const node = findExecutable(o.config.nodePath) ?? o.config.nodePath;
  const argv = taskArgv(def, { cliPath: o.config.cliPath, dbPath: o.config.databasePath });
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const env = { ...o.config.tokenizerEnv, ...o.env };
  const exec = new vscode.ProcessExecution(node, argv, { ...(cwd ? { cwd } : {}), ...(Object.keys(env).length ? { env } : {}) });
  const task = new vscode.Task(o.originalDefinition ?? def, o.scope ?? vscode.TaskScope.Workspace, o.name, TASK_SOURCE, exec, []);
  task.detail = o.detail ?? `distillery ${[def.command, ...(def.args ?? [])].join(' ')}`;
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  return task;
}

/** Runs a task and resolves with its exit code when its process ends. */
export async function runTaskToEnd(task: vscode.Task): Promise<number | undefined> {
  const ended = new Promise<number | undefined>((resolve) => {
    const sub = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution.task === task || e.execution.task.name === task.name) { sub.dispose(); resolve(e.exitCode); }
    });
  });
  await vscode.tasks.executeTask(task);
  return ended;
}

/** The data file shipped with the extension for "import sample data". */
export function sampleDataPath(config: Config): string {
  return path.join(config.extensionPath, 'samples', 's1k-sample-5.jsonl');
}

/** The first backend URL a task's arguments name (`--backend URL[,URL]` or `--backend=...`), if any. */
export function backendOf(def: DistilleryTaskDefinition): string | undefined {
  const args = def.args ?? [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = a === '--backend' ? args[i + 1] : a.startsWith('--backend=') ? a.slice('--backend='.length) : undefined;
    if (v) return v.split(',')[0].trim() || undefined;
  }
  return undefined;
}

export class DistilleryTaskProvider implements vscode.TaskProvider {
  /** Restricted Mode is said once: VS Code asks for tasks often. */
  private warnedUntrusted = false;
  /** The API key stored for a backend URL (SecretStorage, through the evaluation commands); none until set. */
  private keyFor: (url: string) => Promise<string | undefined> = async () => undefined;

  constructor(
    private readonly config: Config,
    private readonly log: vscode.LogOutputChannel,
    private readonly engine?: EngineClient,
  ) {}

  /**
   * stats and import sample data; once the database exists, curate (each data set, recipe s1k) and metrics (each
   * run); eval for each *.eval.json of the workspace.
   */
  /** Tasks that send requests to a backend (eval, generate) get the key stored for it, as Run Evaluation's do. */
  useApiKeys(keyFor: (url: string) => Promise<string | undefined>): void {
    this.keyFor = keyFor;
  }

  async provideTasks(): Promise<vscode.Task[]> {
    if (!this.trusted()) return [];
    const defs: { name: string; def: DistilleryTaskDefinition; detail?: string }[] = [];
    const sample = sampleDataPath(this.config);
    if (fs.existsSync(sample)) {
      defs.push({
        name: 'import sample data',
        def: { type: TASK_TYPE, command: 'import', args: [sample, '--dataset', 's1k-sample', '--preset', 'auto'] },
      });
    }
    // Reads of a database that does not exist yet would fail: these wait for the first import.
    if (fs.existsSync(this.config.databasePath)) {
      defs.push({ name: 'stats', def: { type: TASK_TYPE, command: 'stats', args: [] } });
      // Only from a running engine: the task list must not wait for one that is starting or down.
      const [datasets, runs] = this.engine?.state === 'ready' ? await Promise.all([
        this.engine.request('datasets/list', {}).catch(() => []),
        this.engine.request('runs/list', {}).catch(() => []),
      ]) : [[], []];
      const evals = await decontaminationFiles(this.config);
      for (const d of datasets.filter((x) => x.kind !== 'eval')) {
        defs.push({ name: `curate ${safeLabel(d.name)} (s1k)`, def: await curateTaskDefinition(this.config, d.name, 's1k', '1000', evals), detail: `distillery curate --dataset ${d.name} --recipe s1k --target 1000` });
      }
      for (const r of runs) defs.push({ name: `metrics ${safeLabel(r.name)}`, def: { type: TASK_TYPE, command: 'metrics', args: ['--run', r.name] } });
    }
    for (const f of await vscode.workspace.findFiles('**/*.eval.json', '**/node_modules/**', 50)) {
      try {
        const c = parseEvalConfigText(fs.readFileSync(f.fsPath, 'utf8'));
        defs.push({ name: `eval ${safeLabel(c.run)}`, def: { type: TASK_TYPE, command: 'eval', args: evalConfigArgs(c) }, detail: `${vscode.workspace.asRelativePath(f)}: ${c.benchmark} ${c.method}` });
      } catch (e) {
        this.log.debug(`tasks: ${f.fsPath} is not an evaluation config: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return Promise.all(defs.map(async ({ name, def, detail }) => {
      const t = await this.build(def, name, vscode.TaskScope.Workspace);
      if (detail) t.detail = detail;
      return t;
    }));
  }

  async resolveTask(task: vscode.Task): Promise<vscode.Task | undefined> {
    if (!this.trusted()) return undefined;
    try {
      const def = validateTaskDefinition(task.definition);
      // The same definition object must be kept on the resolved task (VS Code matches tasks by it).
      return await this.build(def, task.name, task.scope ?? vscode.TaskScope.Workspace, task.definition);
    } catch (e) {
      const msg = e instanceof TaskDefinitionError ? e.message : String(e);
      this.log.error(`tasks: invalid distillery task "${task.name}": ${msg}`);
      void vscode.window.showErrorMessage(`Distillery task "${task.name}": ${msg}`);
      return undefined;
    }
  }

  /**
   * Rebuilds the execution from the definition: everything the task runs comes from `def`, the settings and, for a
   * command with a --backend, the API key stored for it (its environment, never its arguments).
   */
  async build(
    def: DistilleryTaskDefinition,
    name: string,
    scope: vscode.TaskScope | vscode.WorkspaceFolder,
    originalDefinition?: vscode.TaskDefinition,
  ): Promise<vscode.Task> {
    const backend = backendOf(def);
    const key = backend ? await this.keyFor(backend).catch(() => undefined) : undefined;
    return buildCliTask(def, { config: this.config, name, scope, originalDefinition, env: key ? { DISTILLERY_API_KEY: key } : undefined });
  }

  private trusted(): boolean {
    const ok = requireTrust('running Distillery tasks', this.log, { quiet: this.warnedUntrusted });
    if (!ok) this.warnedUntrusted = true;
    return ok;
  }
}
