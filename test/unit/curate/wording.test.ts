// Curation says what happened in words: on the bundled s1K sample (no featurized columns) the s1k recipe keeps
// only what a person accepted, and the funnel, the drop reasons and the CLI output say why, with no raw JSON and
// no "api-error" (no API call failed).
import assert from 'node:assert/strict';
import { openDatabase, type Db } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { curate, KEPT_BY_PERSON_LABEL } from '../../../src/core/curate/run';
import { loadRecipe, validateRecipe } from '../../../src/core/curate/recipe';
import { readEvalFile } from '../../../src/core/curate/eval-files';
import { listAnnotations } from '../../../src/core/store/annotations';
import { datasetId } from '../../../src/core/curate/pool';
import { setStatus } from '../../../src/core/review/queries';
import { curationSummary, describeFinding, describeMissingColumns, plural, targetNote } from '../../../src/core/curate/wording';
import { formatFunnel } from '../../../src/cli/commands/curate';
import { sample } from '../helpers';

describe('curation wording', () => {
  let db: Db;
  before(async () => {
    db = openDatabase(':memory:');
    await importFiles(db, { files: [sample('s1k-sample-5.jsonl')], dataset: 's1k-sample', preset: 'auto' });
  });
  after(() => db.close());

  it('names missing columns by their use and says what to do', () => {
    assert.equal(describeMissingColumns(['isqwen7bcorrect', 'isqwen32bcorrect']),
      'missing the difficulty columns isqwen7bcorrect, isqwen32bcorrect: run generation or import them (the featurized s1 pool has them)');
    assert.equal(describeFinding('missing-features', { missing: ['gemini_length', 'domain'] }),
      'missing the length column gemini_length and the domain column: run generation or import them (the featurized s1 pool has them)');
    assert.equal(describeFinding('api-error', { reason: 'error text', field: 'thinking' }), 'the API call failed: an error message instead of the thinking');
  });

  it('"1 sample", "5 samples"; a missed target says why', () => {
    assert.deepEqual([plural(1, 'sample'), plural(5, 'sample'), plural(1000, 'sample')], ['1 sample', '5 samples', '1,000 samples']);
    const start = { stage: 'start', type: 'start', kept: 5, dropped: 0 };
    assert.equal(targetNote([start], 1000, 1), 'kept 1 of target 1,000: only 5 samples in the pool');
    assert.equal(targetNote([{ ...start, kept: 2000 }, { stage: 'difficulty', type: 'difficulty', kept: 10, dropped: 1990 }], 1000, 10),
      "kept 10 of target 1,000: the stages left too few ('difficulty' dropped 1,990)");
    assert.equal(targetNote([start], 3, 3), undefined);
  });

  it('a selection over its target says why (every pick and every accepted sample kept) and what to do', () => {
    const ds = datasetId(db, 's1k-sample')!;
    const ids = (db.prepare('SELECT id FROM samples WHERE dataset_id = ? ORDER BY id').pluck().all(ds) as number[]);
    setStatus(db, ids[4], 'accepted');
    try {
      // every sample is a benchmark pick in this recipe; the person's accept is kept beside them
      const recipe = validateRecipe({ name: 'picks-only', stages: [
        { stage: 'every s1 question', type: 'picks', rules: [{ source: '^(?!.*nothing).*$' }] },
        { stage: 'fill', type: 'diversity' },
      ] });
      const sources = db.prepare('SELECT count(*) FROM samples WHERE dataset_id = ?').pluck().get(ds) as number;
      const r = curate(db, { dataset: 's1k-sample', recipe, evalItems: [], target: 2 });
      assert.equal(r.selected, sources, 'picks are all kept');
      assert.equal(r.note, "selected 5, over target 2: 5 benchmark picks ('every s1 question') are all kept and nothing was drawn; raise the target, or narrow the picks in a recipe file");
      assert.match(formatFunnel(r), /\nSelected 5, over target 2: /, 'the CLI prints it under the headline');
      assert.match(curationSummary(r.selection, r.selected, 2, r.funnel), /holds 5 samples\. Selected 5, over target 2: /, 'and the editor');
    } finally {
      setStatus(db, ids[4], 'unreviewed');
    }
    assert.equal(targetNote([{ stage: 'start', type: 'start', kept: 50 }, { stage: 'p', type: 'picks', kept: 3, picked: 3 }], 4, 5),
      "selected 5, over target 4: 3 benchmark picks ('p') and 2 samples a person accepted are all kept and nothing was drawn; raise the target, or narrow the picks in a recipe file");
  });

  it('the s1k recipe on the s1K sample: drops in words, a person\'s accept kept and said so, the missed target explained', async () => {
    const ds = datasetId(db, 's1k-sample')!;
    const ids = (db.prepare('SELECT id FROM samples WHERE dataset_id = ? ORDER BY id').pluck().all(ds) as number[]);
    setStatus(db, ids[0], 'accepted');
    const r = curate(db, { dataset: 's1k-sample', recipe: loadRecipe('s1k'), evalItems: await readEvalFile(sample('aime24.jsonl')), target: 1000 });
    assert.equal(r.selected, 1, 'the accepted sample survives');
    assert.equal(r.note, 'kept 1 of target 1,000: only 5 samples in the pool');
    const row = r.funnel[1];
    assert.deepEqual([row.stage, row.kept, row.dropped, row.overridden], ['api errors / missing features', 1, 4, 1]);

    const ann = listAnnotations(db, ds);
    assert.ok(!ann.some((a) => a.label === 'api-error'), 'no API call failed: nothing is labelled api-error');
    assert.equal(ann.filter((a) => a.label === 'missing-features').length, 5);
    const drop = ann.find((a) => a.label === 'dropped')!.evidence as { stage: string; reason: string };
    assert.equal(drop.stage, 'api errors / missing features');
    assert.match(drop.reason, /^missing the difficulty columns isqwen7bcorrect, isqwen32bcorrect, .*: run generation or import them/);
    assert.doesNotMatch(drop.reason, /[{}"]/, 'words, not JSON');
    const kept = ann.find((a) => a.label === KEPT_BY_PERSON_LABEL)!;
    assert.equal(kept.sample_id, ids[0]);
    assert.match((kept.evidence as { reason: string }).reason, /^kept because a person accepted it; the stage would drop it: missing the difficulty columns/);

    const text = formatFunnel(r);
    assert.match(text, /: 1 sample selected \(recipe s1k, seed 42, target 1,000\)\nKept 1 of target 1,000: only 5 samples in the pool\./);
    assert.match(text, /1 sample kept because a person accepted it, although this stage would drop it/);
    assert.doesNotMatch(text, /1 samples|api-error/);
    // The editor's notification says the same.
    assert.equal(curationSummary(r.selection, r.selected, 1000, r.funnel), `Distillery: ${r.selection} holds 1 sample. Kept 1 of target 1,000: only 5 samples in the pool. `
      + "At stage 'api errors / missing features': 1 sample kept because a person accepted it, although this stage would drop it.");
  });
});
