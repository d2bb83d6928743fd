// Selections: named, versioned subsets (the curated 1K). Each save of a name adds version n+1 with its
// recipe, seed, funnel and ranked items, so earlier selections stay reproducible and comparable.
import type { Db } from './db';
import { questionHash } from './annotations';

export interface SelectionInput {
  name: string;
  datasetId: number;
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

export function listSelections(db: Db): { name: string; version: number; count: number; created_at: string }[] {
  return db.prepare(`SELECT name, version, created_at, (SELECT count(*) FROM selection_items i WHERE i.selection_id = s.id) AS count
    FROM selections s ORDER BY name, version`).all() as { name: string; version: number; count: number; created_at: string }[];
}

export function selectionSamples(db: Db, selectionId: number): { sample_id: number; rank: number; question_hash: string; question: string }[] {
  const rows = db.prepare(`SELECT i.sample_id, i.rank, s.question FROM selection_items i JOIN samples s ON s.id = i.sample_id
    WHERE i.selection_id = ? ORDER BY i.rank`).all(selectionId) as { sample_id: number; rank: number; question: string }[];
  return rows.map((r) => ({ sample_id: r.sample_id, rank: r.rank, question_hash: questionHash(r.question), question: r.question }));
}
