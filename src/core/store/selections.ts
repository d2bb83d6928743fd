// Selections: named, versioned subsets (the curated 1K). Each save of a name adds version n+1 with its
// recipe, seed, funnel and ranked items, so earlier selections stay reproducible and comparable.
// A selection's items are sample ids, so one selection can span data sets (`distillery mix`): its dataset_id
// is then null, and the data sets it spans are read from its samples.
import type { Db } from './db';
import { questionHash } from './annotations';

export interface SelectionInput {
  name: string;
  /** The data set every sample belongs to; null for a selection spanning several (a mix). */
  datasetId: number | null;
  recipe: unknown;
  seed: number;
  funnel: unknown;
  /** Sample ids in selection order (rank 0 first). */
  sampleIds: readonly number[];
}

export interface SelectionInfo {
  id: number;
  name: string;
  version: number;
  dataset_id: number | null;
  recipe: unknown;
  seed: number | null;
  funnel: unknown;
  created_at: string;
  count: number;
}

export function saveSelection(db: Db, s: SelectionInput): { id: number; version: number } {
  return db.transaction(() => {
    const last = db.prepare('SELECT max(version) FROM selections WHERE name = ?').pluck().get(s.name) as number | null;
    const version = (last ?? 0) + 1;
    const id = Number(db.prepare('INSERT INTO selections (name, version, dataset_id, recipe, seed, funnel) VALUES (?, ?, ?, ?, ?, ?)')
      .run(s.name, version, s.datasetId, JSON.stringify(s.recipe), s.seed, JSON.stringify(s.funnel)).lastInsertRowid);
    const ins = db.prepare('INSERT INTO selection_items (selection_id, sample_id, rank) VALUES (?, ?, ?)');
    s.sampleIds.forEach((sid, rank) => ins.run(id, sid, rank));
    return { id, version };
  })();
}

/** `name` (latest version) or `name@N` / `name@vN`. */
export function findSelection(db: Db, ref: string): SelectionInfo | undefined {
  const m = /^(.*)@v?(\d+)$/.exec(ref);
  const row = (m
    ? db.prepare('SELECT * FROM selections WHERE name = ? AND version = ?').get(m[1], Number(m[2]))
    : db.prepare('SELECT * FROM selections WHERE name = ? ORDER BY version DESC LIMIT 1').get(ref)) as
    { id: number; name: string; version: number; dataset_id: number | null; recipe: string | null; seed: number | null; funnel: string | null; created_at: string } | undefined;
  if (!row) return undefined;
  const count = db.prepare('SELECT count(*) FROM selection_items WHERE selection_id = ?').pluck().get(row.id) as number;
  return { ...row, recipe: row.recipe ? JSON.parse(row.recipe) : null, funnel: row.funnel ? JSON.parse(row.funnel) : null, count };
}

/** Names of the data sets a selection's samples come from, by name (a mix spans several). */
const DATASETS_OF = `CASE WHEN s.dataset_id IS NOT NULL THEN (SELECT name FROM datasets WHERE id = s.dataset_id)
  ELSE (SELECT group_concat(name, char(10)) FROM (SELECT DISTINCT d.name FROM selection_items i JOIN samples x ON x.id = i.sample_id
    JOIN datasets d ON d.id = x.dataset_id WHERE i.selection_id = s.id ORDER BY d.name)) END`;

export interface SelectionSummary { name: string; version: number; count: number; created_at: string; datasets: string[] }

export function listSelections(db: Db): SelectionSummary[] {
  const rows = db.prepare(`SELECT name, version, created_at, (SELECT count(*) FROM selection_items i WHERE i.selection_id = s.id) AS count,
    ${DATASETS_OF} AS datasets FROM selections s ORDER BY name, version`).all() as (Omit<SelectionSummary, 'datasets'> & { datasets: string | null })[];
  return rows.map((r) => ({ name: r.name, version: r.version, count: r.count, created_at: r.created_at, datasets: r.datasets ? r.datasets.split('\n').sort() : [] }));
}

/** The data sets a selection spans, each with how many of its samples it holds (by name). */
export function selectionDatasets(db: Db, selectionId: number): { dataset: string; count: number }[] {
  return db.prepare(`SELECT d.name AS dataset, count(*) AS count FROM selection_items i JOIN samples s ON s.id = i.sample_id
    JOIN datasets d ON d.id = s.dataset_id WHERE i.selection_id = ? GROUP BY d.id ORDER BY d.name`).all(selectionId) as { dataset: string; count: number }[];
}

/**
 * The sample ids of a selection in selection order (rank 0 first), whatever data sets they belong to: the one
 * way to enumerate a selection (export, mix). Resolve a name with `findSelection` first.
 */
export function selectionSampleIds(db: Db, selectionId: number): number[] {
  return db.prepare('SELECT sample_id FROM selection_items WHERE selection_id = ? ORDER BY rank').pluck().all(selectionId) as number[];
}

export function selectionSamples(db: Db, selectionId: number): { sample_id: number; rank: number; dataset: string; question_hash: string; question: string }[] {
  const rows = db.prepare(`SELECT i.sample_id, i.rank, d.name AS dataset, s.question FROM selection_items i JOIN samples s ON s.id = i.sample_id
    JOIN datasets d ON d.id = s.dataset_id WHERE i.selection_id = ? ORDER BY i.rank`).all(selectionId) as { sample_id: number; rank: number; dataset: string; question: string }[];
  return rows.map((r) => ({ sample_id: r.sample_id, rank: r.rank, dataset: r.dataset, question_hash: questionHash(r.question), question: r.question }));
}
