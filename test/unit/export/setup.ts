// Shared by the export tests: a database with imported files and a selection over them.
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { saveSelection } from '../../../src/core/store/selections';
import { tempDir } from '../helpers';

export interface World { db: Db; dir: string; dbPath: string; cleanup: () => void }

export async function world(files: string[], dataset = 'src'): Promise<World> {
  const t = tempDir();
  const dbPath = join(t.dir, 'x.db');
  const db = openDatabase(dbPath);
  const r = await importFiles(db, { files, dataset, preset: 'auto' });
  if (r.errors.length) throw new Error(JSON.stringify(r.errors));
  return { db, dir: t.dir, dbPath, cleanup: () => { db.close(); t.cleanup(); } };
}

/** Saves every sample of the data set (id order) as selection `name`. */
export function selectAll(db: Db, name = 'sel', dataset = 'src'): number[] {
  const dsId = db.prepare('SELECT id FROM datasets WHERE name = ?').pluck().get(dataset) as number;
  const ids = db.prepare('SELECT id FROM samples WHERE dataset_id = ? ORDER BY id').pluck().all(dsId) as number[];
  saveSelection(db, { name, datasetId: dsId, recipe: { name: 'test' }, seed: 42, funnel: [{ stage: 'start', type: 'start', kept: ids.length, dropped: 0 }], sampleIds: ids });
  return ids;
}

/** Questions with their traces' texts, in sample and trace id order. */
export function contents(db: Db, dataset: string): { question: string; traces: { thinking: string; answer: string }[] }[] {
  const samples = db.prepare('SELECT s.id, s.question FROM samples s JOIN datasets d ON d.id = s.dataset_id WHERE d.name = ? ORDER BY s.id').all(dataset) as { id: number; question: string }[];
  const tr = db.prepare('SELECT thinking, answer FROM traces WHERE sample_id = ? ORDER BY id');
  return samples.map((s) => ({ question: s.question, traces: tr.all(s.id) as { thinking: string; answer: string }[] }));
}
