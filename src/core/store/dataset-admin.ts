// A data set's own actions from the tree: rename, delete, and what hangs under it (its selections, and the
// evaluation runs that answered its questions).
import type { Db } from './db';
import type { GenerationRunSummary, RunSummary } from '../../shared/protocol';
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

/**
 * Generation runs with traces of the data set's questions, newest first: their teacher and, on this data set,
 * traces, questions and verdicts (none when there is no such data set).
 */
export function datasetGenerations(db: Db, name: string): GenerationRunSummary[] {
  const datasetId = findDatasetId(db, name);
  if (datasetId === undefined) return [];
  // A trace has at most one verifier verdict, so the left join counts each trace once.
  const rows = db.prepare(`SELECT r.name, r.status, r.backend, CASE WHEN json_valid(r.config) THEN coalesce(json_extract(r.config, '$.teacher'), json_extract(r.config, '$.model')) END AS teacher,
      count(*) AS traces, count(DISTINCT t.sample_id) AS questions,
      sum(a.label = 'verified') AS verified, sum(a.label = 'verify-failed') AS failed, sum(a.label = 'verify-error') AS errors
    FROM runs r JOIN traces t ON t.run_id = r.id JOIN samples s ON s.id = t.sample_id
    LEFT JOIN annotations a ON a.trace_id = t.id AND a.origin LIKE 'verifier:%'
    WHERE r.kind = 'generate' AND s.dataset_id = ? GROUP BY r.id ORDER BY r.id DESC`).all(datasetId) as (Omit<GenerationRunSummary, 'teacher' | 'verified' | 'failed' | 'errors'> & { teacher: unknown; verified: number | null; failed: number | null; errors: number | null })[];
  return rows.map((r) => ({ ...r, teacher: typeof r.teacher === 'string' ? r.teacher : null, verified: r.verified ?? 0, failed: r.failed ?? 0, errors: r.errors ?? 0 }));
}
