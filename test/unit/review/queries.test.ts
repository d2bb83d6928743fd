import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { datasetLabels, ftsQuery, getSample, listSamples, saveFilterAsSelection, setStatus, toggleLabel } from '../../../src/core/review/queries';
import { mix } from '../../../src/core/curate/mix';
import { curate } from '../../../src/core/curate/run';
import { fixture, sample, tempDir } from '../helpers';

describe('review queries', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  beforeEach(async () => {
    tmp = tempDir();
    db = openDatabase(join(tmp.dir, 'r.db'));
    await importFiles(db, { files: [sample('s1k-sample-5.jsonl')], dataset: 's1k' });
    await importFiles(db, { files: [fixture('import', 'hostile.jsonl')], dataset: 'hostile' });
  });
  afterEach(() => { db.close(); tmp.cleanup(); });

  it('lists a dataset with previews and trace lengths, paged', () => {
    const all = listSamples(db, { dataset: 's1k' });
    assert.equal(all.total, 5);
    assert.ok(all.rows.every((r) => r.traceChars > 1000 && r.status === 'unreviewed'));
    const page = listSamples(db, { dataset: 's1k' }, 2, 2);
    assert.deepEqual(page.rows.map((r) => r.id), all.rows.slice(2, 4).map((r) => r.id));
  });

  it('searches questions and traces, with operators in the text kept literal', () => {
    assert.equal(listSamples(db, { search: 'trigonometric' }).total >= 1, true);
    assert.equal(listSamples(db, { search: 'script alert' }).total, 1);
    assert.doesNotThrow(() => listSamples(db, { search: 'NEAR( "x OR -' }));
    assert.equal(listSamples(db, { search: 'zzqqxyzzy' }).total, 0);
    assert.equal(ftsQuery('x^2 + y'), '"x" "2" "y"*');
  });

  it('records a person\'s status and labels, filterable, and a re-import keeps them', async () => {
    const id = listSamples(db, { dataset: 's1k' }).rows[0].id;
    assert.equal(setStatus(db, id, 'rejected'), 'unreviewed');
    assert.equal(toggleLabel(db, id, 'ascii-art'), true);
    assert.equal(toggleLabel(db, id, 'wrong-answer', null, 'attempt says 3'), true);
    assert.deepEqual(listSamples(db, { status: 'rejected' }).rows.map((r) => r.id), [id]);
    assert.deepEqual(listSamples(db, { label: 'ascii-art' }).rows.map((r) => r.id), [id]);
    await importFiles(db, { files: [sample('s1k-sample-5.jsonl')], dataset: 's1k' });
    const d = getSample(db, id)!;
    assert.equal(d.status, 'rejected');
    assert.deepEqual(d.annotations.map((a) => [a.label, a.origin, a.note]).sort(), [['ascii-art', 'human', null], ['wrong-answer', 'human', 'attempt says 3']]);
    assert.equal(toggleLabel(db, id, 'ascii-art'), false, 'a second toggle removes it');
  });

  it('filters by who labelled, by grade and by trace length', async () => {
    const ids = listSamples(db, { dataset: 's1k' }).rows.map((r) => r.id);
    toggleLabel(db, ids[0], 'duplicate');
    db.prepare("INSERT INTO annotations (sample_id, label, origin) VALUES (?, 'ascii-art', 'detector:formatting')").run(ids[1]);
    assert.deepEqual(listSamples(db, { origin: 'human' }).rows.map((r) => r.id), [ids[0]]);
    assert.deepEqual(listSamples(db, { origin: 'detector' }).rows.map((r) => r.id), [ids[1]]);
    await importFiles(db, { files: [fixture('import', 'two-teachers.jsonl')], dataset: 'two' });
    assert.equal(listSamples(db, { dataset: 'two', grade: 'correct' }).total, 1);
    assert.equal(listSamples(db, { dataset: 'two', grade: 'wrong' }).total, 0);
    const long = listSamples(db, { dataset: 's1k', minChars: 10_000 });
    assert.ok(long.total > 0 && long.total < 5 && long.rows.every((r) => r.traceChars >= 10_000));
  });

  it('keeps a filter as a named, versioned selection, and filters by it', () => {
    const ids = listSamples(db, { dataset: 's1k' }).rows.map((r) => r.id);
    setStatus(db, ids[1], 'accepted');
    setStatus(db, ids[3], 'accepted');
    assert.deepEqual(saveFilterAsSelection(db, 'accepted-1', { dataset: 's1k', status: 'accepted' }), { name: 'accepted-1', version: 1, count: 2 });
    setStatus(db, ids[4], 'accepted');
    assert.equal(saveFilterAsSelection(db, 'accepted-1', { dataset: 's1k', status: 'accepted' }).version, 2);
    assert.deepEqual(listSamples(db, { selection: 'accepted-1@1' }).rows.map((r) => r.id), [ids[1], ids[3]]);
    assert.equal(listSamples(db, { selection: 'accepted-1' }).total, 3);
    assert.equal(listSamples(db, { selection: 'nope' }).total, 0);
    assert.throws(() => saveFilterAsSelection(db, 'x', {}), /choose a data set/);
  });

  it('a mixed selection lists its samples from both data sets, and a filter inside it saves across them', () => {
    const s1k = listSamples(db, { dataset: 's1k' }).rows.map((r) => r.id);
    const hostile = listSamples(db, { dataset: 'hostile' }).rows.map((r) => r.id);
    saveFilterAsSelection(db, 's1k-all', { dataset: 's1k' });
    saveFilterAsSelection(db, 'hostile-all', { dataset: 'hostile' });
    const m = mix(db, { name: 'mixed', sources: [{ selection: 's1k-all', count: 2 }, { selection: 'hostile-all', weight: 1 }], seed: 42 });
    const listed = listSamples(db, { selection: m.selection });
    assert.equal(listed.total, m.selected);
    assert.deepEqual(listed.rows.map((r) => r.id).sort((a, b) => a - b), [...m.sampleIds].sort((a, b) => a - b));
    assert.equal(listed.rows.filter((r) => s1k.includes(r.id)).length, 2);
    assert.equal(listed.rows.filter((r) => hostile.includes(r.id)).length, hostile.length);
    assert.deepEqual(new Set(listed.rows.map((r) => getSample(db, r.id)!.dataset)), new Set(['s1k', 'hostile']));
    assert.equal(listSamples(db, { selection: 'mixed', dataset: 'hostile' }).total, hostile.length, 'a data set narrows it');
    setStatus(db, s1k.find((id) => m.sampleIds.includes(id))!, 'accepted');
    setStatus(db, hostile[0], 'accepted');
    assert.deepEqual(saveFilterAsSelection(db, 'mixed-accepted', { selection: 'mixed', status: 'accepted' }), { name: 'mixed-accepted', version: 1, count: 2 });
    assert.throws(() => saveFilterAsSelection(db, 'x', { selection: 'nope' }), /no selection named 'nope'/);
  });

  it('a curated selection shows its own curation\'s labels only, never another recipe\'s dropped; a data set and a saved filter show them all', () => {
    // Each sample's trace length as the length stage reads it: a recipe that drops all says each in its evidence.
    curate(db, { dataset: 's1k', recipe: { name: 'probe', stages: [{ stage: 'len', type: 'length', min: 1e12 }] }, target: 5 });
    const lengths = (db.prepare("SELECT json_extract(evidence, '$.detail.length') FROM annotations WHERE origin = 'detector:curate:probe'").pluck().all() as number[]).sort((a, b) => a - b);
    assert.equal(lengths.length, 5);
    const cut = lengths[2];
    const short = curate(db, { dataset: 's1k', recipe: { name: 'short', stages: [{ stage: 'len', type: 'length', max: cut }] }, target: 5 });
    const long = curate(db, { dataset: 's1k', recipe: { name: 'long', stages: [{ stage: 'len', type: 'length', min: cut + 1 }] }, target: 5 });
    assert.ok(short.selected >= 1 && long.selected >= 1);
    for (const sel of [short, long]) {
      const rows = listSamples(db, { selection: sel.selection }).rows;
      assert.equal(rows.length, sel.selected);
      assert.deepEqual(rows.filter((r) => r.labels.includes('dropped')).map((r) => r.id), [], `${sel.selection}: no kept sample shows dropped`);
      assert.equal(listSamples(db, { selection: sel.selection, label: 'dropped' }).total, 0, 'the label filter agrees with the badges');
      // The same in a search's rows, which are read by id.
      assert.ok(listSamples(db, { selection: sel.selection, search: 'the' }).rows.every((r) => !r.labels.includes('dropped')));
    }
    // The data set shows every curation's labels: each sample was dropped by some recipe.
    assert.ok(listSamples(db, { dataset: 's1k' }).rows.every((r) => r.labels.includes('dropped')));
    // A mix of the long selection shows its source's curation's labels only.
    mix(db, { name: 'm', sources: [{ selection: long.selection }] });
    assert.ok(listSamples(db, { selection: 'm' }).rows.every((r) => !r.labels.includes('dropped')));
    // A selection saved from a filter in the panel shows what the panel showed: every curation's labels.
    saveFilterAsSelection(db, 'hand', { dataset: 's1k' });
    assert.ok(listSamples(db, { selection: 'hand' }).rows.every((r) => r.labels.includes('dropped')));
  });

  it('checks each trace\'s answer against the gold answer with the grader', async () => {
    await importFiles(db, { files: [fixture('import', 'two-teachers.jsonl')], dataset: 'two' });
    const id = listSamples(db, { dataset: 'two' }).rows[0].id;
    const checks = getSample(db, id)!.traces.map((t) => t.check);
    assert.deepEqual(checks.map((c) => [c?.extracted, c?.equal]), [['9', true], ['9', true]]);
    const hostile = getSample(db, listSamples(db, { dataset: 'hostile' }).rows[0].id)!;
    assert.equal(hostile.traces[0].check, null, 'no gold answer: nothing to check');
  });

  it('offers every label in a data set for the filter, a detector\'s (api-error) as well as a person\'s', () => {
    const [a, b] = listSamples(db, { dataset: 's1k' }).rows.map((r) => r.id);
    toggleLabel(db, a, 'duplicate');
    db.prepare("INSERT INTO annotations (sample_id, label, origin) VALUES (?, 'api-error', 'detector:api-error')").run(b);
    const other = listSamples(db, { dataset: 'hostile' }).rows[0].id;
    db.prepare("INSERT INTO annotations (sample_id, label, origin) VALUES (?, 'language', 'detector:language')").run(other);
    assert.deepEqual(datasetLabels(db, 's1k'), ['api-error', 'duplicate']);
    assert.deepEqual(datasetLabels(db), ['api-error', 'duplicate', 'language']);
    assert.deepEqual(datasetLabels(db, 'nope'), []);
  });

  it('returns the whole sample with its traces', () => {
    const id = listSamples(db, { dataset: 'hostile' }).rows[0].id;
    const d = getSample(db, id)!;
    assert.equal(d.dataset, 'hostile');
    assert.match(d.traces[0].thinking, /onerror/);
    assert.equal(getSample(db, 999999), null);
  });
});

