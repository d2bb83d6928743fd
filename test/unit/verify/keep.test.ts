// The keep rules of verified generation, as recipes: Stratos keeps only questions with a verified trace and exports
// their verified traces; OpenThoughts keeps every question and exports every trace. Export's `--traces verified`
// follows the verifier's verdict over the source's grade.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { findDatasetId } from '../../../src/core/store/datasets';
import { curate } from '../../../src/core/curate/run';
import { loadRecipe, validateRecipe } from '../../../src/core/curate/recipe';
import { exportSelection } from '../../../src/core/export/run';
import { verifyTraces } from '../../../src/core/verify/run';
import { listAnnotations } from '../../../src/core/store/annotations';
import { fixture, freshDatabase, type TempDir } from '../helpers';

function addTrace(db: Db, questionLike: string, answer: string, grade: number | null = null): number {
  const sampleId = db.prepare('SELECT id FROM samples WHERE question LIKE ?').pluck().get(`%${questionLike}%`) as number;
  return Number(db.prepare("INSERT INTO traces (sample_id, hash, producer, thinking, answer, grade) VALUES (?, ?, 'teacher', 'Let me think.', ?, ?)")
    .run(sampleId, `h${Math.random()}`, answer, grade).lastInsertRowid);
}

const stratosLike = validateRecipe({ name: 'stratos-test', stages: [{ stage: 'verified only', type: 'verified', keep: 'verified' }] });
const openthoughtsLike = validateRecipe({ name: 'ot-test', stages: [{ stage: 'keep all', type: 'verified', keep: 'all' }] });

describe('keep rules: verified (Stratos) and all (OpenThoughts)', () => {
  let db: Db;
  let tmp: TempDir;
  freshDatabase((d, t) => { db = d; tmp = t; });
  let right = 0;
  let gradedButFailed = 0;

  beforeEach(async () => {
    await importFiles(db, { files: [fixture('import', 'mcq-madeup.jsonl')], dataset: 'mcq' });
    right = addTrace(db, 'blorpium', 'It glows blue: (C).');
    // The source graded it correct, the verifier says otherwise: the verifier's verdict wins.
    gradedButFailed = addTrace(db, 'blorpium', 'Red, so (A).', 1);
    addTrace(db, 'snark force', 'The photon: C).');
    await verifyTraces(db, { scope: { datasetId: findDatasetId(db, 'mcq')! }, kind: 'choice' });
  });

  const exported = async (selection: string, name: string, traces?: 'verified' | 'all' | 'best') => {
    const out = join(tmp.dir, name, 'data.jsonl');
    const r = await exportSelection(db, { selection, format: 'messages', out, dbPath: join(tmp.dir, 'd.db'), ...(traces ? { traces } : {}) });
    return { r, rows: readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { messages: { role: string; content: string }[] }) };
  };

  it('Stratos keeps only questions with a verified trace and exports only verified traces', async () => {
    const c = curate(db, { dataset: 'mcq', recipe: stratosLike });
    assert.equal(c.selected, 1);
    assert.deepEqual(c.funnel.map((f) => [f.stage, f.kept, f.dropped]), [['start', 2, 0], ['verified only', 1, 1]]);
    const dropped = listAnnotations(db, findDatasetId(db, 'mcq')!, { label: 'dropped' });
    assert.equal((dropped[0].evidence as { reason: string }).reason, 'no verified trace (1 failed)');
    const { r, rows } = await exported(c.selection, 'stratos');
    assert.equal(r.traces, 'verified', "the recipe's keep rule is export's default");
    assert.equal(rows.length, 1);
    assert.match(rows[0].messages.at(-1)!.content, /glows blue/);
  });

  it('OpenThoughts keeps every question and exports every trace, right or wrong', async () => {
    const c = curate(db, { dataset: 'mcq', recipe: openthoughtsLike });
    assert.equal(c.selected, 2);
    const { r, rows } = await exported(c.selection, 'ot');
    assert.equal(r.traces, 'all');
    assert.equal(rows.length, 3);
  });

  it("--traces verified follows the verifier's verdict over the source's grade; an explicit --traces wins over the recipe", async () => {
    const c = curate(db, { dataset: 'mcq', recipe: openthoughtsLike });
    const { rows } = await exported(c.selection, 'v', 'verified');
    assert.equal(rows.length, 1);
    assert.ok(!rows.some((x) => /Red, so/.test(x.messages.at(-1)!.content)), `trace ${gradedButFailed} was graded 1 by the source but failed verification`);
    assert.ok(right > 0);
  });

  it('a verified rule on a data set nobody verified says to run distillery verify', async () => {
    db.prepare("DELETE FROM annotations WHERE origin LIKE 'verifier:%'").run();
    const c = curate(db, { dataset: 'mcq', recipe: stratosLike });
    assert.equal(c.selected, 0);
    assert.match(c.funnel[1].reason!, /run distillery verify --dataset first/);
  });

  it('the built-in stratos and openthoughts recipes carry the two rules', () => {
    const keep = (name: string) => loadRecipe(name).stages.find((s) => s.type === 'verified') as { keep: string } | undefined;
    assert.equal(keep('stratos')?.keep, 'verified');
    assert.equal(keep('openthoughts')?.keep, 'all');
    assert.throws(() => validateRecipe({ name: 'x', stages: [{ stage: 'v', type: 'verified', keep: 'some' }] }), /stages\[0\]\.keep must be one of verified, all/);
  });
});
