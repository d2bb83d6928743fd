// The import's shortcuts store exactly what the plain way stores: text packed a sample at a time (in several
// buffers, each trace laid out as its hash reads it), no question-key probe for new questions of a data set that
// began empty (stopped once another import adds samples between batches), and one parse worker on two cores.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Db } from '../../../src/core/store/db';
import { openDatabase } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { prepareSample, traceHash } from '../../../src/core/ingest/hash';
import { TextPacker } from '../../../src/core/ingest/pack-text';
import { defaultWorkers } from '../../../src/core/ingest/readers/jsonl';
import type { SampleRecord } from '../../../src/core/ingest/record';
import { freshDatabase, jsonlFiles, s1Row } from '../helpers';


describe('import: packing, the probe for new questions, parse workers', () => {
  let db: Db;
  let dir: string;
  freshDatabase((d, t) => { db = d; dir = t.dir; });
  const file = jsonlFiles(() => dir);
  const stored = (d = db) => ({
    samples: d.prepare('SELECT question, solution, answer, metadata, hash, question_key FROM samples ORDER BY question, id').all(),
    traces: d.prepare(`SELECT s.question, t.hash, t.producer, t.thinking, t.answer FROM traces t JOIN samples s ON s.id = t.sample_id
      ORDER BY s.question, t.thinking, t.hash`).all(),
  });

  it('packs samples one at a time into several buffers: the same bytes, and each trace hash as traceHash computes it', () => {
    const records: SampleRecord[] = ['x', 'Ünïcødé ∑ 𝔘 text', '\u0000 and \u001f', ''].map((t, i) => ({
      question: `Q${i} ${t}`, solution: i % 2 ? null : `sol ${t}`, metadata: { i, t },
      traces: [{ producer: i === 1 ? 'modèle-π' : 'p', thinking: `${t} `.repeat(200 * i), answer: t }, { producer: 'p', thinking: t, answer: '' }],
    }));
    const plain = records.map((r, i) => prepareSample(r, i + 1));
    const packer = new TextPacker(256); // smaller than a sample: several buffers
    const packed = records.map((r, i) => prepareSample(r, i + 1));
    for (const s of packed) packer.pack(s);
    assert.ok(packer.buffers.length > 2, `several buffers (${packer.buffers.length})`);
    const text = (v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v);
    packed.forEach((s, i) => {
      for (const k of ['question', 'solution', 'answer', 'metadata'] as const) {
        assert.equal(text(s[k]), plain[i][k]);
        const v = s[k];
        if (v instanceof Uint8Array) assert.ok(packer.buffers.includes(v.buffer as ArrayBuffer), 'a view into a transferable buffer');
      }
      s.traces.forEach((t, j) => {
        const p = plain[i].traces[j];
        assert.equal(text(t.thinking), p.thinking);
        assert.equal(text(t.answer), p.answer);
        assert.equal(t.hash, traceHash(p));
        assert.equal(t.hash, traceHash(t), 'the same hash from the packed bytes');
      });
    });
  });

  it('keys hashed from the packed bytes are the keys of the plain way, whatever the gold and the whitespace', () => {
    const cases: SampleRecord[] = [
      { question: 'What is 1+1?', solution: 'one and one', answer: '2', traces: [] }, // the answer is the gold
      { question: 'What is 1+1?', solution: 'one and one', answer: null, traces: [] }, // else the solution
      { question: 'What is 1+1?', traces: [] }, // no gold
      { question: 'What is 1+1?', answer: 'None', solution: ' nan ', traces: [] }, // missing-value words: no gold
      { question: '  What is 1+1?\n', answer: '2 ', traces: [] }, // trimmed, as the plain way hashes them
      { question: 'Ünïcødé ∑ 𝔘 \u00a0', solution: '\ufeffx', traces: [] }, // JavaScript's whitespace at the ends
      { question: 'a\u001fb', answer: 'c', traces: [] }, // the separator inside the question
      { question: 'Q', answer: '', solution: 'S', traces: [] },
    ];
    const packer = new TextPacker(64);
    for (const r of cases) {
      const plain = prepareSample(r, 1);
      const packed = prepareSample(r, 1, true);
      assert.equal(packed.hash, '', 'left for the packer');
      packer.pack(packed);
      assert.equal(packed.hash, plain.hash, JSON.stringify(r));
      assert.equal(packed.questionKey, plain.questionKey, JSON.stringify(r));
      const text = (v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v);
      for (const k of ['question', 'solution', 'answer'] as const) assert.equal(text(packed[k]), plain[k], `${k} of ${JSON.stringify(r)}`);
    }
  });

  it('a file into an empty data set merges its repeated questions exactly as into one that holds samples', async () => {
    const lines = [
      s1Row('Q1 what is 1+1?', '2', 'one plus one'),
      s1Row('Q2 what is 2+2?', null, 'two and two, gold missing'),
      s1Row('Q1 what is 1+1?', '2', 'one plus one, again'), // same sample: a second trace
      s1Row('Q2 what is 2+2?', '4', 'now with gold'), // fills Q2's gold
      s1Row('Q3 what is 3+3?', '6', 'three'),
      s1Row('Q3 what is 3+3?', '7', 'a wrong gold'), // its own sample, a conflict
      s1Row('Q1 what is 1+1?', null, 'no gold: joins Q1'),
      s1Row('  Q1 what is 1+1?  ', '2', 'spaces around the question'),
    ];
    const f = file(lines);
    const empty = await importFiles(db, { files: [f], dataset: 'pool', workers: 0 });
    const other = openDatabase(join(dir, 'other.db'));
    try {
      // The same file into a data set that already holds an unrelated question: every row is probed.
      await importFiles(other, { files: [file([s1Row('Q0 unrelated', '0', 'zero')])], dataset: 'pool', workers: 0 });
      const probed = await importFiles(other, { files: [f], dataset: 'pool', workers: 0 });
      const strip = (r: typeof empty) => ({ ...r.files[0], file: '' });
      assert.deepEqual(strip(empty), strip(probed));
      const mine = stored();
      const theirs = stored(other);
      theirs.samples = theirs.samples.filter((s) => !String((s as { question: string }).question).startsWith('Q0'));
      theirs.traces = theirs.traces.filter((s) => !String((s as { question: string }).question).startsWith('Q0'));
      assert.deepEqual(mine, theirs);
    } finally {
      other.close();
    }
    assert.equal(empty.files[0].new_samples, 4, 'Q1, Q2, Q3 and Q3 with another gold');
    assert.equal(empty.files[0].gold_filled, 1);
    assert.equal(db.prepare("SELECT solution FROM samples WHERE question LIKE 'Q2%'").pluck().get(), '4');
  });

  it('probes again once another import has added a sample of the data set between batches', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => s1Row(`Question ${i}: ${'why '.repeat(20)}`, String(i), `thinking ${i} `.repeat(30)));
    lines.push(s1Row('The shared question', '42', 'the big file\'s trace'));
    let added = false;
    const r = await importFiles(db, {
      files: [file(lines)], dataset: 'pool', workers: 0, batchMs: 0, chunkBytes: 16384,
      onProgress: () => {
        if (added) return;
        added = true;
        // Between two batches another writer stores the question the big file reaches last, without gold.
        const second = openDatabase(db.name);
        try {
          const s = prepareSample({ question: 'The shared question', traces: [] }, 1);
          second.prepare(`INSERT INTO samples (dataset_id, hash, question_key, question)
            VALUES ((SELECT id FROM datasets WHERE name = 'pool'), ?, ?, ?)`).run(s.hash, s.questionKey, s.question);
        } finally {
          second.close();
        }
      },
    });
    assert.equal(r.files[0].ok, true);
    const shared = db.prepare("SELECT id, solution FROM samples WHERE question = 'The shared question'").all() as { id: number; solution: string }[];
    assert.equal(shared.length, 1, 'one sample of the shared question, not two');
    assert.equal(shared[0].solution, '42', 'the big file filled its gold');
    assert.equal(db.prepare('SELECT thinking FROM traces WHERE sample_id = ?').pluck().get(shared[0].id), 'the big file\'s trace');
    assert.equal(r.files[0].gold_filled, 1);
  });

  it('two cores get one parse worker beside the writer; more cores two; a small file one', () => {
    assert.equal(defaultWorkers(500e6, 2), 1);
    assert.equal(defaultWorkers(500e6, 1), 1);
    assert.equal(defaultWorkers(500e6, 4), 2);
    assert.equal(defaultWorkers(1e6, 16), 1);
  });
});
