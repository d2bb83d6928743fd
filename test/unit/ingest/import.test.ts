import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { fixture, freshDatabase, sample, tempDir } from '../helpers';

describe('import', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  freshDatabase((d, t) => { db = d; tmp = t; });

  const count = (sql: string, ...args: unknown[]) => db.prepare(sql).pluck().get(...args) as number;

  it('imports the real s1K rows as one sample and one Gemini trace each, and a re-import adds nothing', async () => {
    const first = await importFiles(db, { files: [sample('s1k-sample-5.jsonl')] });
    assert.equal(first.dataset, 's1k-sample-5');
    assert.deepEqual([first.rows, first.traces, first.new_samples, first.new_traces, first.skipped], [5, 5, 5, 5, 0]);
    assert.equal(first.files[0].preset, 's1k');
    const again = await importFiles(db, { files: [sample('s1k-sample-5.jsonl')] });
    assert.deepEqual([again.rows, again.new_samples, again.new_traces], [5, 0, 0]);
    assert.equal(count('SELECT count(*) FROM samples'), 5);
    assert.equal(count('SELECT count(*) FROM traces'), 5);
    const t = db.prepare("SELECT producer, length(thinking) AS n FROM traces LIMIT 1").get() as { producer: string; n: number };
    assert.match(t.producer, /gemini/);
    assert.ok(t.n > 1000, 'the whole thinking trace is stored');
  });

  it('keeps human labels and review status across a re-import', async () => {
    await importFiles(db, { files: [fixture('import', 's1-pool.jsonl')], dataset: 'pool' });
    const id = count("SELECT id FROM samples WHERE question = 'What is 3+3?'");
    db.prepare("INSERT INTO annotations (sample_id, label, origin, note) VALUES (?, 'ascii-art', 'human', 'mine')").run(id);
    db.prepare("UPDATE samples SET status = 'rejected' WHERE id = ?").run(id);
    const again = await importFiles(db, { files: [fixture('import', 's1-pool.jsonl')], dataset: 'pool' });
    assert.equal(again.new_samples, 0);
    assert.equal(count('SELECT count(*) FROM annotations WHERE sample_id = ? AND origin = ?', id, 'human'), 1);
    assert.equal(db.prepare('SELECT status FROM samples WHERE id = ?').pluck().get(id), 'rejected');
  });

  it('maps the s1 pool: features, Python-repr metadata, list traces, Gemini grade', async () => {
    const r = await importFiles(db, { files: [fixture('import', 's1-pool.jsonl')] });
    assert.equal(r.files[0].preset, 's1');
    const s = db.prepare("SELECT * FROM samples WHERE question = 'What is 2+2?'").get() as Record<string, string>;
    assert.equal(s.source, 'qfq/openaimath/Algebra');
    assert.equal(s.domain, 'General algebraic systems');
    assert.deepEqual(JSON.parse(s.metadata), { source: 'openaimath', level: 2, ok: true, none: null, text: 'it\'s "quoted"' });
    assert.deepEqual(JSON.parse(s.features), { isqwen7bcorrect: true, isqwen32bcorrect: false, isgeminicorrect: true, gemini_length: 102 });
    const t = db.prepare('SELECT * FROM traces WHERE sample_id = ?').get(s.id) as Record<string, unknown>;
    assert.equal(t.grade, 1);
    assert.equal(t.thinking_tokens, 102);
    assert.match(String(t.thinking), /∑ \$\\frac\{2\}\{1\}\$/);
  });

  it('rejects a file with a bad line as a whole, naming file and line, and leaves the database as it was', async () => {
    await importFiles(db, { files: [sample('s1k-sample-5.jsonl')], dataset: 'pool' });
    const before = count('SELECT count(*) FROM samples');
    const file = fixture('import', 's1-pool-bad.jsonl');
    const r = await importFiles(db, { files: [file], dataset: 'pool' });
    assert.equal(r.files[0].ok, false);
    assert.equal(r.rows, 0);
    assert.deepEqual(r.errors.map((e) => [e.file, e.line]), [[file, 2], [file, 5]]);
    assert.match(r.errors[0].message, /invalid JSON/);
    assert.match(r.errors[1].message, /field 'question': expected a string, got number/);
    assert.equal(count('SELECT count(*) FROM samples'), before);
  });

  it('--skip-bad keeps the good rows and lists the bad ones', async () => {
    const r = await importFiles(db, { files: [fixture('import', 's1-pool-bad.jsonl')], skipBad: true });
    assert.equal(r.files[0].ok, true);
    assert.deepEqual([r.rows, r.skipped], [3, 2]);
    assert.deepEqual(r.errors.map((e) => e.line), [2, 5]);
    assert.equal(count('SELECT count(*) FROM samples'), 3);
  });

  it('reports invalid UTF-8 with its line, with and without workers', async () => {
    for (const workers of [0, 1]) {
      const r = await importFiles(db, { files: [fixture('import', 'invalid-utf8.jsonl')], workers, dataset: `w${workers}` });
      assert.equal(r.files[0].ok, false);
      assert.deepEqual(r.errors.map((e) => e.line), [2]);
      assert.match(r.errors[0].message, /invalid UTF-8 at byte 18/);
    }
    assert.equal(count('SELECT count(*) FROM samples'), 0);
  });

  it('rejects a 50 MB field by name and line without storing the file', async () => {
    const file = join(tmp.dir, 'huge.jsonl');
    const ok = JSON.stringify({ question: 'q1', thinking_trajectories: ['t'], attempt: 'a' });
    const huge = JSON.stringify({ question: 'q2', thinking_trajectories: ['x'.repeat(50 << 20)], attempt: 'a' });
    writeFileSync(file, `${ok}\n${huge}\n`);
    const r = await importFiles(db, { files: [file] });
    assert.equal(r.files[0].ok, false);
    assert.equal(r.errors[0].line, 2);
    assert.match(r.errors[0].message, /field 'thinking_trajectories\.0'.*over the limit/);
    assert.equal(count('SELECT count(*) FROM samples'), 0);
  });

  it('a huge field on the first line gets the same clear error (schema detection reads the whole line)', async () => {
    const file = join(tmp.dir, 'huge-first.jsonl');
    const huge = JSON.stringify({ question: 'q1', thinking_trajectories: ['x'.repeat(3 << 20)], attempt: 'a' });
    writeFileSync(file, `${huge}\n${JSON.stringify({ question: 'q2', thinking_trajectories: ['t'], attempt: 'a' })}\n`);
    const r = await importFiles(db, { files: [file], maxFieldBytes: 2 << 20 });
    assert.equal(r.files[0].preset, 's1');
    assert.deepEqual(r.errors.map((e) => e.line), [1]);
    assert.match(r.errors[0].message, /field 'thinking_trajectories\.0'.*over the limit/);
  });

  it('reports an empty file and an unknown schema clearly', async () => {
    const empty = await importFiles(db, { files: [fixture('import', 'empty.jsonl')] });
    assert.deepEqual(empty.errors.map((e) => e.message), ['file is empty']);
    const unknown = await importFiles(db, { files: [fixture('import', 'unknown-schema.jsonl')] });
    assert.match(unknown.errors[0].message, /no preset fits the columns \[prompt, completion\]/);
    assert.equal(unknown.errors[0].line, 0, 'a refusal of the whole file, which --skip-bad would not change');
    assert.match(unknown.errors[0].message, /read from the first row, line 1/);
    const missing = await importFiles(db, { files: [join(tmp.dir, 'nope.jsonl')] });
    assert.match(missing.errors[0].message, /file not found/);
  });

  it('a field map imports an unknown schema', async () => {
    const r = await importFiles(db, { files: [fixture('import', 'unknown-schema.jsonl')], preset: 'generic', fieldMap: { question: 'prompt', response: 'completion' } });
    assert.equal(r.rows, 1);
    assert.equal(db.prepare('SELECT answer FROM traces').pluck().get(), 'there');
  });

  it('splits Stratos, OpenThoughts and SkyThought responses into thinking and answer', async () => {
    const r = await importFiles(db, { files: [fixture('import', 'stratos.jsonl'), fixture('import', 'openthoughts-messages.jsonl'), fixture('import', 'skythought-eval.jsonl')], dataset: 'mixed' });
    assert.deepEqual(r.files.map((f) => f.preset), ['stratos', 'openthoughts', 'skythought']);
    const rows = db.prepare('SELECT s.question, t.thinking, t.answer, t.grade FROM traces t JOIN samples s ON s.id = t.sample_id ORDER BY t.id').all() as Record<string, unknown>[];
    assert.deepEqual(rows.map((x) => [x.thinking, x.answer]), [
      ['I add 2 and 2 to get 4.', 'The sum is \\boxed{4}.'],
      ['3 times 3 is 9.', 'The answer is $\\boxed{9}$.'],
      ['5 minus 2 is 3', '\\boxed{3}'],
      ['hmm', '\\boxed{4}'],
    ]);
    assert.deepEqual(rows.slice(2).map((x) => x.grade), [1, 0]);
    assert.equal(rows[0].question, 'Return your final response within \\boxed{}. Find 2+2.');
  });

  it('imports MATH500 and AIME24 as evaluation sets with their gold answers', async () => {
    const r = await importFiles(db, { files: [sample('math500.jsonl')] });
    assert.deepEqual([r.rows, r.files[0].preset], [500, 'math500']);
    const a = await importFiles(db, { files: [sample('aime24.jsonl')] });
    assert.deepEqual([a.rows, a.files[0].preset], [30, 'aime']);
    assert.equal(db.prepare("SELECT kind FROM datasets WHERE name = 'aime24'").pluck().get(), 'eval');
    assert.ok(count("SELECT count(*) FROM samples WHERE answer LIKE '0%'") >= 1, 'zero-padded AIME answers are kept as given');
  });

  it('reads a GPQA-style CSV with quoted commas and newlines', async () => {
    const r = await importFiles(db, { files: [fixture('import', 'gpqa-madeup.csv')] });
    assert.deepEqual([r.rows, r.files[0].preset], [2, 'gpqa']);
    const m = JSON.parse(db.prepare("SELECT metadata FROM samples WHERE answer = 'Blue'").pluck().get() as string);
    assert.deepEqual(m.incorrect, ['Red', 'Green', 'Yellow, pale']);
    assert.equal(count("SELECT count(*) FROM samples WHERE question LIKE 'Line one%line two%'"), 1);
  });

  it('streams a JSON array and names the line of a bad element', async () => {
    const r = await importFiles(db, { files: [fixture('import', 'array.json')] });
    assert.deepEqual([r.rows, r.files[0].preset], [3, 's1']);
    const bad = await importFiles(db, { files: [fixture('import', 'array-bad.json')] });
    assert.equal(bad.files[0].ok, false);
    assert.equal(bad.errors[0].line, 3);
    assert.equal(count('SELECT count(*) FROM samples'), 3);
  });

  it('reads Parquet row groups', async () => {
    const { parquetWriteFile } = await import('hyparquet-writer');
    const file = join(tmp.dir, 's1k.parquet');
    parquetWriteFile({
      filename: file,
      rowGroupSize: 2,
      columnData: [
        { name: 'question', data: ['q1', 'q2', 'q3'], type: 'STRING' },
        { name: 'solution', data: ['1', '2', '3'], type: 'STRING' },
        { name: 'gemini_thinking_trajectory', data: ['t1', 't2', 't3'], type: 'STRING' },
        { name: 'gemini_attempt', data: ['a1', 'a2', 'a3'], type: 'STRING' },
        { name: 'deepseek_thinking_trajectory', data: ['d1', 'd2', 'd3'], type: 'STRING' },
        { name: 'deepseek_attempt', data: ['b1', 'b2', 'b3'], type: 'STRING' },
        { name: 'deepseek_grade', data: ['Yes', 'No', 'Yes'], type: 'STRING' },
      ],
    });
    const r = await importFiles(db, { files: [file] });
    assert.deepEqual([r.rows, r.traces, r.files[0].preset], [3, 6, 's1k']);
    const producers = db.prepare("SELECT producer, grade FROM traces t JOIN samples s ON s.id = t.sample_id WHERE s.question = 'q2' ORDER BY producer").all();
    assert.deepEqual(producers, [{ producer: 'deepseek-r1', grade: 0 }, { producer: 'gemini-2.0-flash-thinking-exp', grade: null }]);
  });

  it('stores hostile HTML in traces verbatim (rendering makes it inert, not the store)', async () => {
    await importFiles(db, { files: [fixture('import', 'hostile.jsonl')] });
    assert.match(db.prepare('SELECT thinking FROM traces').pluck().get() as string, /<img src=x onerror=alert\(1\)>/);
  });

  it('parses multi-chunk JSONL with workers in file order with exact line numbers', async () => {
    const file = join(tmp.dir, 'many.jsonl');
    const lines: string[] = [];
    for (let i = 1; i <= 3000; i++) {
      lines.push(i === 2500 ? '{not json' : JSON.stringify({ question: `q${i}`, thinking_trajectories: ['y'.repeat(i % 97) + 'é'], attempt: String(i) }));
      if (i % 1000 === 0) lines.push('');
    }
    writeFileSync(file, lines.join('\n'));
    const { readJsonl, workerScript } = await import('../../../src/core/ingest/readers/jsonl');
    assert.ok(workerScript(), 'the parse worker bundle is found (else this would test the inline path)');
    const seen: number[] = [];
    const errors: number[] = [];
    for await (const b of readJsonl(file, { preset: 's1', maxFieldChars: 1e6 }, { chunkBytes: 4096, workers: 2 })) {
      seen.push(...b.samples.map((s) => s.line));
      errors.push(...b.errors.map((e) => e.line));
    }
    // Line 2500 of the data is line 2502 of the file (two blank lines before it).
    assert.deepEqual(errors, [2502]);
    assert.equal(seen.length, 2999);
    assert.deepEqual(seen.slice(0, 3), [1, 2, 3]);
    assert.ok(seen.every((l, i) => i === 0 || l > seen[i - 1]), 'in file order');
    assert.equal(seen[seen.length - 1], 3002);
  });

  it('reads and packs into the buffers a batch gave back, and every batch still holds its own rows', async () => {
    const file = join(tmp.dir, 'recycled.jsonl');
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      question: `question ${i} ${'∑'.repeat(i % 7)}`, solution: `s${i}`, thinking_trajectories: [`thinking ${i} `.repeat(1 + (i % 50))], attempt: `a${i}`,
    }));
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const { readJsonl } = await import('../../../src/core/ingest/readers/jsonl');
    const text = (v: unknown) => Buffer.from(v as Uint8Array).toString('utf8');
    let n = 0;
    let chunks = 0;
    for await (const b of readJsonl(file, { preset: 's1', maxFieldChars: 1e6 }, { chunkBytes: 8192, workers: 2, recycle: true })) {
      chunks++;
      // Read while it is the current batch: later chunks are packed into these same buffers.
      for (const s of b.samples) {
        const r = rows[s.line - 1];
        assert.equal(text(s.question), r.question);
        assert.equal(text(s.traces[0].thinking), r.thinking_trajectories[0]);
        n++;
      }
    }
    assert.equal(n, 3000);
    assert.ok(chunks > 40, `many chunks, so buffers came back and were used again (${chunks})`);
  });
});
