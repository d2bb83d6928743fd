// The numbers `distillery stats` prints and the engine serves: datasets, totals, search index state.
import { schemaVersion, type Db } from './db';
import { listDatasets } from './datasets';
import { indexedTraces, pendingTraces, tracesIndexedUpto } from './fts';
import type { StatsResult } from '../../shared/protocol';

export class UnknownDatasetError extends Error {}

/**
 * The whole database's numbers, or with `dataset` that data set's only: its samples and traces, the annotations
 * on them, the runs with a result or a trace among them, their results, and its traces in the full-text index.
 */
export function collectStats(db: Db, dataset?: string): StatsResult {
  const datasets = listDatasets(db, dataset);
  if (dataset !== undefined && !datasets.length) throw new UnknownDatasetError(`no dataset named '${dataset}'`);
  const count = (sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number;
  const base = {
    db: db.name,
    schemaVersion: schemaVersion(db),
    datasets,
  };
  const samples = datasets.reduce((a, d) => a + d.samples, 0);
  const traces = datasets.reduce((a, d) => a + d.traces, 0);
  if (dataset === undefined) {
    return {
      ...base,
      scope: 'database',
      totals: {
        samples, traces,
        annotations: count('SELECT count(*) FROM annotations'),
        runs: count('SELECT count(*) FROM runs'),
        results: count('SELECT count(*) FROM results'),
      },
      fts: { indexedTraces: indexedTraces(db), pendingTraces: pendingTraces(db) },
    };
  }
  const id = datasets[0].id;
  const indexed = count('SELECT count(*) FROM traces t JOIN samples s ON s.id = t.sample_id WHERE s.dataset_id = ? AND t.id <= ?', id, tracesIndexedUpto(db));
  return {
    ...base,
    scope: 'dataset',
    totals: {
      samples, traces,
      annotations: count('SELECT count(*) FROM annotations a JOIN samples s ON s.id = a.sample_id WHERE s.dataset_id = ?', id),
      runs: count(`SELECT count(*) FROM runs WHERE id IN (
        SELECT r.run_id FROM results r JOIN samples s ON s.id = r.sample_id WHERE s.dataset_id = ?
        UNION SELECT t.run_id FROM traces t JOIN samples s ON s.id = t.sample_id WHERE s.dataset_id = ? AND t.run_id IS NOT NULL)`, id, id),
      results: count('SELECT count(*) FROM results r JOIN samples s ON s.id = r.sample_id WHERE s.dataset_id = ?', id),
    },
    fts: { indexedTraces: indexed, pendingTraces: traces - indexed },
  };
}
