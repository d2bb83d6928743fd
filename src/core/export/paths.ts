// Where an export's files go, and how they get there: each to a temporary name, all moved into place at the end,
// so a failed or interrupted export leaves no partial file under a real name, and never part of an export's files.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
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

/** Temporary files that become their targets only through commit().
 *
 *  Into a folder the export creates, everything is written in a hidden folder beside it (`.<folder>.<pid>.partial`),
 *  renamed into place at the end: one rename, so a kill leaves the whole export or nothing. Into a folder that exists
 *  (it may hold other files), each file is written beside its target and the renames are recorded first in a commit
 *  journal (`.distillery-export.<pid>.commit`): a kill in the middle of them leaves that journal, and the next export
 *  to the folder finishes the renames before anything else (every staged file was complete before the first rename). */
export class Staging {
  private readonly files: { tmp: string; target: string }[] = [];
  /** The hidden folder everything is written in, when the export creates its folder. */
  private readonly stage: string | null;
  /** The process and, within it, this export (the engine may run two at once): a part of every temporary name. */
  private readonly id = `${process.pid}-${++exports}`;

  /** `out` is the path the user gave, for messages. */
  constructor(private readonly folder: string, out: string) {
    const parent = dirname(folder);
    sweepStale(parent, `.${basename(folder)}.`, '.partial', true);
    if (existsSync(folder)) {
      this.stage = null;
      return;
    }
    const stage = join(parent, `.${basename(folder)}.${this.id}.partial`);
    try {
      makeFolder(parent);
      mkdirSync(stage);
    } catch (e) {
      throw new InvalidInputError(`cannot create the folder ${folder} for --out ${out}: ${(e as Error).message} (choose a writable folder; nothing was written)`);
    }
    this.stage = stage;
  }

  tmpFor(target: string): string {
    if (dirname(target) !== this.folder) throw new Error(`internal: ${target} is not in ${this.folder}`);
    const tmp = this.stage ? join(this.stage, basename(target)) : join(this.folder, `.${basename(target)}.${this.id}.partial`);
    if (!this.stage) sweepStale(this.folder, `.${basename(target)}.`, '.partial', false);
    this.files.push({ tmp, target });
    return tmp;
  }

  commit(): void {
    if (this.stage) {
      try {
        renameSync(this.stage, this.folder);
        this.files.length = 0;
        return;
      } catch (e) {
        // The folder appeared while the export ran (another program made it): the files go in one by one.
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
      }
    }
    // manifest.json last: while the renames run, a folder with a manifest holds the files it lists.
    const order = [...this.files].sort((a, b) => Number(basename(a.target) === MANIFEST) - Number(basename(b.target) === MANIFEST));
    const journal = join(this.folder, `${JOURNAL_PREFIX}${this.id}${JOURNAL_SUFFIX}`);
    writeJournal(journal, order.map((f) => ({ tmp: basename(f.tmp), staged: dirname(f.tmp) !== this.folder, target: basename(f.target) })));
    for (const f of order) if (basename(f.target) === MANIFEST) rmSync(f.target, { force: true });
    for (const f of order) renameSync(f.tmp, f.target);
    unlinkSync(journal);
    if (this.stage) rmSync(this.stage, { recursive: true, force: true });
    this.files.length = 0;
  }

  /** Deletes every temporary file (after a failure). */
  discard(): void {
    if (this.stage) rmSync(this.stage, { recursive: true, force: true });
    else for (const f of this.files) { try { unlinkSync(f.tmp); } catch { /* never created */ } }
    this.files.length = 0;
  }
}

let exports = 0;
const MANIFEST = 'manifest.json';
const JOURNAL_PREFIX = '.distillery-export.';
const JOURNAL_SUFFIX = '.commit';
/** Names only (each file in the folder, or in its staging folder when `staged`): a journal read back can name
 *  nothing outside the folder. */
type JournalEntry = { tmp: string; staged: boolean; target: string };

/** The journal is complete or absent: written beside itself, then renamed. */
function writeJournal(path: string, entries: JournalEntry[]): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify({ files: entries }) + '\n');
  renameSync(tmp, path);
}

/** Finishes the renames of an export to this folder that was killed during them (its process is gone), so that the
 *  folder holds that whole export rather than part of it. Returns a sentence for each journal finished. */
export function finishKilledCommits(folder: string): string[] {
  let names: string[];
  try { names = readdirSync(folder); } catch { return []; }
  const notes: string[] = [];
  for (const name of names) {
    if (!name.startsWith(JOURNAL_PREFIX)) continue;
    const path = join(folder, name);
    if (name.endsWith(`${JOURNAL_SUFFIX}.tmp`)) {
      // Killed while writing its journal, before any rename: nothing to finish.
      if (!isAlive(pidOf(name.slice(JOURNAL_PREFIX.length, -`${JOURNAL_SUFFIX}.tmp`.length)))) rmSync(path, { force: true });
      continue;
    }
    if (!name.endsWith(JOURNAL_SUFFIX)) continue;
    const id = name.slice(JOURNAL_PREFIX.length, -JOURNAL_SUFFIX.length);
    const pid = pidOf(id);
    if (isAlive(pid)) continue;
    let entries: JournalEntry[];
    try {
      entries = (JSON.parse(readFileSync(path, 'utf8')) as { files: JournalEntry[] }).files;
    } catch {
      rmSync(path, { force: true });
      continue;
    }
    const stage = join(dirname(folder), `.${basename(folder)}.${id}.partial`);
    const moved: string[] = [];
    for (const e of entries) {
      const tmp = join(e.staged ? stage : folder, basename(e.tmp));
      if (existsSync(tmp)) { renameSync(tmp, join(folder, basename(e.target))); moved.push(basename(e.target)); }
    }
    unlinkSync(path);
    rmSync(stage, { recursive: true, force: true });
    notes.push(`finished an export to ${folder} that was killed while moving its files into place (process ${pid})${moved.length ? `: moved ${moved.join(', ')}` : ''}`);
  }
  return notes;
}

/** The process in an id `PID-N` (or a plain `PID`, as temporary names were before). */
function pidOf(id: string): number {
  return /^\d+(-\d+)?$/.test(id) ? Number(id.split('-')[0]) : NaN;
}

/** Removes the temporary files (or staging folders) of exports that were killed (their process is gone), so that a
 *  kill -9 leaves nothing behind once the export is run again. A live export's files are left alone. */
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

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