describe('evaluation results in review', () => {
  it('each result is a trace of its question: filter by run, diffable across budgets', async () => {
    const { createRun, ensureEvalSamples, resultWriter } = await import('../../../src/core/store/runs');
    const tmp = tempDir();
    const db = openDatabase(join(tmp.dir, 'e.db'));
    try {
      const [sid] = ensureEvalSamples(db, 'math500', [{ question: 'What is 2+2?', gold: '4' }]);
      const run = createRun(db, 'r1', {}, 'replay');
      const w = resultWriter(db, run);
      const row = (budget: number | null, answer: string, grade: 0 | 1) => ({
        sampleId: sid, method: 'truncation', budget, repeat: 0, prompt: 'p', fullText: `t ${answer}`, thinking: `think ${budget}`, answer,
        extracted: answer, grade, thinkingTokens: 10, continuations: 0, finishReasons: ['length', 'stop'], wallMs: 5,
      });
      w.write(row(500, '5', 0));
      w.write(row(null, '4', 1));
      w.write(row(null, '4', 1)); // a resumed run writes nothing twice
      // Results are stored in the order they finish; the panel shows them by budget, unlimited last.
      w.write(row(2000, '4', 1));
      w.write(row(1000, '4', 1));
      assert.deepEqual(listSamples(db, { run: 'r1' }).rows.map((r) => r.id), [sid]);
      assert.equal(listSamples(db, { run: 'nope' }).total, 0);
      assert.equal(listSamples(db, { run: 'r1', method: 'truncation', budget: 500 }).total, 1);
      assert.equal(listSamples(db, { run: 'r1', budget: null }).total, 1);
      assert.equal(listSamples(db, { run: 'r1', budget: 4000 }).total, 0);
      assert.equal(listSamples(db, { method: 'budget-forcing/wait=1' }).total, 0);
      const d = getSample(db, sid)!;
      assert.deepEqual(d.traces.map((t) => [t.producer, t.grade, t.finishReason]), [['r1 · truncation · 500', 0, 'stop'], ['r1 · truncation · 1000', 1, 'stop'],
        ['r1 · truncation · 2000', 1, 'stop'], ['r1 · truncation · inf', 1, 'stop']]);
      assert.deepEqual(d.traces.map((t) => t.check?.equal), [false, true, true, true]);
    } finally {
      db.close();
      tmp.cleanup();
    }
  });
});
