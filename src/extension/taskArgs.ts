// The pure part of the `distillery` task type: task definition → argv of the CLI process.
// No `vscode` import here, so unit tests under plain Node can check it.

/** The shape of a `distillery` task in tasks.json (package.json contributes.taskDefinitions). */
export interface DistilleryTaskDefinition {
  type: 'distillery';
  /** CLI subcommand, e.g. "import", "stats". */
  command: string;
  /** Further arguments, passed as they are (no shell). */
  args?: string[];
}

export interface TaskArgvContext {
  /** Absolute path of the bundled CLI (`<extension>/out/cli.js`). */
  cliPath: string;
  /** Absolute path of the workspace database, passed as `--db` unless the task gives its own. */
  dbPath: string;
}

export class TaskDefinitionError extends Error {}

const COMMAND_RE = /^[a-z][a-z0-9-]*$/;

/** Checks a task definition from tasks.json (untyped JSON) and returns it typed, or throws TaskDefinitionError. */
export function validateTaskDefinition(def: unknown): DistilleryTaskDefinition {
  if (typeof def !== 'object' || def === null) throw new TaskDefinitionError('task definition must be an object');
  const d = def as Record<string, unknown>;
  if (d.type !== 'distillery') throw new TaskDefinitionError(`task type must be "distillery", not ${JSON.stringify(d.type)}`);
  if (typeof d.command !== 'string' || !COMMAND_RE.test(d.command)) {
    throw new TaskDefinitionError(`"command" must be a distillery subcommand such as "import" or "stats", not ${JSON.stringify(d.command)}`);
  }
  if (d.args !== undefined && (!Array.isArray(d.args) || d.args.some((a) => typeof a !== 'string'))) {
    throw new TaskDefinitionError('"args" must be an array of strings');
  }
  return { type: 'distillery', command: d.command, args: d.args === undefined ? undefined : [...(d.args as string[])] };
}

function hasDbOption(args: readonly string[]): boolean {
  return args.some((a) => a === '--db' || a.startsWith('--db='));
}

/**
 * The arguments after `node`: `<cli.js> <command> --db <db> ...args`.
 * `--db` is left out when the task's own args already name a database.
 */
export function taskArgv(def: DistilleryTaskDefinition, ctx: TaskArgvContext): string[] {
  const d = validateTaskDefinition(def);
  const args = d.args ?? [];
  return [ctx.cliPath, d.command, ...(hasDbOption(args) ? [] : ['--db', ctx.dbPath]), ...args];
}

/** A readable task name from a definition, e.g. "import data/a.jsonl --dataset a". */
export function taskLabel(def: DistilleryTaskDefinition): string {
  return [def.command, ...(def.args ?? [])].join(' ');
}
