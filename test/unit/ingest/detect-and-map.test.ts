// Detection, --map and the sample's source and producer: a file imports right or is refused once, with the
// columns seen and what to pass instead; a map is checked before the first row; nothing is dropped silently.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import type { ImportOptions } from '../../../src/shared/protocol';
import { fixture, freshDatabase, tempDir } from '../helpers';

const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('import: detection, field maps, source and producer', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  freshDatabase((d, t) => { db = d; tmp = t; });

  const write = (name: string, rows: object[]) => {
    const file = join(tmp.dir, name);
    mkdirSync(resolve(file, '..'), { recursive: true });
    writeFileSync(file, jsonl(rows));
    return file;
  };
  const imp = (file: string, o: Partial<ImportOptions> = {}) => importFiles(db, { files: [file], dataset: 'd', ...o });
  const one = <T>(sql: string, ...a: unknown[]) => db.prepare(sql).get(...a) as T;
  const samples = () => db.prepare('SELECT count(*) FROM samples').pluck().get();

  it('refuses a file no preset fits once, listing the columns and a --map that reads them', async () => {
    const file = write('chat.jsonl', [1, 2, 3].map((i) => ({ prompt: `q${i}`, completion: `a${i}` })));
    const r = await imp(file);
    assert.equal(r.errors.length, 1, 'one error for the file, not one per row');
    assert.equal(r.errors[0].line, 0, 'the file as a whole');
    assert.match(r.errors[0].message, /no preset fits the columns \[prompt, completion\]/);
    assert.match(r.errors[0].message, /--preset generic --map question=prompt,response=completion/);
    // The suggested map works.
    const ok = await imp(file, { preset: 'generic', fieldMap: { question: 'prompt', response: 'completion' } });
    assert.deepEqual([ok.rows, ok.traces], [3, 3]);
  });

  it('a trace preset that finds no trace in any row is refused once, not stored as a traces set without traces', async () => {
    const file = write('empty-traces.jsonl', [1, 2].map((i) => ({ question: `q${i}`, solution: `s${i}`, cot_type: 'math', source_type: 'x', metadata: '{}', thinking_trajectories: [], attempt: null })));
    const r = await imp(file, { preset: 's1' });
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].line, 0);
    assert.match(r.errors[0].message, /the s1 preset reads traces, but none of the 2 rows has one .*thinking_trajectories.*: nothing imported\. .*--preset qa/);
    assert.equal(samples(), 0, 'nothing stored');
  });

  it('checks every --map key and column before the first row: a missing column, an unknown key, thinking= without an answer', async () => {
    const file = write('rows.jsonl', [{ prompt: 'What is 2+2?', gold: '4', cot: 'two and two', final: 'four', score: true }]);
    const cases: [Record<string, string>, RegExp][] = [
      [{ question: 'prompt', answer: 'golden' }, /--map answer=golden: the first row has no column 'golden'; columns seen: \[prompt, gold, cot, final, score\]/],
      [{ question: 'prompt', anwser: 'gold' }, /--map: unknown field 'anwser' \(known: question, answer, /],
      [{ question: 'prompt', thinking: 'cot' }, /--map thinking=cot needs the column of the trace's answer: add attempt=COLUMN/],
      [{ question: 'prompt', grade: 'prompt' }, /--map grade=prompt: expected true\/false, 1\/0 or yes\/no/],
    ];
    for (const [fieldMap, message] of cases) {
      const r = await imp(file, { preset: 'generic', fieldMap });
      assert.equal(r.errors.length, 1);
      assert.match(r.errors[0].message, message);
    }
    assert.equal(samples(), 0);
    const ok = await imp(file, { preset: 'generic', fieldMap: { question: 'prompt', answer: 'gold', thinking: 'cot', response: 'final', grade: 'score' } });
    assert.deepEqual(ok.errors, []);
    assert.deepEqual(one('SELECT thinking, answer, grade FROM traces'), { thinking: 'two and two', answer: 'four', grade: 1 });
  });

  it('maps dotted and indexed paths (prompt[0].value, reward_model.ground_truth, prompt[-1].content) and a 0/1 grade column', async () => {
    const file = write('nested.jsonl', [
      { prompt: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is 3+4?' }], reward_model: { ground_truth: '7' }, out: 'It is 7.', symbolic_correct: 1 },
      { prompt: [{ role: 'user', content: 'What is 5+5?' }], reward_model: { ground_truth: '10' }, out: 'It is 11.', symbolic_correct: 0 },
    ]);
    const r = await imp(file, { preset: 'generic', fieldMap: { question: 'prompt[-1].content', answer: 'reward_model.ground_truth', response: 'out', grade: 'symbolic_correct' } });
    assert.deepEqual(r.errors, []);
    const rows = db.prepare('SELECT s.question, s.answer, t.grade FROM samples s JOIN traces t ON t.sample_id = s.id ORDER BY s.id').all();
    assert.deepEqual(rows, [{ question: 'What is 3+4?', answer: '7', grade: 1 }, { question: 'What is 5+5?', answer: '10', grade: 0 }]);
    const orz = await importFiles(db, { files: [fixture('import', 'real', 'orz-aime2024.json')], dataset: 'orz', preset: 'generic', fieldMap: { question: 'prompt[0].value', answer: 'final_answer' } });
    assert.deepEqual([orz.rows, orz.errors.length], [5, 0]);
  });

  it('a first row whose trace is null is not a refusal: the trace column is there', async () => {
    const file = write('pool.jsonl', [
      { question: 'Q1', thinking_trajectories: null, attempt: 'a' },
      { question: 'Q2', thinking_trajectories: ['t'], attempt: 'a' },
    ]);
    const r = await imp(file, { preset: 's1' });
    assert.deepEqual([r.errors.length, r.rows, r.traces], [0, 2, 1]);
  });

  it('the source comes from a source column, else --source, else the file name; never the preset', async () => {
    const file = write('my-olympiad.jsonl', [{ problem: 'Find x.', answer: '3' }]);
    await imp(file);
    assert.equal(one<{ source: string }>('SELECT source FROM samples').source, 'my-olympiad');
    const other = write('other.jsonl', [{ problem: 'Find y.', answer: '5' }]);
    await imp(other, { source: 'olympiad-2024' });
    assert.equal(one<{ source: string }>("SELECT source FROM samples WHERE question = 'Find y.'").source, 'olympiad-2024');
    const tagged = write('tagged.jsonl', [{ problem: 'Find z.', answer: '8', data_source: 'amc' }]);
    await imp(tagged, { source: 'ignored' });
    assert.equal(one<{ source: string }>("SELECT source FROM samples WHERE question = 'Find z.'").source, 'amc');
  });

  it("a row's unused columns are kept as metadata", async () => {
    const file = write('extra.jsonl', [{ question: 'Q?', thinking: 't', attempt: 'a', difficulty: 7, tags: ['x'], url: 'http://e' }]);
    await imp(file);
    assert.deepEqual(JSON.parse(one<{ metadata: string }>('SELECT metadata FROM samples').metadata), { difficulty: 7, tags: ['x'], url: 'http://e' });
  });

  it('the producer comes from a model column, else the model folder of the path, else unknown (said in the summary); --teacher overrides', async () => {
    const withModel = write('a.jsonl', [{ question: 'Q1', response: 'r', model: 'deepseek-r1' }]);
    const inFolder = write(join('DeepSeek-R1-Distill-Qwen-7B', 'results.jsonl'), [{ question: 'Q2', response: 'r' }]);
    const bare = write('b.jsonl', [{ question: 'Q3', response: 'r' }]);
    for (const f of [withModel, inFolder, bare]) await imp(f);
    const by = (q: string) => one<{ producer: string }>('SELECT t.producer FROM traces t JOIN samples s ON s.id = t.sample_id WHERE s.question = ?', q).producer;
    assert.deepEqual([by('Q1'), by('Q2'), by('Q3')], ['deepseek-r1', 'DeepSeek-R1-Distill-Qwen-7B', 'unknown']);
    const r = await imp(write('c.jsonl', [{ question: 'Q4', response: 'r' }]));
    assert.equal(r.files[0].unknown_producer_traces, 1);
    await imp(write('e.jsonl', [{ question: 'Q5', response: 'r', model: 'x' }]), { teacher: 'my-teacher' });
    assert.equal(by('Q5'), 'my-teacher');
  });

  it("SkyThought's results written on one line (no indent) import as one object keyed by problem", async () => {
    const file = join(tmp.dir, 'QwQ-32B-Preview_math500_test.json');
    const entry = (q: string, ok: boolean) => ({ problem: q, answer: '1', responses: { '0.7': { content: `<|begin_of_thought|>hm<|end_of_thought|><|begin_of_solution|>\\boxed{1}<|end_of_solution|>`, correctness: ok, reason: '' } } });
    writeFileSync(file, JSON.stringify({ 'Q one': entry('Q one', true), 'Q two': entry('Q two', false) }));
    const r = await importFiles(db, { files: [file], dataset: 'sky' });
    assert.deepEqual([r.files[0].preset, r.rows, r.traces], ['skythought-results', 2, 2]);
    assert.deepEqual(db.prepare('SELECT producer, answer, grade FROM traces ORDER BY id').all(), [
      { producer: 'QwQ-32B-Preview', answer: '\\boxed{1}', grade: 1 }, { producer: 'QwQ-32B-Preview', answer: '\\boxed{1}', grade: 0 },
    ]);
  });

  it('a question with an answer is an evaluation set named after its file, not AIME; AIME needs its own signs', async () => {
    const a = await imp(write('gpqa-like.jsonl', [{ question: 'Which is blue? (A) sky (B) grass', answer: 'A' }]));
    const b = await imp(write('plain.jsonl', [{ question: 'What is 2+2?', answer: '4' }]));
    assert.deepEqual([a.files[0].preset, b.files[0].preset], ['mcq', 'qa']);
    assert.deepEqual(db.prepare('SELECT source FROM samples ORDER BY id').pluck().all(), ['gpqa-like', 'plain']);
  });

  it('the CLI takes --source and says when the producer is unknown', () => {
    const file = write('resp.jsonl', [{ question: 'Q', response: 'R' }]);
    const r = spawnSync(process.execPath, [resolve('out', 'cli.js'), '--db', join(tmp.dir, 'cli.db'), 'import', file, '--source', 'mine'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /producer unknown for 1 traces .*pass --teacher MODEL/);
  });
});
