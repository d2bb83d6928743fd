// One file's import as one transaction: the dataset (made on first use), the file's row in dataset_files,
// its samples and traces, and the counts recorded when it commits. Nothing of the file stays on rollback.
import type { Db } from './db';
import { ensureDataset, touchDataset } from './datasets';
import { SampleWriter, type WriteCounts } from './sample-writer';
import type { PreparedSample } from '../ingest/record';

export interface ImportedFile { path: string; size: number; mtimeMs: number; preset: string }
export interface FileCounts {
  rows: number; traces: number; new_samples: number; new_traces: number; skipped: number; gold_filled: number; gold_conflicts: number;
}

export class FileImport {
  private readonly writer: SampleWriter;
  private readonly datasetId: number;
  private readonly fileId: number;

  /** Begins the transaction (IMMEDIATE: a concurrent writer waits on the busy timeout, not midway). */
  constructor(private readonly db: Db, dataset: string, kind: string, file: ImportedFile) {
    db.exec('BEGIN IMMEDIATE');
    try {
      this.datasetId = ensureDataset(db, dataset, kind);
      this.fileId = Number(db.prepare(`INSERT INTO dataset_files (dataset_id, path, size, mtime_ms, preset, rows, traces, new_samples, new_traces, skipped)
        VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0)`).run(this.datasetId, file.path, file.size, Math.round(file.mtimeMs), file.preset).lastInsertRowid);
      this.writer = new SampleWriter(db, this.datasetId, this.fileId);
    } catch (e) {
      this.rollback();
      throw e;
    }
  }

  write(samples: readonly PreparedSample[]): WriteCounts {
    return this.writer.write(samples);
  }

  commit(c: FileCounts): void {
    this.db.prepare(`UPDATE dataset_files SET rows = ?, traces = ?, new_samples = ?, new_traces = ?, skipped = ?, gold_filled = ?, gold_conflicts = ?
      WHERE id = ?`).run(c.rows, c.traces, c.new_samples, c.new_traces, c.skipped, c.gold_filled, c.gold_conflicts, this.fileId);
    touchDataset(this.db, this.datasetId);
    this.db.exec('COMMIT');
  }

  /** Safe to call when the transaction already ended. */
  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }
}
