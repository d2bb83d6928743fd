// Search's first page from the impact lists (fts-impact.ts, fts-topk.ts) must be exactly FTS5's bm25 top k: the same
// samples, order, scores and matched trace as ranking every occurrence, on random corpora with frequent words, shared
// prefixes, rare words and no hits, across several segments, and after the index changes (an import, a deletion).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFiles } from '../../../src/core/ingest/importer';
import { clearReviewCache, listSamples } from '../../../src/core/review/queries';
import { warmSearch } from '../../../src/core/review/search-warmup';
import { deleteDataset } from '../../../src/core/store/dataset-admin';
import { openDatabase, type Db } from '../../../src/core/store/db';
import { buildSearchIndex, rankSearch, TopRanked } from '../../../src/core/store/fts';
import { LIST_ROWS, refreshImpact, segmentLimits, smallest } from '../../../src/core/store/fts-impact';
import { tempDir } from '../helpers';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

// A Zipf-like vocabulary: a few very frequent words, words sharing prefixes (prime, primes, primality…), a long tail.
const VOCAB = ['the', 'prime', 'primes', 'primality', 'primitive', 'triangle', 'triangles', 'sum', 'modulo', 'mod', 'integral',
  'circle', 'circles', 'circular', 'graph', 'vector', 'x', 'n', 'hexagon', 'rarezeta', ...Array.from({ length: 300 }, (_, i) => `w${i}`)];

function text(r: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(VOCAB[Math.floor(VOCAB.length * r() ** 3)]);
  return out.join(' ');
}

function corpus(seed: number, rows: number): string {
  const r = rng(seed);
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const traces = Array.from({ length: 1 + Math.floor(r() * 2) }, () => text(r, 5 + Math.floor(r() ** 2 * 400)));
    lines.push(JSON.stringify({ question: `${text(r, 4 + Math.floor(r() * 20))} q${seed}x${i}`, thinking_trajectories: traces, attempt: 'a' }));
  }
  return lines.join('\n') + '\n';
}

const QUERIES = ['prime', 'prim', 'primes', 'the', 'triangle', 'tri', 'circ', 'mod', 'w1', 'w12', 'hexagon', 'rarezeta', 'nothingatall', 'x', 'p', 'w'];

/** The list's first page against the exact ranking (every occurrence read), row by row. */
function assertSameTop(db: Db, dataset: string | undefined, search: string, k = 30): boolean {
  clearReviewCache();
  const f = { ...(dataset ? { dataset } : {}), search };
  const got = listSamples(db, f, 0, k);
  const words = search.split(' ');
  const query = words.map((w, i) => (i === words.length - 1 ? `"${w}"*` : `"${w}"`)).join(' ');
  const exact = rankSearch(db, words, query, () => true, 0);
  const keepAll = dataset === undefined;
  const want = keepAll ? exact.page(0, k) : null;
  if (want) {
    assert.deepEqual(got.rows.map((r) => r.id), want, `${search}: the same samples in the same order`);
    const fast = rankSearch(db, words, query, () => true, k);
    for (const id of want) assert.deepEqual(fast.hit(id), exact.hit(id), `${search}: sample ${id}'s score and matched trace`);
    if (!got.totalAtLeast) assert.equal(got.total, exact.total, `${search}: the count`);
    else assert.ok(got.total <= exact.total && got.total >= Math.min(k, exact.total), `${search}: a lower bound ${got.total} of ${exact.total}`);
    return fast instanceof TopRanked;
  }
  return false;
}

