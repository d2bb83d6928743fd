// Rename and delete a data set from the tree; what the tree shows under it.
import assert from 'node:assert/strict';
import { openDatabase, type Db } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { listDatasets } from '../../../src/core/store/datasets';
import { datasetChildren, deleteDataset, renameDataset } from '../../../src/core/store/dataset-admin';
import { curate } from '../../../src/core/curate/run';
import { loadRecipe } from '../../../src/core/curate/recipe';
import { listSelections } from '../../../src/core/store/selections';
import { InvalidInputError, NotFoundError } from '../../../src/core/errors';
import { sample } from '../helpers';

describe('data set rename, delete and children', () => {
  let db: Db;
  beforeEach(async () => {
    db = openDatabase(':memory:');
    await importFiles(db, { files: [sample('s1k-sample-5.jsonl')], dataset: 'a', preset: 'auto' });
    await importFiles(db, { files: [sample('s1k-sample-5.jsonl')], dataset: 'b', preset: 'auto' });
    curate(db, { dataset: 'a', recipe: loadRecipe('s1k-notebook'), target: 3 });
  });
  afterEach(() => db.close());

  it('lists the selections under their data set', () => {
    assert.deepEqual(datasetChildren(db, 'a').selections.map((s) => s.name), ['s1k-notebook:a']);
    assert.deepEqual(datasetChildren(db, 'b'), { selections: [], runs: [] });
  });

  it('renames a data set with its selections; refuses a taken or empty name', () => {
    renameDataset(db, 'a', 'renamed');
    assert.deepEqual(listDatasets(db).map((d) => d.name), ['b', 'renamed']);
    assert.deepEqual(listSelections(db).map((s) => s.name), ['s1k-notebook:renamed']);
    assert.throws(() => renameDataset(db, 'renamed', 'b'), InvalidInputError);
    assert.throws(() => renameDataset(db, 'renamed', '  '), InvalidInputError);
    assert.throws(() => renameDataset(db, 'nope', 'x'), NotFoundError);
  });

  it('deletes a data set with its samples and selections, and nothing else', () => {
    assert.equal(deleteDataset(db, 'a'), 5);
    assert.deepEqual(listDatasets(db).map((d) => [d.name, d.samples]), [['b', 5]]);
    assert.deepEqual(listSelections(db), []);
    assert.equal(db.prepare('SELECT count(*) FROM samples').pluck().get(), 5);
    assert.throws(() => deleteDataset(db, 'a'), NotFoundError);
  });
});
