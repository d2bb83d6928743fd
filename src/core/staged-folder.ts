// A folder written whole or not at all. When the folder is missing or empty, its files are written in a hidden folder
// beside it (`.<name>.<pid>-<n>.partial`) and moved into place by one rename at the end, so a failure or a kill -9
// leaves either the whole folder or nothing under the real name. Staging folders of processes that are gone are
// removed the next time one is made beside them.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { makeFolder } from './folders';

let made = 0;

/** An id for one staged output of this process, `PID-N`: part of every temporary name, so two outputs written by one
 *  process (the engine) never share one, and the sweep can tell whether the process that wrote it is gone. */
export function stagingId(): string {
  return `${process.pid}-${++made}`;
}

/** A hidden temporary name beside `target` (`.NAME.ID.partial`) for a file renamed into place when whole, after
 *  removing those of processes that are gone. */
export function tempBeside(target: string, id: string): string {
  sweepStale(dirname(target), `.${basename(target)}.`, '.partial', false);
  return join(dirname(target), `.${basename(target)}.${id}.partial`);
}

export class StagedFolder {
  /** Where to write: the hidden folder, renamed to `target` by commit(). */
  readonly path: string;
  /** The process and, within it, this folder (stagingId). */
  readonly id = stagingId();

  /** Throws the file system's error when the parent cannot be made; the caller words it. */
  constructor(readonly target: string) {
    const parent = dirname(target);
    sweepStale(parent, `.${basename(target)}.`, '.partial', true);
    makeFolder(parent);
    this.path = join(parent, `.${basename(target)}.${this.id}.partial`);
    mkdirSync(this.path);
  }

  /** Whether a folder can be staged for `target`: it is missing, or an empty folder (which the rename replaces). */
  static fits(target: string): boolean {
    if (!existsSync(target)) return true;
    try { return statSync(target).isDirectory() && readdirSync(target).length === 0; } catch { return false; }
  }

  /** Moves the folder into place. False (nothing moved) when `target` got files meanwhile. */
  commit(): boolean {
    try {
      renameSync(this.path, this.target);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') return false;
      throw e;
    }
  }

  discard(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** The process in an id `PID-N` (or a plain `PID`, as temporary names were before). */
export function pidOf(id: string): number {
  return /^\d+(-\d+)?$/.test(id) ? Number(id.split('-')[0]) : NaN;
}

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temporary files (or, with `folders`, staging folders) named `<prefix><id><suffix>` in `dir` whose
 *  process is gone, so that a kill -9 leaves nothing behind once the job is run again. A live one is left alone. */
function sweepStale(dir: string, prefix: string, suffix: string, folders: boolean): void {
  let names: string[];
  try { names = readdirSync(dir); } catch { return; }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(suffix)) continue;
    const pid = pidOf(name.slice(prefix.length, -suffix.length));
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isAlive(pid)) continue;
    const path = join(dir, name);
    try {
      if (statSync(path).isDirectory() !== folders) continue;
      rmSync(path, { recursive: true, force: true });
    } catch { /* gone already */ }
  }
}
