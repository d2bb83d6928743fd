// Inserts prepared samples and traces; a row already stored (same content hash) is found, never duplicated.
import type { Db } from './db';
import type { PreparedSample } from '../ingest/record';

export interface WriteCounts { newSamples: number; newTraces: number }

export class SampleWriter {
  private readonly insertSample;
  private readonly findSample;
  private readonly insertTrace;

  constructor(private readonly db: Db, private readonly datasetId: number, private readonly fileId: number) {
    this.insertSample = db.prepare(`INSERT INTO samples
      (dataset_id, hash, question, solution, answer, source, domain, cot_type, metadata, features, first_file_id, first_line)
      VALUES (?, ?, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), ?, ?, ?, CAST(? AS TEXT), ?, ?, ?)
      ON CONFLICT (dataset_id, hash) DO NOTHING`);
    this.findSample = db.prepare('SELECT id FROM samples WHERE dataset_id = ? AND hash = ?').pluck();
    this.insertTrace = db.prepare(`INSERT INTO traces
      (sample_id, hash, producer, thinking, answer, thinking_tokens, finish_reason, grade, metadata)
      VALUES (?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT), ?, ?, ?, ?) ON CONFLICT (sample_id, hash) DO NOTHING`);
  }

  write(samples: readonly PreparedSample[]): WriteCounts {
    let newSamples = 0;
    let newTraces = 0;
    for (const s of samples) {
      const r = this.insertSample.run(this.datasetId, s.hash, s.question, s.solution, s.answer, s.source, s.domain,
        s.cotType, s.metadata, s.features, this.fileId, s.line);
      let sampleId: number;
      if (r.changes) {
        newSamples++;
        sampleId = Number(r.lastInsertRowid);
      } else {
        sampleId = this.findSample.get(this.datasetId, s.hash) as number;
      }
      for (const t of s.traces) {
        const tr = this.insertTrace.run(sampleId, t.hash, t.producer, t.thinking, t.answer, t.thinkingTokens,
          t.finishReason, t.grade, t.metadata);
        newTraces += tr.changes;
      }
    }
    return { newSamples, newTraces };
  }
}
