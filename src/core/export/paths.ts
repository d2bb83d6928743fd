// Where an export's files go, and how they get there: each to a temporary name beside it, all renamed at the end,
// so a failed or interrupted export leaves no partial file under a real name.
import { existsSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { InvalidInputError } from '../errors';
import { makeFolder } from '../folders';
import type { SplitName } from './split';

/** The data file of each split: `--out` itself without a split, else `<stem>-train<ext>` and `<stem>-validation<ext>`. */
export function dataPaths(out: string, split: boolean): Partial<Record<SplitName | 'all', string>> {
  if (!split) return { all: out };
  const ext = extname(out);
  const stem = out.slice(0, out.length - ext.length);
  return { train: `${stem}-train${ext}`, validation: `${stem}-validation${ext}` };
}

/** Refuses before anything is written: a folder in the way, or an existing file without --force. */
export function checkTargets(paths: readonly string[], force: boolean): void {
  for (const p of paths) {
    if (!existsSync(p)) continue;
    if (statSync(p).isDirectory()) throw new InvalidInputError(`${p} is a folder: pass a file path for --out (nothing was written)`);
    if (!force) throw new InvalidInputError(`${p} already exists: pass --force to replace it, or choose another --out (nothing was written)`);
  }
}

/** Creates the output folder; a path that cannot hold files is the caller's mistake, said with the path. */
export function ensureFolder(out: string): void {
  const dir = dirname(out);
  try {
    makeFolder(dir);
  } catch (e) {
    throw new InvalidInputError(`cannot create the folder ${dir} for --out ${out}: ${(e as Error).message} (choose a writable folder; nothing was written)`);
  }
}

/** Temporary files that become their targets only through commit(). */
export class Staging {
  private readonly files: { tmp: string; target: string }[] = [];

  tmpFor(target: string): string {
    sweepStale(target);
    const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
    this.files.push({ tmp, target });
    return tmp;
  }

  commit(): void {
    for (const f of this.files) renameSync(f.tmp, f.target);
    this.files.length = 0;
  }

  /** Deletes every temporary file (after a failure). */
  discard(): void {
    for (const f of this.files) { try { unlinkSync(f.tmp); } catch { /* never created */ } }
    this.files.length = 0;
  }
}

/** Removes the temporary files of an export to this target that was killed (its process is gone), so that a
 *  kill -9 leaves nothing behind once the export is run again. A live export's files are left alone. */
function sweepStale(target: string): void {
  const dir = dirname(target);
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try { names = readdirSync(dir); } catch { return; }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.partial')) continue;
    const pid = Number(name.slice(prefix.length, -'.partial'.length));
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isAlive(pid)) continue;
    try { unlinkSync(join(dir, name)); } catch { /* gone already */ }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
