// Where an export's files go, and how they get there: each to a temporary name, all moved into place at the end,
// so a failed or interrupted export leaves no partial file under a real name, and never part of an export's files.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { InvalidInputError } from '../errors';
import { isAlive, pidOf, StagedFolder, stagingId, tempBeside } from '../staged-folder';
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
 *  Into a folder the export creates (or an empty one), everything is written in a hidden folder beside it, moved into
 *  place by one rename (StagedFolder): a kill leaves the whole export or nothing. Into a folder that holds files, each
 *  file is written beside its target and the moves are recorded first in a commit journal
 *  (`.distillery-export.<pid>-<n>.commit`): a kill in the middle of them leaves that journal, and the next export to
 *  the folder finishes the moves before anything else (every staged file was complete before the first move). */
export class Staging {
  private readonly files: { tmp: string; target: string }[] = [];
  private readonly stage: StagedFolder | null = null;
  private readonly id: string;

  /** `out` is the path the user gave, for messages. */
  constructor(private readonly folder: string, out: string) {
    if (StagedFolder.fits(folder)) {
      try {
        this.stage = new StagedFolder(folder);
      } catch (e) {
        throw new InvalidInputError(`cannot create the folder ${folder} for --out ${out}: ${(e as Error).message} (choose a writable folder; nothing was written)`);
      }
      this.id = this.stage.id;
    } else {
      this.id = stagingId();
    }
  }

  tmpFor(target: string): string {
    if (dirname(target) !== this.folder) throw new Error(`internal: ${target} is not in ${this.folder}`);
    if (this.stage) {
      const tmp = join(this.stage.path, basename(target));
      this.files.push({ tmp, target });
      return tmp;
    }
    const tmp = tempBeside(target, this.id);
    this.files.push({ tmp, target });
    return tmp;
  }

  commit(): void {
    // The folder got files while the export ran (another program wrote there): the files go in one by one.
    if (this.stage?.commit()) { this.files.length = 0; return; }
    // manifest.json last: while the moves run, a folder with a manifest holds the files it lists.
    const order = [...this.files].sort((a, b) => Number(basename(a.target) === MANIFEST) - Number(basename(b.target) === MANIFEST));
    const journal = join(this.folder, `${JOURNAL_PREFIX}${this.id}${JOURNAL_SUFFIX}`);
    writeJournal(journal, order.map((f) => ({ tmp: basename(f.tmp), staged: this.stage !== null, target: basename(f.target) })));
    for (const f of order) if (basename(f.target) === MANIFEST) rmSync(f.target, { force: true });
    for (const f of order) renameSync(f.tmp, f.target);
    unlinkSync(journal);
    this.stage?.discard();
    this.files.length = 0;
  }

  /** Deletes every temporary file (after a failure). */
  discard(): void {
    if (this.stage) this.stage.discard();
    else for (const f of this.files) { try { unlinkSync(f.tmp); } catch { /* never created */ } }
    this.files.length = 0;
  }
}

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

/** Finishes the moves of an export to this folder that was killed during them (its process is gone), so that the
 *  folder holds that whole export rather than part of it. Returns a sentence for each one finished. */
export function finishKilledCommits(folder: string): string[] {
  let names: string[];
  try { names = readdirSync(folder); } catch { return []; }
  const notes: string[] = [];
  for (const name of names) {
    if (!name.startsWith(JOURNAL_PREFIX)) continue;
    const path = join(folder, name);
    if (name.endsWith(`${JOURNAL_SUFFIX}.tmp`)) {
      // Killed while writing its journal, before any move: nothing to finish.
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
