// The synthetic pool of bench/gen-curate-pool.mjs: its funnel is known by construction, so a recipe run must
// reproduce it, catch every planted fault with the right label, and select the same samples on every run.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { curate } from '../../../src/core/curate/run';
import { loadRecipe } from '../../../src/core/curate/recipe';
import { readEvalFile } from '../../../src/core/curate/eval-files';
import type { EvalItem } from '../../../src/core/curate/decontaminate';
import { listAnnotations, setHumanAnnotation } from '../../../src/core/store/annotations';
import { findSelection, selectionSamples } from '../../../src/core/store/selections';
import { datasetId } from '../../../src/core/curate/pool';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { sample, tempDir } from '../helpers';

interface Expected {
  plan: Record<string, number>;
  picks: number;
  s1k_funnel: { stage: string; kept: number; dropped: number }[];
  s1k_notebook_funnel: { stage: string; kept: number; dropped: number }[];
  planted: Record<string, { question_hash: string }[]>;
}

describe('curation of the synthetic pool (3,000 rows)', function () {
  this.timeout(120_000);
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  let expected: Expected;
  let items: EvalItem[];
  const evalItems = () => items;

  before(async () => {
    items = [...await readEvalFile(sample('math500.jsonl')), ...await readEvalFile(sample('aime24.jsonl'))];
    tmp = tempDir();
    const file = join(tmp.dir, 'pool.jsonl');
    execFileSync(process.execPath, ['bench/gen-curate-pool.mjs', '--rows', '3000', '--seed', '42', '--out', file], { stdio: 'ignore' });
    expected = JSON.parse(readFileSync(file + '.expected.json', 'utf8')) as Expected;
    db = openDatabase(join(tmp.dir, 'd.db'));
    await importFiles(db, { files: [file], dataset: 'pool', preset: 's1' });
  });
  after(() => { db.close(); tmp.cleanup(); });

  it('s1k reproduces the constructed funnel, stage by stage', () => {
    const r = curate(db, { dataset: 'pool', recipe: loadRecipe('s1k'), evalItems: evalItems(), target: 300 });
    assert.deepEqual(r.funnel.slice(0, expected.s1k_funnel.length).map(({ stage, kept, dropped }) => ({ stage, kept, dropped })), expected.s1k_funnel);
    const picks = r.funnel.find((f) => f.stage === 'benchmark picks')!;
    assert.equal(picks.picked, expected.picks);
    assert.equal(r.selected, 300);
  });

  it('every planted fault carries its label, with evidence', () => {
    const ds = datasetId(db, 'pool')!;
    const ann = listAnnotations(db, ds);
    const labelsOf = new Map<string, Set<string>>();
    for (const a of ann) {
      const s = labelsOf.get(a.question_hash) ?? new Set<string>();
      s.add(a.label);
      labelsOf.set(a.question_hash, s);
    }
    // s1's "API errors / missing features" faults: an API error, or rows without the featurized columns (no API call failed).
    const want: Record<string, string[]> = { api: ['api-error', 'missing-features'], wrong: ['wrong-answer'], s1fmt: ['formatting'], artimg: ['ascii-art', 'image-reference'], contam: ['contamination'], dup: ['duplicate'] };
    for (const [kind, labels] of Object.entries(want)) {
      const missed = expected.planted[kind].filter((p) => !labels.some((l) => labelsOf.get(p.question_hash)?.has(l)));
      assert.equal(missed.length, 0, `${kind}: ${missed.length} of ${expected.planted[kind].length} not labelled ${labels.join('/')}`);
    }
    const contam = ann.find((a) => a.label === 'contamination')!.evidence as { ngram: string; eval: { file: string; question: string } };
    assert.equal(contam.ngram.split(' ').length, 8);
    assert.match(contam.eval.file, /math500|aime24/);
    // Clean questions that share AIME's boilerplate ("relatively prime positive integers") are not contamination.
    const boiler = expected.planted.boilerplate_clean.filter((p) => labelsOf.get(p.question_hash)?.has('contamination'));
    assert.ok(expected.planted.boilerplate_clean.length > 0);
    assert.equal(boiler.length, 0);
    // Every sample outside the selection says which stage dropped it.
    const dropped = ann.filter((a) => a.origin === 'detector:curate:s1k');
    assert.equal(dropped.length, 3000 - 300);
    assert.ok(dropped.every((a) => typeof (a.evidence as { stage: string }).stage === 'string'));
  });

  it('s1k-notebook reproduces its funnel (no Gemini-wrong, ASCII-art, decontamination or dedup stage)', () => {
    const r = curate(db, { dataset: 'pool', recipe: loadRecipe('s1k-notebook'), target: 300 });
    assert.deepEqual(r.funnel.slice(0, 4).map(({ stage, kept, dropped }) => ({ stage, kept, dropped })), expected.s1k_notebook_funnel);
    assert.equal(r.funnel.find((f) => f.stage === 'benchmark picks')!.picked, expected.picks);
  });

  it('the same seed selects the same samples in the same order; another seed does not', () => {
    const a = curate(db, { dataset: 'pool', recipe: loadRecipe('s1k'), evalItems: evalItems(), target: 300 });
    const b = curate(db, { dataset: 'pool', recipe: loadRecipe('s1k'), evalItems: evalItems(), target: 300 });
    assert.notEqual(a.selection, b.selection);
    assert.deepEqual(a.sampleIds, b.sampleIds);
    assert.deepEqual(selectionSamples(db, findSelection(db, a.selection)!.id).map((s) => s.sample_id), a.sampleIds);
    const c = curate(db, { dataset: 'pool', recipe: loadRecipe('s1k'), evalItems: evalItems(), target: 300, seed: 7 });
    assert.notDeepEqual(c.sampleIds, a.sampleIds);
  });

  it('reading the pool in small batches gives the same funnel, selection and annotations as one batch', () => {
    const ds = datasetId(db, 'pool')!;
    // Every annotation the run wrote, minus the selection version it names (each run saves a new version).
    const written = () => listAnnotations(db, ds).filter((a) => a.origin !== 'human')
      .map((a) => JSON.stringify([a.sample_id, a.label, a.origin, { ...(a.evidence as object), selection: undefined }])).sort();
    for (const name of ['s1k', 'openthoughts']) {
      const whole = curate(db, { dataset: 'pool', recipe: loadRecipe(name), evalItems: evalItems(), target: 300, batchSize: 1e9 });
      const wholeAnn = written();
      const small = curate(db, { dataset: 'pool', recipe: loadRecipe(name), evalItems: evalItems(), target: 300, batchSize: 37 });
      assert.deepEqual(small.funnel, whole.funnel, name);
      assert.deepEqual(small.sampleIds, whole.sampleIds, name);
      assert.deepEqual(written(), wholeAnn, name);
      // the default: batches sized by their text (pool.ts), growing from 64 samples
      const sized = curate(db, { dataset: 'pool', recipe: loadRecipe(name), evalItems: evalItems(), target: 300 });
      assert.deepEqual(sized.funnel, whole.funnel, name);
      assert.deepEqual(sized.sampleIds, whole.sampleIds, name);
      assert.deepEqual(written(), wholeAnn, name);
      assert.ok(whole.funnel.some((f) => f.type === 'decontaminate' && f.dropped > 0), `${name} drops contamination`);
    }
  });

  it('human force keep and force drop win over every stage', () => {
    const ds = datasetId(db, 'pool')!;
    const solved = db.prepare(`SELECT id FROM samples WHERE dataset_id = ? AND json_extract(features, '$.isqwen7bcorrect') = 1 LIMIT 1`).pluck().get(ds) as number;
    const base = curate(db, { dataset: 'pool', recipe: loadRecipe('s1k'), evalItems: evalItems(), target: 300 });
    const victim = base.sampleIds[0];
    setHumanAnnotation(db, { sampleId: solved, label: 'keep' });
    db.prepare("UPDATE samples SET status = 'rejected' WHERE id = ?").run(victim);
    for (const name of ['s1k', 's1k-notebook', 'openthoughts']) {
      const r = curate(db, { dataset: 'pool', recipe: loadRecipe(name), evalItems: evalItems(), target: 300 });
      assert.ok(r.sampleIds.includes(solved), `${name} keeps the forced keep`);
      assert.ok(!r.sampleIds.includes(victim), `${name} drops the forced drop`);
      assert.equal(r.funnel[1].stage, 'human drop');
    }
    // A detector re-run never touched the person's label.
    assert.equal(listAnnotations(db, ds, { origin: 'human' }).length, 1);
  });
});
