// The `distillery` command: the CLI twin of the extension, and what VS Code tasks run.
import './prestart'; // first: starts an import's parse workers before the rest loads
import { Command, CommanderError } from 'commander';
import { CliError, createCliContext, type GlobalOptions } from './context';
import { registerImport } from './commands/import';
import { registerStats } from './commands/stats';
import { registerIndex } from './commands/index-fts';
import { registerGrade } from './commands/grade';
import { registerEval } from './commands/eval';
import { registerMetrics } from './commands/metrics';
import { registerServeReplay } from './commands/serve-replay';
import { registerCurate } from './commands/curate';
import { registerAnnotations } from './commands/annotations';
import { registerSelection } from './commands/selection';
import { registerTokens } from './commands/tokens';
import { registerBackup } from './commands/backup';
import { registerMix } from './commands/mix';
import { registerExport } from './commands/export';
import { registerVerify } from './commands/verify';
import { registerTrain } from './commands/train';
import { registerGenerate } from './commands/generate';
import { registerTeachers } from './commands/teachers';
import { registerGenerateQuestions } from './commands/generate-questions';
import { registerReport } from './commands/report';
import { DEFAULT_DB_PATH } from '../core/store/db';
import { VERSION } from '../core/version';
import { redact } from '../core/redact';

/** A reader of stdout that went away (`| head`) ends the command quietly, as git and jq do: with 0, or with the code
 *  the command has already set (a refused import, a failed training run), which the error arrives after. */
function quietOnClosedStdout(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw e;
  });
}

/**
 * A reader of stderr that went away (`2> >(head -c1)`, `2>&1 | head -1`) stops the messages, not the job: stderr
 * carries progress and the trainer's output in the middle of long jobs, and ending there left a training run
 * 'running' forever and a job's work half done with exit 0. The job goes on and ends with its own code.
 */
function quietOnClosedStderr(): void {
  process.stderr.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
    process.stderr.write = ((_chunk: unknown, enc?: unknown, cb?: unknown) => {
      const done = typeof enc === 'function' ? enc : cb;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    }) as typeof process.stderr.write;
  });
}

/** A usage error's text for --json: commander's message without its 'error: ' prefix. */
function usageMessage(e: CommanderError): string {
  if (e.code === 'commander.help') return "no command to run: see 'distillery --help' for the commands";
  return redact(e.message.replace(/^error: /, ''));
}

function main(argv: string[]): void {
  quietOnClosedStdout();
  quietOnClosedStderr();
  const program = new Command('distillery')
    .description('Build, curate, review and evaluate reasoning-distillation data sets.')
    .version(VERSION, '-V, --version', "print Distillery's version (through npx: npx distillery -V)")
    .option('--db <path>', `SQLite database (default: $DISTILLERY_DB or ${DEFAULT_DB_PATH})`)
    .option('--json', 'print one JSON object on stdout (human text goes to stderr)')
    // A usage error is one line and a pointer, not the whole help pushing the error off the screen.
    .showHelpAfterError("(see 'distillery --help' or 'distillery COMMAND --help')")
    .exitOverride();

  const ctx = createCliContext(program);

  for (const register of [registerImport, registerStats, registerIndex, registerGrade, registerEval, registerMetrics, registerServeReplay,
    registerCurate, registerAnnotations, registerSelection, registerTokens, registerBackup, registerMix, registerExport, registerVerify,
    registerTrain, registerGenerate, registerGenerateQuestions, registerTeachers, registerReport]) register(program, ctx);

  program.parseAsync(argv).catch((e: unknown) => {
    if (e instanceof CommanderError) {
      // help and --version exit 0; a usage error is 2, like every other mistake of the caller
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      // Commander has said it on stderr; with --json a script reading stdout gets the same one object as for any
      // other error, not an empty stdout.
      if (e.exitCode !== 0 && program.opts<GlobalOptions>().json) process.stdout.write(JSON.stringify({ error: usageMessage(e) }) + '\n');
      return;
    }
    const json = program.opts<GlobalOptions>().json;
    // The last guard: whatever failed, no key reaches the terminal or the --json output.
    const message = redact(e instanceof Error ? e.message : String(e));
    if (json) process.stdout.write(JSON.stringify({ error: message, ...(e instanceof CliError && e.details ? { details: e.details } : {}) }) + '\n');
    process.stderr.write(`distillery: ${message}\n`);
    if (!(e instanceof CliError) && process.env.DISTILLERY_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    process.exitCode = e instanceof CliError ? e.exitCode : 1;
  });
}

main(process.argv);
