// What every CLI command shares: the global options and the output rules
// (--json: exactly one JSON object on stdout; human text and progress go to stderr).
import type { Command } from 'commander';

export interface GlobalOptions { db?: string; json?: boolean }

export interface CliContext {
  globals(): GlobalOptions;
  /** The database path: --db, else DISTILLERY_DB, else DEFAULT_DB_PATH (core/store/paths.ts) under the current directory. */
  dbPath(): string;
  /** Print the command's result: JSON on stdout with --json, else the human rendering. */
  emit(result: unknown, human: (r: never) => string): void;
  /** Human-readable line on stderr (never on stdout, so --json output stays parseable). */
  info(message: string): void;
}

/** A command module adds its subcommand(s) to the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** Thrown by commands for user errors: printed without a stack trace, exit code 2 unless given. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 2, readonly details?: unknown) {
    super(message);
  }
}
