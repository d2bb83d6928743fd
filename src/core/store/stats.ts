// The numbers `distillery stats` prints and the engine serves: datasets, totals, search index state.
import { schemaVersion, type Db } from './db';
import { listDatasets } from './datasets';
import { indexedTraces, pendingTraces } from './fts';
import type { StatsResult } from '../../shared/protocol';

export class UnknownDatasetError extends Error {}

export function collectStats(db: Db, dataset?: string): StatsResult {
  const datasets = listDatasets(db, dataset);
  if (dataset !== undefined && !datasets.length) throw new UnknownDatasetError(`no dataset named '${dataset}'`);
  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  return {
    db: db.name,
    schemaVersion: schemaVersion(db),
    datasets,
    totals: {
      samples: datasets.reduce((a, d) => a + d.samples, 0),
      traces: datasets.reduce((a, d) => a + d.traces, 0),
      annotations: count('SELECT count(*) FROM annotations'),
      runs: count('SELECT count(*) FROM runs'),
      results: count('SELECT count(*) FROM results'),
    },
    fts: { indexedTraces: indexedTraces(db), pendingTraces: pendingTraces(db) },
  };
}
