// What the replay server reads from the database: a data set's samples and their teachers' traces (evaluation
// outputs, which carry a run_id, are left out), in import order.
import type { Db } from './db';

export function datasetSampleIds(db: Db, datasetId: number): number[] {
  return db.prepare('SELECT id FROM samples WHERE dataset_id = ? ORDER BY id').pluck().all(datasetId) as number[];
}

export interface ReplaySample { question: string; answer: string | null; solution: string | null; traces: { thinking: string; answer: string }[] }

export function* replaySamples(db: Db, ids: readonly number[]): Generator<ReplaySample> {
  const sample = db.prepare('SELECT question, answer, solution FROM samples WHERE id = ?');
  const traces = db.prepare('SELECT thinking, answer FROM traces WHERE sample_id = ? AND run_id IS NULL ORDER BY id');
  for (const id of ids) {
    const s = sample.get(id) as Omit<ReplaySample, 'traces'> | undefined;
    if (s) yield { ...s, traces: traces.all(id) as ReplaySample['traces'] };
  }
}
