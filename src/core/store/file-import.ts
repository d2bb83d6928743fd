// One file's import, committed in batches: the dataset (made on first use), the file's row in dataset_files, its
// samples and traces, and the counts so far with each batch. Between batches other writers (a person's label in
// the panel, another job) take their turn instead of waiting for the whole file.
//
// A file is still all or nothing. Refused before its first batch commits (every refusal of the file as a whole,
// and any bad row in the first batch, which is every file of up to a few MB), the transaction rolls back and the
// database file is byte-identical. Refused later (a bad row far down a large file), the batches it committed are
// taken back in one transaction: the rows it inserted (found by first_file_id; their traces and labels go with
// them), the traces it added to samples stored before, and each sample it changed as it was; the dataset's rows
// are then as before. A killed import leaves its committed batches, which is safe: content hashes make the
// re-run add the rest and nothing twice.
import type { Db } from './db';
import { ensureDataset, findDatasetId, touchDataset } from './datasets';
import { SampleWriter, type Stored, type UndoLog, type WriteCounts } from './sample-writer';
import { ensureQuestionIndex } from './question-index';
import type { PreparedSample } from '../ingest/record';

export interface ImportedFile { path: string; size: number; mtimeMs: number; preset: string }
export interface FileCounts {
  rows: number; traces: number; new_samples: number; new_traces: number; skipped: number; gold_filled: number; gold_conflicts: number;
}

export interface BatchOptions {
  /** Commit once the open transaction is this old (ms); a waiting writer waits about this long. */
  batchMs?: number;
  /** Page cache of the import's connection while it runs (KiB): the indexes' random-key pages stay in memory. */
  cacheKib?: number;
  /** WAL size (bytes) at which a commit of the import also checkpoints (SQLite's default is 1000 pages). */
  checkpointBytes?: number;
}

/** About one second of writing per batch: a label waits no longer, and commits stay a small share of the time. */
export const DEFAULT_BATCH_MS = 1000;
/**
 * The pause between batches, with the lock released. A writer waiting on SQLite's busy handler retries every
 * 25-100 ms, and the engine tries a person's write for 100 ms every 300 ms (engine/main.ts personWrite): if the next
 * batch began at once, the lock would be free for microseconds and waiters would starve for the whole file.
 */
export const TURN_MS = 60;
const DEFAULT_CACHE_KIB = 64 << 10;
// The random-key UNIQUE (dataset_id, hash) index outgrows 64 MB near a million samples (~64 bytes an entry at the
// fill random inserts leave, plus the other indexes): the cache grows with the store, to this much (SQLite
// alone, 1.2M rows: 53 µs a row with 256 MB against 60 with 64 MB; 64 MB is as fast up to 300K).
const MAX_CACHE_KIB = 256 << 10;
const CACHE_BYTES_PER_SAMPLE = 192;
// Each checkpoint copies the WAL into the database and syncs both files; at SQLite's default (1000 pages, 16 MB
// here) the import checkpointed after nearly every batch, rewriting the same index pages and syncing each time.
// Deferring it is as safe (the WAL is the database until copied; a crash replays it on the next open) and
// costs disk space for the WAL meanwhile, bounded by this.
const DEFAULT_CHECKPOINT_BYTES = 256 << 20;
// The only CHECK the import's tables hold is samples.status IN (four values), and the import never writes status (a
// new row takes the column's default, 'unreviewed'). SQLite codes an IN list of more than two values as a temporary
// b-tree built at every INSERT: a page cache of its own, allocated, faulted in and freed per row, ~14% of the writing
// thread's CPU. The import's connection is its own (CLI, engine/main.ts import/run), so it skips CHECKs while open.
const SKIP_CHECKS = 'ignore_check_constraints';

class Undo implements UndoLog {
  readonly traces: number[] = [];
  readonly samples = new Map<number, Stored>();
  traceAdded(id: number): void { this.traces.push(id); }
  sampleChanging(before: Readonly<Stored>): void { if (!this.samples.has(before.id)) this.samples.set(before.id, { ...before }); }
}

export class FileImport {
  private readonly writer: SampleWriter;
  private readonly datasetId: number;
  private readonly fileId: number;
  private readonly undo = new Undo();
  private readonly createdDataset: boolean;
  private readonly datasetUpdatedAt: string | null;
  private readonly batchMs: number;
  private readonly cacheBefore: number;
  private cacheKib: number;
  private readonly checkpointBefore: number;
  private readonly checksBefore: number;
  private started = performance.now();
  /** A batch has committed: a refusal must now take the rows back instead of rolling back. */
  private committed = false;
  private closed = false;

