// Search in the review panel: hits ranked by FTS5's bm25 (the best match of a sample, question or trace, decides),
// each row with a snippet whose matched words are marked, as text pieces the panel escapes.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFiles } from '../../../src/core/ingest/importer';
import { clearReviewCache, listSamples, saveFilterAsSelection, setStatus } from '../../../src/core/review/queries';
import { openDatabase, type Db } from '../../../src/core/store/db';
import { buildSearchIndex } from '../../../src/core/store/fts';
import { bm25FromInstances, RankedSamples } from '../../../src/core/store/fts-rank';
import { tempDir } from '../helpers';

const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 50}`).join(' ');
// By hand: one dense short trace, one long trace that names the word once, one question that names it, misses.
const ROWS = [
  { question: 'What is the remainder when 7 is divided by 3?', thinking_trajectories: ['The remainder is 1.'], attempt: '1' },
  { question: 'Count the diagonals of this polygon.', thinking_trajectories: ['A hexagon: every hexagon vertex, hexagon sides, so the hexagon has 9.'], attempt: '9' },
  { question: 'Find the area of the figure.', thinking_trajectories: [`${filler(300)} and the hexagon is split ${filler(300)}`], attempt: '6' },
  { question: 'A regular hexagon has side 2. Find its area.', thinking_trajectories: ['Split it into six triangles.'], attempt: '6\\sqrt3' },
  { question: 'Unrelated question about primes.', thinking_trajectories: ['<img src=x onerror=alert(1)> hexagonal \u0002 [ ] tiles'], attempt: 'no' },
  { question: 'Ein Sechseck der Größe zwei.', thinking_trajectories: ['Die Größe ist zwei.'], attempt: '2' },
];

describe('ranked search with snippets', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  let ids: number[];
  beforeEach(async () => {
    tmp = tempDir();
    db = openDatabase(join(tmp.dir, 'r.db'));
    const file = join(tmp.dir, 'rank.jsonl');
    writeFileSync(file, ROWS.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await importFiles(db, { files: [file], dataset: 'rank' });
    ids = listSamples(db, { dataset: 'rank' }).rows.map((r) => r.id);
  });
  afterEach(() => { db.close(); tmp.cleanup(); });

  it('lists hits best first by bm25, not in id order: a dense short trace above a long one naming the word once', () => {
    const r = listSamples(db, { dataset: 'rank', search: 'hexagon' });
    const order = r.rows.map((row) => ids.indexOf(row.id));
    assert.equal(r.total, 4, 'the dense trace, the long trace, the question and the prefix hit (hexagonal)');
    assert.deepEqual([...order].sort(), [1, 2, 3, 4]);
    assert.ok(order.indexOf(1) < order.indexOf(2), `dense trace before the long one: ${order}`);
    assert.notDeepEqual(order, [...order].sort(), 'not id order');
    // Pages follow the ranking.
    assert.deepEqual(listSamples(db, { dataset: 'rank', search: 'hexagon' }, 1, 2).rows.map((row) => row.id), r.rows.slice(1, 3).map((row) => row.id));
  });

  it('scores rows from the index\'s instance lists exactly as FTS5\'s bm25() does (one word, a prefix, several words)', () => {
    buildSearchIndex(db);
    for (const [fts, words] of [['traces_fts', ['hexagon']], ['traces_fts', ['hexag']], ['traces_fts', ['the', 'hexagon']], ['samples_fts', ['hexagon']],
      ['traces_fts', ['word1', 'word2']], ['samples_fts', ['find', 'the']], ['traces_fts', ['nothingmatches']]] as const) {
      const query = words.map((w, i) => (i === words.length - 1 ? `"${w}"*` : `"${w}"`)).join(' ');
      const fts5 = db.prepare(`SELECT rowid, bm25(${fts}) FROM ${fts} WHERE ${fts} MATCH ? ORDER BY rowid`).raw().all(query) as [number, number][];
      const mine = bm25FromInstances(db, fts, words);
      const got = Array.from(mine.rows, (row, i) => [row, mine.scores[i]] as [number, number]).sort((a, b) => a[0] - b[0]);
      assert.deepEqual(got.map((x) => x[0]), fts5.map((x) => x[0]), `${fts} ${query}: the same rows`);
      got.forEach(([row, score], i) => assert.ok(Math.abs(score - fts5[i][1]) <= 1e-9 * Math.abs(fts5[i][1]), `${fts} ${query} row ${row}: ${score} vs FTS5 ${fts5[i][1]}`));
    }
  });

  it('pages a long ranked list in the same order whether the first page or a later one is asked first', () => {
    const more = join(tmp.dir, 'more.jsonl');
    // 60 traces naming the word 1-6 times in texts of different lengths: many ties and many distinct scores.
    writeFileSync(more, Array.from({ length: 60 }, (_, i) => JSON.stringify({ question: `q${i}`, thinking_trajectories: [`${'hexagon '.repeat(1 + (i % 6))}${filler(5 + ((i * 7) % 40))}`], attempt: 'x' })).join('\n') + '\n');
    return importFiles(db, { files: [more], dataset: 'more' }).then(() => {
      const whole = listSamples(db, { dataset: 'more', search: 'hexagon' }, 0, 100).rows.map((r) => r.id);
      assert.equal(whole.length, 60);
      const first = listSamples(db, { dataset: 'more', search: 'hexagon', status: 'unreviewed' }, 0, 5).rows.map((r) => r.id);
      assert.deepEqual(first, whole.slice(0, 5), 'the top 5 alone are the first 5 of the whole order');
      assert.deepEqual(listSamples(db, { dataset: 'more', search: 'hexagon' }, 20, 10).rows.map((r) => r.id), whole.slice(20, 30));
      // Best first: the shortest traces that repeat the word most lead, those naming it once in a long text trail.
      const tf = (id: number) => (listSamples(db, { ids: [id] }).rows[0].traceChars);
      assert.ok(tf(whole[0]) < tf(whole[59]), 'a short dense trace ranks above a long sparse one');
    });
  });

  it('gives any first page of a large hit list in the whole order, ties by id, whatever order the hits came in', () => {
    // 3,000 hits with few distinct scores (many ties), listed best-first, worst-first and shuffled.
    const n = 3000;
    const score = new Float64Array(n + 1).fill(Infinity);
    for (let id = 1; id <= n; id++) score[id] = -((id * 7919) % 13);
    const asc = Array.from({ length: n }, (_, i) => i + 1);
    const orders = [asc, [...asc].reverse(), [...asc].sort((a, b) => ((a * 31) % 101) - ((b * 31) % 101))];
    const whole = Array.from(new RankedSamples(Int32Array.from(asc), score, new Int32Array(n + 1)).all());
    for (const ids of orders) {
      for (const [offset, limit] of [[0, 50], [0, 1], [40, 25], [100, 50]]) {
        const page = new RankedSamples(Int32Array.from(ids), score, new Int32Array(n + 1)).page(offset, limit);
        assert.deepEqual(page, whole.slice(offset, offset + limit), `offset ${offset}, limit ${limit}`);
      }
    }
  });

  it('finds samples imported after a search (what a search keeps in memory follows the database)', async () => {
    assert.equal(listSamples(db, { dataset: 'rank', search: 'hexagon' }).total, 4);
    const later = join(tmp.dir, 'later.jsonl');
    writeFileSync(later, `${JSON.stringify({ question: 'Another hexagon question.', thinking_trajectories: ['hexagon hexagon hexagon'], attempt: '1' })}\n`);
    await importFiles(db, { files: [later], dataset: 'rank' });
    clearReviewCache(); // as the engine does after an import (its list of ranked hits)
    const r = listSamples(db, { dataset: 'rank', search: 'hexagon' });
    assert.equal(r.total, 5);
    assert.match(r.rows[0].preview, /^Another hexagon question/, 'the new dense trace and its question rank first');
  });

  it('gives each row a snippet of its best match with the matched words marked, from the question or a trace', () => {
    const rows = listSamples(db, { dataset: 'rank', search: 'hexagon' }).rows;
    const byIndex = (i: number) => rows.find((row) => row.id === ids[i])!;
    const long = byIndex(2).snippet!;
    assert.equal(long.from, 'trace');
    assert.deepEqual(long.parts.filter((p) => p.hit).map((p) => p.text), ['hexagon']);
    assert.ok(long.parts.map((p) => p.text).join('').length < 200, 'a snippet, not the whole trace');
    assert.match(long.parts.map((p) => p.text).join(''), /^….*and the hexagon is split.*…$/);
    const question = byIndex(3).snippet!;
    assert.equal(question.from, 'question');
    assert.deepEqual(question.parts.map((p) => [p.text, p.hit ?? false]), [['A regular ', false], ['hexagon', true], [' has side 2. Find its area.', false]]);
    assert.deepEqual(byIndex(1).snippet!.parts.filter((p) => p.hit).map((p) => p.text), ['hexagon', 'hexagon', 'hexagon', 'hexagon']);
  });

  it('keeps markup and marker look-alikes in a snippet as plain text pieces, never marked', () => {
    const row = listSamples(db, { dataset: 'rank', search: 'hexag' }).rows.find((r) => r.id === ids[4])!;
    const parts = row.snippet!.parts;
    assert.deepEqual(parts.filter((p) => p.hit).map((p) => p.text), ['hexagonal'], 'a prefix marks the whole word');
    assert.equal(parts.map((p) => p.text).join(''), '<img src=x onerror=alert(1)> hexagonal \u0002 [ ] tiles');
  });

  it('searches words with accents (the index folds them) and still marks them', () => {
    const r = listSamples(db, { search: 'größe' });
    assert.deepEqual(r.rows.map((row) => row.id), [ids[5]]);
    assert.ok(r.rows[0].snippet!.parts.some((p) => p.hit && /gr(ö|o)ße/i.test(p.text)));
  });

  it('narrows by the other filter fields, and a selection saved from a search keeps its samples in id order', () => {
    setStatus(db, ids[2], 'accepted');
    assert.deepEqual(listSamples(db, { dataset: 'rank', search: 'hexagon', status: 'accepted' }).rows.map((r) => r.id), [ids[2]]);
    saveFilterAsSelection(db, 'hex', { dataset: 'rank', search: 'hexagon' });
    assert.deepEqual(listSamples(db, { selection: 'hex' }).rows.map((r) => r.id), [ids[1], ids[2], ids[3], ids[4]]);
    assert.equal(listSamples(db, { dataset: 'rank', search: '!!!' }).total, ROWS.length, 'no words: the search text narrows nothing');
  });
});
