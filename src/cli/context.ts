// What every CLI command shares: the global options, the output rules (--json: exactly one JSON object on stdout;
// human text and progress go to stderr) and how a command opens the database.
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DB_PATH, openDatabase, type Db } from '../core/store/db';
import { checkInputFileSync } from '../core/ingest/input-file';
import { ChatTemplateError, templateRenderer } from '../core/prompt/chat';
import { tokenizerSource, TokenizerPathError, useTokenizer } from '../core/tokenize/select';

export interface GlobalOptions { db?: string; json?: boolean }

/** 'read': the database must exist (read-only commands create nothing); 'write': created when missing, and said so. */
export type DbMode = 'read' | 'write';

export interface CliContext {
  globals(): GlobalOptions;
  /** The database path: --db, else DISTILLERY_DB, else DEFAULT_DB_PATH (core/store/paths.ts) under the current directory. */
  dbPath(): string;
  /** Opens the database for a command, with errors that name the path and say what to do. A command that will write
   *  (`write` mode, or `writes: true`) waits for another job's write to commit, saying so, instead of failing. */
  openDb(mode: DbMode, opts?: { writes?: boolean }): Db;
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

/** A number given to a flag: a blank value (`--seed ''`, an unset `$VAR`) is no number (NaN, refused by the
 *  caller's check) rather than Number('')'s 0, which took `--precision ''` for 0 places and `--port ''` for any port. */
export function cliNumber(v: string): number {
  return v.trim() === '' ? NaN : Number(v);
}

/** README's exit code for an input file that is there but refused for what it holds, as import refuses a file. */
export const EXIT_INPUT_REFUSED = 1;

/**
 * An input file refused for its content (not JSON, a row without its field, no rows, a schema's refusal): exit 1
 * (README: some input was refused). A path that is not there, or not a file, stays a CliError: a mistake in the
 * command, exit 2 (checkInputPath).
 */
export class InputRefusedError extends CliError {
  constructor(message: string, details?: unknown) {
    super(message, EXIT_INPUT_REFUSED, details);
  }
}

/** --chat-template PATH checked before any work: a wrong path exits 2, a file without a usable template 1. */
export function checkChatTemplate(path: string): void {
  try {
    templateRenderer(path);
  } catch (e) {
    if (!(e instanceof ChatTemplateError)) throw e;
    throw e.missing ? new CliError(`--chat-template ${e.message}`) : new InputRefusedError(`--chat-template ${e.message}`);
  }
}

/** --tokenizer PATH (else $DISTILLERY_TOKENIZER) resolved and loaded before any work (useTokenizer): a path that
 *  names no tokenizer file exits 2, a file that is not JSON or not a tokenizer.json 1, both naming the path and
 *  where it was given. Returns the resolved spec. Every command that counts tokens calls it first. */
export function tokenizerOption(spec: string | undefined): string {
  const from = tokenizerSource(spec) ?? '--tokenizer';
  try {
    return useTokenizer(spec);
  } catch (e) {
    throw e instanceof TokenizerPathError ? new CliError(`${from}: ${e.message}`) : new InputRefusedError(`${from}: ${(e as Error).message}`);
  }
}

/** The path given to `flag` as an input file: one that is missing, a folder or not a regular file is the caller's
 *  mistake (exit 2) in words; an empty file passes, for its reader to refuse as input (exit 1). */
export function checkInputPath(flag: string, path: string): void {
  const c = checkInputFileSync(path);
  if (c.ok || c.problem === 'file is empty') return;
  throw new CliError(`${flag} ${path}: ${c.problem.startsWith('file not found') ? `${c.problem} (check the path)` : c.problem}`);
}

/** Opens `path` as `mode` asks; `info` reports a database that had to be created. */
export function openCliDatabase(path: string, mode: DbMode, info: (m: string) => void): Db {
  const exists = existsSync(path);
  if (exists && statSync(path).isDirectory()) {
    throw new CliError(`--db ${path} is a folder, not a database file: pass a file path such as ${join(path, 'distillery.db')}`);
  }
  if (!exists && mode === 'read') {
    throw new CliError(`no database at ${path}: import data first (distillery --db ${path} import FILE), or point --db (or DISTILLERY_DB) at an existing database`);
  }
  try {
    const db = openDatabase(path);
    if (!exists) info(`created a new database at ${path}`);
    return db;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/readonly|read-only/i.test(message)) {
      // A database this user may not write (permissions, a read-only disk): commands that only read still work.
      if (mode === 'read') {
        try {
          return openDatabase(path, { readonly: true });
        } catch { /* said below */ }
      }
      throw new CliError(mode === 'read'
        ? `cannot read the database ${path}: it or its folder is read-only for this user, and SQLite writes beside a database in WAL mode even to read it (${message}). Copy the database (with any -wal file beside it) to a writable folder and pass that --db`
        : `cannot write the database ${path}: it or its folder is read-only for this user (${message}). Nothing was written; make the file and its folder writable, or copy the database to a writable place and pass that --db`);
    }
    throw new CliError(`cannot open the database ${path}: ${message}${/unable to open|EACCES|ENOTDIR|EEXIST/.test(message) ? ' (check that its folder exists and is writable)' : /not a database/.test(message) ? ' (it is not a SQLite database: pass another --db)' : ''}`);
  }
}

/** A CLI job waits this long for another writer (an import between its batches, a curation, an evaluation). */
export const CLI_WRITE_WAIT_MS = 30 * 60_000;

/**
 * A batch job that will write waits its turn rather than failing after SQLite's busy timeout: it asks for the write
 * lock once without waiting, says what it waits for when another job holds it, then waits up to CLI_WRITE_WAIT_MS.
 */
export function waitForWriters(db: Db, path: string, info: (m: string) => void, waitMs = CLI_WRITE_WAIT_MS): void {
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
  } catch (e) {
    if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
    info(`waiting for another job writing ${path} (an import, curation or evaluation) to commit; this command goes on when it does (Ctrl+C to stop)`);
  }
  db.pragma(`busy_timeout = ${waitMs}`);
}

/** Where a context writes: the process's streams in the CLI, strings in tests. */
export interface CliOutput { out(text: string): void; err(text: string): void }

const processOutput: CliOutput = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** The context every command gets; `dbPath` overrides --db / DISTILLERY_DB (tests). */
export function createCliContext(program: Command, output: CliOutput = processOutput, dbPath?: () => string): CliContext {
  const globals = () => program.opts<GlobalOptions>();
  const ctx: CliContext = {
    globals,
    dbPath: dbPath ?? (() => globals().db ?? process.env.DISTILLERY_DB ?? join(process.cwd(), DEFAULT_DB_PATH)),
    openDb: (mode, opts) => {
      const db = openCliDatabase(ctx.dbPath(), mode, ctx.info);
      if (mode === 'write' || opts?.writes) waitForWriters(db, ctx.dbPath(), ctx.info);
      return db;
    },
    emit(result, human) {
      output.out((globals().json ? JSON.stringify(result) : human(result as never)) + '\n');
    },
    info(message) {
      output.err(message + '\n');
    },
  };
  return ctx;
}
