// Annotations and selections in the store: detectors own their origin's rows, people's labels are never touched.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { humanOverrides, listAnnotations, questionHash, replaceDetectorAnnotations, setHumanAnnotation } from '../../../src/core/store/annotations';
import { findSelection, saveSelection, selectionSamples } from '../../../src/core/store/selections';
import { fixture, tempDir } from '../helpers';

describe('annotation and selection store', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  let ids: number[];
  before(async () => {
    tmp = tempDir();
    db = openDatabase(join(tmp.dir, 'd.db'));
    await importFiles(db, { files: [fixture('import', 's1-pool.jsonl')], dataset: 'pool' });
    ids = db.prepare('SELECT id FROM samples ORDER BY id').pluck().all() as number[];
  });
  after(() => { db.close(); tmp.cleanup(); });

  it('a detector re-run replaces only its own rows; a person\'s label with the same name survives', () => {
    setHumanAnnotation(db, { sampleId: ids[0], label: 'ascii-art', note: 'I checked' });
    replaceDetectorAnnotations(db, 1, 'detector:formatting', [{ sampleId: ids[0], label: 'ascii-art', evidence: { span: 'x' } }, { sampleId: ids[1], label: 'ascii-art' }]);
    replaceDetectorAnnotations(db, 1, 'detector:other', [{ sampleId: ids[2], label: 'x' }]);
    replaceDetectorAnnotations(db, 1, 'detector:formatting', [{ sampleId: ids[3], label: 'ascii-art' }]);
    const rows = listAnnotations(db, 1, { label: 'ascii-art' });
    assert.deepEqual(rows.map((r) => [r.sample_id, r.origin]), [[ids[0], 'human'], [ids[3], 'detector:formatting']]);
    assert.equal(rows[0].note, 'I checked');
    assert.equal(listAnnotations(db, 1, { origin: 'detector:other' }).length, 1);
    assert.throws(() => replaceDetectorAnnotations(db, 1, 'human', []), /detector origins/);
  });

  it('force keep / force drop come from human keep/drop labels and from accepted/rejected status; the label wins', () => {
    db.prepare("UPDATE samples SET status = 'accepted' WHERE id = ?").run(ids[1]);
    db.prepare("UPDATE samples SET status = 'rejected' WHERE id = ?").run(ids[2]);
    setHumanAnnotation(db, { sampleId: ids[2], label: 'keep' });
    setHumanAnnotation(db, { sampleId: ids[4], label: 'drop' });
    const o = humanOverrides(db, 1);
    assert.deepEqual([...o.keep].sort(), [ids[1], ids[2]].sort());
    assert.deepEqual([...o.drop], [ids[4]]);
  });

  it('selections are named and versioned, with recipe, seed, funnel and ranked items', () => {
    const a = saveSelection(db, { name: 'mine', datasetId: 1, recipe: { name: 'r' }, seed: 42, funnel: [{ stage: 'start', kept: 6, dropped: 0 }], sampleIds: [ids[2], ids[0]] });
    const b = saveSelection(db, { name: 'mine', datasetId: 1, recipe: { name: 'r' }, seed: 7, funnel: [], sampleIds: [ids[1]] });
    assert.deepEqual([a.version, b.version], [1, 2]);
    assert.equal(findSelection(db, 'mine')!.version, 2);
    const v1 = findSelection(db, 'mine@1')!;
    assert.deepEqual([v1.seed, v1.count, (v1.recipe as { name: string }).name], [42, 2, 'r']);
    const items = selectionSamples(db, v1.id);
    assert.deepEqual(items.map((i) => i.sample_id), [ids[2], ids[0]]);
    assert.equal(items[0].question_hash, questionHash(items[0].question));
    assert.equal(questionHash('What is 2+2?').length, 16);
  });
});
