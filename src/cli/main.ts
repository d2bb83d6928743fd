// The `distillery` command: the CLI twin of the extension, and what VS Code tasks run.
import { Command, CommanderError } from 'commander';
import { join } from 'node:path';
import { CliError, type CliContext, type GlobalOptions } from './context';
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
import { DEFAULT_DB_PATH } from '../core/store/db';
import { VERSION } from '../core/version';

function main(argv: string[]): void {
  const program = new Command('distillery')
    .description('Build, curate, review and evaluate reasoning-distillation data sets.')
    .version(VERSION)
    .option('--db <path>', `SQLite database (default: $DISTILLERY_DB or ${DEFAULT_DB_PATH})`)
    .option('--json', 'print one JSON object on stdout (human text goes to stderr)')
    .showHelpAfterError()
    .exitOverride();

  const ctx: CliContext = {
    globals: () => program.opts<GlobalOptions>(),
    dbPath: () => program.opts<GlobalOptions>().db ?? process.env.DISTILLERY_DB ?? join(process.cwd(), DEFAULT_DB_PATH),
    emit(result, human) {
      if (program.opts<GlobalOptions>().json) process.stdout.write(JSON.stringify(result) + '\n');
      else process.stdout.write(human(result as never) + '\n');
    },
    info(message) {
      process.stderr.write(message + '\n');
    },
  };

  for (const register of [registerImport, registerStats, registerIndex, registerGrade, registerEval, registerMetrics, registerServeReplay,
    registerCurate, registerAnnotations, registerSelection, registerTokens]) register(program, ctx);

  program.parseAsync(argv).catch((e: unknown) => {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode;
      return;
    }
    const json = program.opts<GlobalOptions>().json;
    const message = e instanceof Error ? e.message : String(e);
    if (json) process.stdout.write(JSON.stringify({ error: message, ...(e instanceof CliError && e.details ? { details: e.details } : {}) }) + '\n');
    process.stderr.write(`distillery: ${message}\n`);
    if (!(e instanceof CliError) && process.env.DISTILLERY_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    process.exitCode = e instanceof CliError ? e.exitCode : 1;
  });
}

main(process.argv);
