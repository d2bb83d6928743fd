// A database as the CLI tests start from: the five s1K samples imported as data set 's', all of them saved as the
// selection 'all' (what curate would have made), so mix, export and the like have something to read.
import { join } from 'node:path';
import { openDatabase } from '../../../src/core/store/db';
import { saveSelection } from '../../../src/core/store/selections';
import { runCli, sample } from '../helpers';

export function importedWithSelection(dir: string): { db: string; ids: number[] } {
  const db = join(dir, 'x.db');
  const imp = runCli(['--db', db, 'import', sample('s1k-sample-5.jsonl'), '--dataset', 's']);
  if (imp.code !== 0) throw new Error(`import failed: ${imp.stderr}`);
  const d = openDatabase(db);
  try {
    const ids = d.prepare('SELECT id FROM samples ORDER BY id').pluck().all() as number[];
    const datasetId = d.prepare('SELECT id FROM datasets').pluck().get() as number;
    saveSelection(d, { name: 'all', datasetId, recipe: {}, seed: 1, funnel: [], sampleIds: ids });
    return { db, ids };
  } finally {
    d.close();
  }
}
