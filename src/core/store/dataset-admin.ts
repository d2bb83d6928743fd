// A data set's own actions from the tree: rename, delete, and what hangs under it (its selections, and the
// evaluation runs that answered its questions).
import type { Db } from './db';
import type { RunSummary } from '../../shared/protocol';
import { findDatasetId } from './datasets';
import { listRuns } from './runs';
import { InvalidInputError, NotFoundError } from '../errors';

const NAME_RE = /^[^\s/\\][^/\\]{0,199}$/;

/**
 * Renames a data set; its curated selections (named `recipe:dataset`) follow it. Throws when the name is taken,
 * empty, or the data set does not exist.
 */
export function renameDataset(db: Db, from: string, to: string): void {
  const name = to.trim();
  if (!NAME_RE.test(name)) throw new InvalidInputError(`'${to}' is not a data set name (1-200 characters, no slashes, not starting with a space)`);
  const id = findDatasetId(db, from);
  if (id === undefined) throw new NotFoundError(`no dataset named '${from}'`);
  if (name === from) return;
  if (findDatasetId(db, name) !== undefined) throw new InvalidInputError(`a data set named '${name}' exists already`);
  db.transaction(() => {
    db.prepare("UPDATE datasets SET name = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?").run(name, id);
    const suffix = `:${from}`;
    db.prepare("UPDATE selections SET name = substr(name, 1, length(name) - ?) || ? WHERE dataset_id = ? AND substr(name, -?) = ?")
      .run(suffix.length, `:${name}`, id, suffix.length, suffix);
  })();
}

/** Deletes a data set with its samples, traces, labels and selections (ON DELETE CASCADE); returns its sample count. */
export function deleteDataset(db: Db, name: string): number {
  const id = findDatasetId(db, name);
  if (id === undefined) throw new NotFoundError(`no dataset named '${name}'`);
  return db.transaction(() => {
    const samples = db.prepare('SELECT count(*) FROM samples WHERE dataset_id = ?').pluck().get(id) as number;
    db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
    return samples;
  })();
}

export interface DatasetChildren {
  /** The latest version of each selection made from the data set. */
  selections: { name: string; version: number; count: number }[];
  /** Evaluation runs with results on the data set's questions. */
  runs: RunSummary[];
}

export function datasetChildren(db: Db, name: string): DatasetChildren {
  const id = findDatasetId(db, name);
  if (id === undefined) return { selections: [], runs: [] };
  const selections = db.prepare(`SELECT s.name, s.version, (SELECT count(*) FROM selection_items i WHERE i.selection_id = s.id) AS count
    FROM selections s WHERE s.dataset_id = ? AND s.version = (SELECT max(version) FROM selections t WHERE t.name = s.name)
    ORDER BY s.name`).all(id) as DatasetChildren['selections'];
  const runNames = new Set(db.prepare(`SELECT DISTINCT r.name FROM runs r WHERE r.kind = 'eval' AND EXISTS
    (SELECT 1 FROM results x JOIN samples s ON s.id = x.sample_id WHERE x.run_id = r.id AND s.dataset_id = ?)`).pluck().all(id) as string[]);
  return { selections, runs: listRuns(db).filter((r) => runNames.has(r.name)) };
}
