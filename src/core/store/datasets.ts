// Dataset rows and the summaries the tree view and `stats` show.
import type { Db } from './db';
import type { DatasetSummary } from '../../shared/protocol';

export function ensureDataset(db: Db, name: string, kind: string): number {
  db.prepare('INSERT INTO datasets (name, kind) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, kind);
  return findDatasetId(db, name)!;
}

/** The id of the dataset with this name, or undefined. */
export function findDatasetId(db: Db, name: string): number | undefined {
  return db.prepare('SELECT id FROM datasets WHERE name = ?').pluck().get(name) as number | undefined;
}

/** The data set's kind and how many of its samples have a source that does not start with `prefix` (what another
 *  command wrote), or undefined when no data set has this name. */
export function datasetSamplesNotFrom(db: Db, name: string, prefix: string): { kind: string; other: number } | undefined {
  const ds = db.prepare('SELECT id, kind FROM datasets WHERE name = ?').get(name) as { id: number; kind: string } | undefined;
  if (!ds) return undefined;
  const other = db.prepare("SELECT count(*) FROM samples WHERE dataset_id = ? AND (source IS NULL OR substr(source, 1, length(?)) <> ?)").pluck().get(ds.id, prefix, prefix) as number;
  return { kind: ds.kind, other };
}

export function touchDataset(db: Db, id: number): void {
  db.prepare("UPDATE datasets SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?").run(id);
}

export function listDatasets(db: Db, name?: string): DatasetSummary[] {
  const rows = db.prepare(`
    SELECT d.id, d.name, d.kind, d.updated_at AS updatedAt,
      (SELECT count(*) FROM samples s WHERE s.dataset_id = d.id) AS samples,
      (SELECT count(*) FROM traces t JOIN samples s ON s.id = t.sample_id WHERE s.dataset_id = d.id) AS traces,
      (SELECT count(*) FROM samples s WHERE s.dataset_id = d.id AND s.status != 'unreviewed') AS reviewed,
      (SELECT count(*) FROM dataset_files f WHERE f.dataset_id = d.id) AS files,
      (SELECT group_concat(DISTINCT f.preset) FROM dataset_files f WHERE f.dataset_id = d.id) AS presets
    FROM datasets d ${name === undefined ? '' : 'WHERE d.name = ?'} ORDER BY d.name`).all(...(name === undefined ? [] : [name])) as
    (Omit<DatasetSummary, 'presets'> & { presets: string | null })[];
  return rows.map((r) => ({ ...r, presets: r.presets ? r.presets.split(',') : [] }));
}
