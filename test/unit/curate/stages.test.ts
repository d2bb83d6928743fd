// The stage registry is the one list of curation stages: the recipe schema, recipe validation and the run
// all follow it; every stage's inputs are checked before any stage runs; a stage that empties the pool
// because the data lacks the recipe's columns says so in the funnel.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { curate } from '../../../src/core/curate/run';
import { BUILTIN_RECIPE_LIST, loadRecipe, validateRecipe, type Recipe } from '../../../src/core/curate/recipe';
import { STAGES, STAGE_TYPES } from '../../../src/core/curate/stages';
import { DETECTORS } from '../../../src/core/curate/detectors';
import { readEvalFile } from '../../../src/core/curate/eval-files';
import { listAnnotations } from '../../../src/core/store/annotations';
import { datasetId } from '../../../src/core/curate/pool';
import { fixture, sample, tempDir } from '../helpers';

interface SchemaBranch { if: { properties: { type: { const?: string; enum?: string[] } } } }
const schema = JSON.parse(readFileSync('schemas/recipe.schema.json', 'utf8')) as {
  properties: { stages: { items: { properties: { type: { enum: string[] } }; allOf: (SchemaBranch & { then: { properties: { detector?: { enum: string[] } } } })[] } } };
};

describe('curation stage registry', () => {
  it("the recipe schema's stage types and detectors are the registry's", () => {
    const items = schema.properties.stages.items;
    assert.deepEqual(items.properties.type.enum, [...STAGE_TYPES]);
    assert.equal(new Set(STAGE_TYPES).size, STAGES.length, 'one definition per type');
    const branched = items.allOf.flatMap((b) => b.if.properties.type.enum ?? [b.if.properties.type.const!]);
    for (const t of branched) assert.ok(STAGE_TYPES.includes(t as never), `the schema describes fields of '${t}', which no stage has`);
    const det = items.allOf.find((b) => b.if.properties.type.const === 'detector')!.then.properties.detector!.enum;
    assert.deepEqual(det, [...DETECTORS]);
  });

  it('recipe validation comes from the registry: field checks per stage, one selecting stage last', () => {
    assert.throws(() => validateRecipe({ name: 'x', stages: [{ stage: 'a', type: 'detector', detector: 'nope' }] }), /stages\[0\]\.detector must be one of api-error/);
    assert.throws(() => validateRecipe({ name: 'x', stages: [{ stage: 'a', type: 'dedup', rule: 'some' }] }), /stages\[0\]\.rule must be 'any', 'copy' or 'fuzzy'/);
    assert.throws(() => validateRecipe({ name: 'x', stages: [{ stage: 'a', type: 'decontaminate', rule: 'fuzzy' }] }), /stages\[0\]\.rule must be 'any' or 'copy'/);
    assert.throws(() => validateRecipe({ name: 'x', stages: [{ stage: 'a', type: 'diversity' }, { stage: 'b', type: 'longest' }] }), /at most one 'diversity' or 'longest' stage/);
  });

  it('the built-in recipe list names every recipes/*.json once, each with a one-line summary', () => {
    const files = readdirSync('recipes').filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
    assert.deepEqual(BUILTIN_RECIPE_LIST.map((r) => r.name).sort(), files);
    for (const r of BUILTIN_RECIPE_LIST) {
      assert.equal(loadRecipe(r.name).name, r.name);
      assert.ok(r.summary.length > 10 && !r.summary.includes('\n'));
    }
  });
});

describe('curation checks before it works', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  before(async () => {
    tmp = tempDir();
    db = openDatabase(join(tmp.dir, 'c.db'));
    await importFiles(db, { files: [fixture('import', 's1-pool.jsonl')], dataset: 'pool' });
    await importFiles(db, { files: [sample('s1k-sample-5.jsonl')], dataset: 's1k11' });
  });
  after(() => { db.close(); tmp.cleanup(); });

  it('s1k without evaluation files fails before any stage runs, naming the stage and --eval', () => {
    const ran: string[] = [];
    assert.throws(() => curate(db, { dataset: 'pool', recipe: loadRecipe('s1k'), onStage: (s) => ran.push(s) }),
      /stage 'decontamination' needs evaluation files: pass --eval FILE/);
    assert.deepEqual(ran, [], 'no stage started');
    assert.equal(listAnnotations(db, datasetId(db, 'pool')!).length, 0, 'no detector wrote anything');
  });

  it('bad stage arguments are reported together, before any stage runs', () => {
    const recipe: Recipe = { name: 'bad', stages: [
      { stage: 'gemini wrong', type: 'detector', detector: 'wrong-answer', labels: ['wrong'] },
      { stage: 'only aime', type: 'sources', include: ['aime('] },
      { stage: 'bounds', type: 'length', min: 10, max: 5 },
    ] };
    const ran: string[] = [];
    assert.throws(() => curate(db, { dataset: 'pool', recipe, onStage: (s) => ran.push(s) }), (e: Error) =>
      /stage 'gemini wrong' has label 'wrong'/.test(e.message) && /stage 'only aime' include 'aime\(' is not a regular expression/.test(e.message) && /stage 'bounds' has min 10 above max 5/.test(e.message));
    assert.deepEqual(ran, []);
  });

  it('a stage that drops everything for lack of the featurized columns says so in the funnel', async () => {
    // s1K-1.1 rows carry no isqwen*/isgeminicorrect/gemini_length/domain: s1's missing-features stage drops all.
    const r = curate(db, { dataset: 's1k11', recipe: loadRecipe('s1k-notebook'), target: 3 });
    const row = r.funnel[1];
    assert.deepEqual([row.stage, row.kept, row.dropped], ['api errors / missing features', 0, 5]);
    assert.equal(row.reason, 'every sample is missing the difficulty columns isqwen7bcorrect, isqwen32bcorrect, the teacher-grade column isgeminicorrect, '
      + 'the length column gemini_length and the domain column: run generation or import them (the featurized s1 pool has them)');
    // Stages with nothing to drop carry no reason, and a featurized pool gets none.
    assert.ok(r.funnel.slice(2).every((f) => f.reason === undefined));
    const ok = curate(db, { dataset: 'pool', recipe: loadRecipe('s1k'), evalItems: await readEvalFile(sample('aime24.jsonl')), target: 3 });
    assert.ok(ok.funnel.every((f) => f.reason === undefined));
  });

  it('difficulty with missing: drop names the labels no sample has', () => {
    const recipe: Recipe = { name: 'hard', stages: [{ stage: 'difficulty', type: 'difficulty', dropIfAny: ['isqwen7bcorrect', 'isqwen32bcorrect'], missing: 'drop' }] };
    const row = curate(db, { dataset: 's1k11', recipe }).funnel[1];
    assert.deepEqual([row.kept, row.dropped], [0, 5]);
    assert.equal(row.reason, 'every sample is missing the difficulty columns isqwen7bcorrect, isqwen32bcorrect: run generation or import them (the featurized s1 pool has them)');
  });
});