  /** Begins the first batch (IMMEDIATE: a concurrent writer waits on the busy timeout, not midway). */
  constructor(private readonly db: Db, dataset: string, kind: string, file: ImportedFile, o: BatchOptions = {}) {
    this.batchMs = o.batchMs ?? DEFAULT_BATCH_MS;
    this.cacheBefore = db.pragma('cache_size', { simple: true }) as number;
    this.cacheKib = o.cacheKib ?? DEFAULT_CACHE_KIB;
    db.pragma(`cache_size = ${-this.cacheKib}`);
    this.checkpointBefore = db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.checksBefore = db.pragma(SKIP_CHECKS, { simple: true }) as number;
    db.pragma(`${SKIP_CHECKS} = ON`);
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.pragma(`wal_autocheckpoint = ${Math.max(this.checkpointBefore, Math.ceil((o.checkpointBytes ?? DEFAULT_CHECKPOINT_BYTES) / pageSize))}`);
    db.exec('BEGIN IMMEDIATE');
    try {
      const existing = findDatasetId(db, dataset);
      this.createdDataset = existing === undefined;
      this.datasetUpdatedAt = existing === undefined ? null
        : db.prepare('SELECT updated_at FROM datasets WHERE id = ?').pluck().get(existing) as string;
      this.datasetId = existing ?? ensureDataset(db, dataset, kind);
      this.fileId = Number(db.prepare(`INSERT INTO dataset_files (dataset_id, path, size, mtime_ms, preset, rows, traces, new_samples, new_traces, skipped)
        VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0)`).run(this.datasetId, file.path, file.size, Math.round(file.mtimeMs), file.preset).lastInsertRowid);
      this.writer = new SampleWriter(db, this.datasetId, this.fileId, this.undo);
      this.writer.startEmpty();
      ensureQuestionIndex(db);
    } catch (e) {
      this.rollback();
      throw e;
    }
  }

  write(samples: readonly PreparedSample[]): WriteCounts {
    this.begin();
    return this.writer.write(samples);
  }

  /**
   * Commits the batch when it is due; `counts` (the file's so far) are recorded with it, so a killed import's row
   * in dataset_files says how far it got. Call only while every row so far is to be kept. The next batch begins
   * at the next write: the caller leaves a moment between (TURN_MS) for a waiting writer to take the lock.
   */
  maybeCommit(counts: FileCounts): boolean {
    if (!this.db.inTransaction || performance.now() - this.started < this.batchMs) return false;
    this.record(counts);
    this.db.exec('COMMIT');
    this.committed = true;
    return true;
  }

  commit(c: FileCounts): void {
    this.begin();
    this.record(c);
    this.db.exec('COMMIT');
    this.close();
  }

  /** The file's SHA-256 as its reader computed it (null: not read whole), written with the next commit. */
  setSha256(sha256: string | null): void {
    this.begin();
    this.db.prepare('UPDATE dataset_files SET sha256 = ? WHERE id = ?').run(sha256, this.fileId);
  }

  private begin(): void {
    if (this.db.inTransaction) return;
    this.db.exec('BEGIN IMMEDIATE');
    this.started = performance.now();
    this.writer.beginBatch();
    this.growCache();
  }

  /** Grows the page cache with the store (MAX_CACHE_KIB says why); never shrinks it below the caller's. */
  private growCache(): void {
    const samples = this.db.prepare('SELECT ifnull(max(id), 0) FROM samples').pluck().get() as number;
    const want = Math.min(MAX_CACHE_KIB, Math.ceil((samples * CACHE_BYTES_PER_SAMPLE) / 1024));
    if (want <= this.cacheKib) return;
    this.cacheKib = want;
    this.db.pragma(`cache_size = ${-want}`);
  }

  /** Takes the file back: rolls back the open batch, and undoes the committed ones. Safe to call twice. */
  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    if (this.committed && !this.closed) this.takeBack();
    this.close();
  }

  private record(c: FileCounts): void {
    this.db.prepare(`UPDATE dataset_files SET rows = ?, traces = ?, new_samples = ?, new_traces = ?, skipped = ?, gold_filled = ?, gold_conflicts = ?
      WHERE id = ?`).run(c.rows, c.traces, c.new_samples, c.new_traces, c.skipped, c.gold_filled, c.gold_conflicts, this.fileId);
    touchDataset(this.db, this.datasetId);
  }

  private takeBack(): void {
    const db = this.db;
    db.transaction(() => {
      const delTrace = db.prepare('DELETE FROM traces WHERE id = ?');
      for (const id of this.undo.traces) delTrace.run(id);
      // Its own samples first (their traces, labels and index entries go with them), then the others as they were.
      db.prepare('DELETE FROM samples WHERE first_file_id = ?').run(this.fileId);
      const restore = db.prepare('UPDATE samples SET hash = ?, answer = ?, solution = ? WHERE id = ?');
      for (const s of this.undo.samples.values()) restore.run(s.hash, s.answer, s.solution, s.id);
      db.prepare('DELETE FROM dataset_files WHERE id = ?').run(this.fileId);
      // A dataset this import made goes too, unless another import has put rows in it meanwhile.
      if (this.createdDataset) {
        db.prepare(`DELETE FROM datasets WHERE id = ? AND NOT EXISTS (SELECT 1 FROM samples WHERE dataset_id = ?)
          AND NOT EXISTS (SELECT 1 FROM dataset_files WHERE dataset_id = ?)`).run(this.datasetId, this.datasetId, this.datasetId);
      } else db.prepare('UPDATE datasets SET updated_at = ? WHERE id = ?').run(this.datasetUpdatedAt, this.datasetId);
    }).immediate();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.pragma(`cache_size = ${this.cacheBefore}`);
    this.db.pragma(`wal_autocheckpoint = ${this.checkpointBefore}`);
    this.db.pragma(`${SKIP_CHECKS} = ${this.checksBefore}`);
  }
}