describe('search top k from impact lists', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  const saved = { ...segmentLimits };
  beforeEach(() => {
    tmp = tempDir();
    db = openDatabase(join(tmp.dir, 'i.db'));
    segmentLimits.rows = 150; // several segments
  });
  afterEach(() => {
    Object.assign(segmentLimits, saved);
    db.close();
    tmp.cleanup();
  });

  async function load(name: string, seed: number, rows: number): Promise<void> {
    const file = join(tmp.dir, `${name}.jsonl`);
    writeFileSync(file, corpus(seed, rows));
    await importFiles(db, { files: [file], dataset: name });
  }

  it('equals the exact bm25 top 30 for frequent words, prefixes, rare words and no hits, and is used for most', async () => {
    await load('a', 1, 700);
    // A search builds no lists (they take seconds): it ranks exactly, and the index build (the engine's worker) makes them.
    assertSameTop(db, undefined, 'prime');
    assert.equal(db.prepare('SELECT count(*) FROM search_segments').pluck().get(), 0, 'no lists built by a search');
    buildSearchIndex(db);
    let fast = 0;
    for (const q of QUERIES) if (assertSameTop(db, undefined, q)) fast++;
    assert.ok(fast >= QUERIES.length / 2, `the lists answered ${fast} of ${QUERIES.length} queries`);
    assert.ok(db.prepare("SELECT count(*) FROM search_segments WHERE ix = 'traces_fts'").pluck().get() as number >= 4, 'several segments');
  });

  it('a word in no row: no hits, an exact count of 0', async () => {
    await load('a', 2, 200);
    clearReviewCache();
    const r = listSamples(db, { search: 'nothingatall' }, 0, 30);
    assert.equal(r.total, 0);
    assert.equal(r.totalAtLeast, undefined);
  });

  it('several words (a phrase of words, all required) rank exactly (the exact path)', async () => {
    await load('a', 3, 400);
    for (const q of ['prime triangle', 'the prim', 'circle w1', 'rarezeta hexagon']) assertSameTop(db, undefined, q);
  });

  it('several words: the first page is FTS5\'s own bm25 order, each sample by its best match (question or trace)', async () => {
    await load('a', 7, 400);
    buildSearchIndex(db);
    for (const words of [['prime', 'triangle'], ['the', 'prim'], ['circle', 'w1'], ['the', 'x', 'n'], ['rarezeta', 'hexagon']]) {
      clearReviewCache();
      const query = words.map((w, i) => (i === words.length - 1 ? `"${w}"*` : `"${w}"`)).join(' ');
      const best = new Map<number, number>();
      const take = (id: number, score: number) => { if (!best.has(id) || score < best.get(id)!) best.set(id, score); };
      for (const [id, score] of db.prepare('SELECT rowid, bm25(samples_fts) FROM samples_fts WHERE samples_fts MATCH ?').raw().all(query) as [number, number][]) take(id, score);
      for (const [id, score] of db.prepare('SELECT t.sample_id, bm25(traces_fts) FROM traces_fts JOIN traces t ON t.id = traces_fts.rowid WHERE traces_fts MATCH ?').raw().all(query) as [number, number][]) take(id, score);
      const want = [...best].sort((x, y) => x[1] - y[1] || x[0] - y[0]).map(([id]) => id);
      const got = listSamples(db, { search: words.join(' ') }, 0, 30);
      assert.deepEqual(got.rows.map((r) => r.id), want.slice(0, 30), `${words.join(' ')}: FTS5's top 30`);
      assert.equal(got.total, want.length, `${words.join(' ')}: every match counted`);
    }
  });

  it('a word with accents or capitals (PRÎME) takes the lists too, as the index folds it, and ranks as FTS5 does', async () => {
    await load('a', 8, 500);
    buildSearchIndex(db);
    for (const [word, folded] of [['PRÎME', 'prime'], ['Tríang', 'triang'], ['çircle', 'circle']]) {
      assert.ok(rankSearch(db, [word], `"${word}"*`, () => true, 30) instanceof TopRanked, `${word}: from the lists`);
      clearReviewCache();
      const got = listSamples(db, { search: word }, 0, 30);
      clearReviewCache();
      assert.deepEqual(got.rows.map((r) => r.id), listSamples(db, { search: folded }, 0, 30).rows.map((r) => r.id), `${word} = ${folded}`);
      // FTS5's own order for the word as typed, each sample by its best match.
      const best = new Map<number, number>();
      const take = (id: number, score: number) => { if (!best.has(id) || score < best.get(id)!) best.set(id, score); };
      const q = `"${word}"*`;
      for (const [id, score] of db.prepare('SELECT rowid, bm25(samples_fts) FROM samples_fts WHERE samples_fts MATCH ?').raw().all(q) as [number, number][]) take(id, score);
      for (const [id, score] of db.prepare('SELECT t.sample_id, bm25(traces_fts) FROM traces_fts JOIN traces t ON t.id = traces_fts.rowid WHERE traces_fts MATCH ?').raw().all(q) as [number, number][]) take(id, score);
      const want = [...best].sort((x, y) => x[1] - y[1] || x[0] - y[0]).map(([id]) => id);
      assert.deepEqual(got.rows.map((r) => r.id), want.slice(0, 30), `${word}: FTS5's top 30`);
    }
    assert.equal(rankSearch(db, ['naïve_x'], '"naïve_x"*', () => true, 30) instanceof TopRanked, false, 'two terms for the tokenizer: the exact path');
  });

  it('stays exact after an import adds rows and after a data set is deleted', async () => {
    await load('a', 4, 300);
    for (const q of QUERIES) assertSameTop(db, undefined, q);
    await load('b', 5, 260);
    buildSearchIndex(db);
    for (const q of QUERIES) assertSameTop(db, undefined, q);
    deleteDataset(db, 'a');
    assert.ok((db.prepare('SELECT count(*) FROM search_segments WHERE dirty = 1').pluck().get() as number) > 0, 'deleted rows mark their segments');
    for (const q of QUERIES) assertSameTop(db, undefined, q);
    buildSearchIndex(db);
    assert.equal(db.prepare('SELECT count(*) FROM search_segments WHERE dirty = 1').pluck().get(), 0, 'rebuilt by the index build');
    for (const q of QUERIES) assertSameTop(db, undefined, q);
  });

  it('segments that do not tile the index (two builders raced) are built again, and searches stay exact meanwhile', async () => {
    await load('a', 9, 500);
    buildSearchIndex(db);
    const segs = db.prepare("SELECT lo, hi FROM search_segments WHERE ix = 'traces_fts' ORDER BY lo").raw().all() as [number, number][];
    assert.ok(segs.length >= 3);
    db.prepare("UPDATE search_segments SET lo = lo + 3 WHERE ix = 'traces_fts' AND lo = ?").run(segs[1][0]);
    clearReviewCache();
    for (const q of ['prime', 'the', 'circ']) assertSameTop(db, undefined, q);
    const after = db.prepare("SELECT lo, hi FROM search_segments WHERE ix = 'traces_fts' ORDER BY lo").raw().all() as [number, number][];
    after.forEach(([lo], i) => assert.equal(lo, i ? after[i - 1][1] : 0, 'contiguous'));
  });

  it('later pages and a data set filter follow the exact ranking', async () => {
    await load('a', 6, 300);
    await load('b', 7, 300);
    for (const q of ['prime', 'the', 'tri']) {
      clearReviewCache();
      const words = [q];
      const exact = rankSearch(db, words, `"${q}"*`, () => true, 0);
      const first = listSamples(db, { search: q }, 0, 30);
      const second = listSamples(db, { search: q }, 30, 30);
      assert.deepEqual([...first.rows, ...second.rows].map((r) => r.id), exact.page(0, 60), `${q}: two pages`);
      assert.equal(second.total, exact.total, `${q}: the count is exact once a later page is read`);
      assert.equal(second.totalAtLeast, undefined);
      clearReviewCache();
      const inB = listSamples(db, { dataset: 'b', search: q }, 0, 30);
      const bIds = new Set(listSamples(db, { dataset: 'b' }, 0, 10_000).rows.map((r) => r.id));
      const exactB = rankSearch(db, words, `"${q}"*`, (id) => bIds.has(id), 0);
      assert.deepEqual(inB.rows.map((r) => r.id), exactB.page(0, 30), `${q}: in data set b`);
    }
  });

  it('a data set whose ids interleave with another\'s (imported twice) keeps only its own hits, as one in a row does', async () => {
    await load('a', 11, 150);
    await load('b', 12, 150);
    buildSearchIndex(db);
    listSamples(db, { dataset: 'a', search: 'prime' }, 0, 30); // a's ids one run, kept until the samples change
    await load('a', 13, 150); // a: two runs of ids, b's between them
    await load('c', 14, 0); // a data set with no samples
    buildSearchIndex(db);
    const ids = (name: string) => new Set(db.prepare('SELECT s.id FROM samples s JOIN datasets d ON d.id = s.dataset_id WHERE d.name = ?').pluck().all(name) as number[]);
    for (const [name, q] of [['a', 'prime'], ['a', 'the'], ['b', 'prime'], ['b', 'tri'], ['c', 'prime']]) {
      clearReviewCache();
      const mine = ids(name);
      const got = listSamples(db, { dataset: name, search: q }, 0, 30);
      const exact = rankSearch(db, [q], `"${q}"*`, (id) => mine.has(id), 0);
      assert.deepEqual(got.rows.map((r) => r.id), exact.page(0, 30), `${q} in ${name}: the exact ranking within the data set`);
      assert.ok(got.rows.every((r) => mine.has(r.id)), `${q} in ${name}: no other data set's sample`);
      if (name === 'c') assert.equal(got.total, 0, 'an empty data set: nothing');
    }
  });

  it('the engine\'s warm-up search runs the lists\' path for a frequent word and changes no later result', async () => {
    await load('a', 15, 300);
    assert.equal(warmSearch(db, { dataset: 'a' }), null, 'lists behind the index: no warm-up (it would rank every occurrence)');
    buildSearchIndex(db);
    clearReviewCache();
    const before = listSamples(db, { dataset: 'a', search: 'prime' }, 0, 30);
    clearReviewCache();
    const word = warmSearch(db, { dataset: 'a' });
    assert.ok(word && /^[a-z]{3,}/.test(word), `a word from the lists: ${word}`);
    assert.ok(rankSearch(db, [word], `"${word}"*`, () => true, 30) instanceof TopRanked, 'the first page from the lists');
    assert.deepEqual(listSamples(db, { dataset: 'a', search: 'prime' }, 0, 30), before, 'the same page after the warm-up');
  });

  it('shows snippets on the first page from the lists', async () => {
    await load('a', 8, 300);
    clearReviewCache();
    const r = listSamples(db, { search: 'prim' }, 0, 30);
    assert.ok(r.rows.length > 0);
    for (const row of r.rows) assert.ok(row.snippet?.parts.some((p) => p.hit && p.text.toLowerCase().startsWith('prim')), `row ${row.id} has a marked word`);
  });

  it('lists built inside a caller\'s transaction equal those built alone, and that transaction stays open', async () => {
    await load('a', 11, 400);
    const lists = (c: Db) => JSON.stringify(c.prepare('SELECT ix, seg, kind, key, df, rest, hex(entries) FROM search_lists ORDER BY ix, seg, kind, key').raw().all());
    const other = openDatabase(join(tmp.dir, 'j.db'));
    try {
      const file = join(tmp.dir, 'a2.jsonl');
      writeFileSync(file, corpus(11, 400));
      await importFiles(other, { files: [file], dataset: 'a' });
      buildSearchIndex(db);
      buildSearchIndex(other, undefined, undefined, 0); // the text index without its lists
      assert.equal(other.prepare('SELECT count(*) FROM search_lists').pluck().get(), 0);
      other.exec('BEGIN');
      const upto = Number(other.prepare("SELECT value FROM meta WHERE key = 'traces_fts_upto'").pluck().get());
      refreshImpact(other, { table: 'traces', fts: 'traces_fts', columns: 'thinking, answer', size: 'length(thinking) + length(answer)' }, upto);
      assert.equal(other.inTransaction, true, 'the caller\'s transaction is still open');
      other.exec('COMMIT');
      buildSearchIndex(other); // the questions' lists
      assert.ok((db.prepare('SELECT count(*) FROM search_lists').pluck().get() as number) > 0);
      assert.equal(lists(other), lists(db));
    } finally {
      other.close();
    }
  });
});

describe('smallest (the cut of a term\'s list)', () => {
  it('gives the k smallest values in order, as a full sort would, with ties and any order', () => {
    const r = rng(5);
    for (let t = 0; t < 200; t++) {
      const n = LIST_ROWS + 1 + Math.floor(r() * 3000);
      // few distinct values (ties), or spread ones; ascending, descending or shuffled
      const distinct = t % 3 === 0 ? 7 : 1e6;
      let c = Float64Array.from({ length: n }, () => Math.floor(r() * distinct) / 7);
      if (t % 4 === 1) c = c.sort();
      if (t % 4 === 2) c = c.sort().reverse();
      const want = Float64Array.from(c).sort().subarray(0, LIST_ROWS + 1);
      assert.deepEqual(Array.from(smallest(c, LIST_ROWS + 1)), Array.from(want));
    }
  });
});
