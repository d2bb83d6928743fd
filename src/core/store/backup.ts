// Copies that keep everything: a checkpoint moves the WAL's pages (fresh labels) into the main file, and an
// online backup copies a consistent database while the engine and jobs keep writing. Copying the `.db` file
// alone can miss what is still in its `-wal` file.
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import type { Db } from './db';

export interface CheckpointResult { busy: boolean; walPages: number; checkpointed: number }

/** Moves what it can of the WAL into the database file without waiting for other connections (PASSIVE). */
export function checkpoint(db: Db): CheckpointResult {
  if (db.readonly || !db.open) return { busy: false, walPages: 0, checkpointed: 0 };
  const [row] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
  return { busy: row?.busy === 1, walPages: row?.log ?? 0, checkpointed: row?.checkpointed ?? 0 };
}

export interface BackupResult { out: string; pages: number; bytes: number; integrity: string; seconds: number }

/**
 * Writes a consistent copy of `db` to `out` with SQLite's online backup, checks the copy's integrity, and only
 * then gives it its name: an interrupted or failed backup leaves no file at `out`.
 */
export async function backupDatabase(db: Db, out: string, onProgress?: (done: number, total: number) => void): Promise<BackupResult> {
  const t0 = performance.now();
  const tmp = `${out}.partial-${process.pid}`;
  try {
    const r = await db.backup(tmp, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages);
        return 1024; // pages per step: other connections get turns between steps
      },
    });
    const copy = new Database(tmp, { fileMustExist: true });
    let integrity: string;
    let bytes: number;
    try {
      integrity = String(copy.pragma('integrity_check', { simple: true }));
      // The copy is a single file: no WAL beside it, so it can be moved and opened anywhere.
      copy.pragma('journal_mode = DELETE');
      bytes = (copy.pragma('page_count', { simple: true }) as number) * (copy.pragma('page_size', { simple: true }) as number);
    } finally {
      copy.close();
    }
    if (integrity !== 'ok') throw new Error(`the copy failed its integrity check: ${integrity}`);
    renameSync(tmp, out);
    return { out, pages: r.totalPages, bytes, integrity, seconds: (performance.now() - t0) / 1000 };
  } finally {
    for (const f of [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`]) if (existsSync(f)) rmSync(f, { force: true });
  }
}
