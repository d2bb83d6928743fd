// Exports on worker threads: a first export counts its questions' and answers' tokens on the calling thread (one
// export worker fewer) or on a tokenizer thread, with the same card and the same stored counts either way; chunks
// go to whichever worker is free and are still written in rank order; a worker that dies fails the export cleanly.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exportSelection, type ExportOptions, type ExportSummary } from '../../../src/core/export/run';
import { samplesWithoutTextTokens, saveTextTokens } from '../../../src/core/store/text-tokens';
import { resolveTokenizer } from '../../../src/core/tokenize/model';
import { fixture, seededString, tempDir } from '../helpers';
import { selectAll, world, type World } from './setup';

/** The bundled export worker (out/export-worker.js), found as run.ts finds it. */
/** What a failed export into the new folder `name` left in `dir`: the folder itself and any hidden staging folder
 *  beside it (an export that creates its folder writes in a hidden one, renamed into place only at the end). */
function leftIn(dir: string, name: string): string[] {
  return readdirSync(dir).filter((f) => f === name || f.startsWith(`.${name}.`));
}

function realWorker(): string {
  let dir = __dirname;
  for (let up = 0; up < 6; up++, dir = dirname(dir)) if (existsSync(join(dir, 'export-worker.js'))) return join(dir, 'export-worker.js');
  throw new Error('out/export-worker.js not found: npm run build');
}

/** A worker script that runs the real one but first does `before` (JS source, `m` the message) on each chunk. */
function wrappedWorker(dir: string, name: string, before: string): string {
  const path = join(dir, `${name}.js`);
  writeFileSync(path, `const { parentPort, threadId } = require('node:worker_threads');
let chunks = 0;
parentPort.on('message', (m) => { if (m.type !== 'chunk') return; chunks++; ${before} });
require(${JSON.stringify(realWorker())});
`);
  return path;
}

describe('export on worker threads', function () {
  this.timeout(120_000);
  let w: World;
  afterEach(() => w?.cleanup());

  /** 700 questions (three JSON chunks of 256), texts with non-ASCII, escapes and newlines, plus the s1 pool fixture. */
  async function bigWorld(): Promise<World> {
    const t = tempDir();
    const file = join(t.dir, 'many.jsonl');
    const alphabet = ['a', ' the', '\n\n', '\\frac{1}{2}', 'é', '日本', '"', '\t', '😀', ' 42', '$x^2$', '\u00a0'];
    const rows = Array.from({ length: 700 }, (_, i) => JSON.stringify({
      question: `Q${i}: ${seededString(alphabet, i, 10 + (i % 37))}`, thinking: seededString(alphabet, 1000 + i, 50 + (i % 200)), attempt: seededString(alphabet, 5000 + i, 5 + (i % 60)),
    }));
    writeFileSync(file, rows.join('\n') + '\n');
    try {
      const made = await world([file, fixture('import', 's1-pool.jsonl')]);
      selectAll(made.db);
      return made;
    } finally {
      t.cleanup();
    }
  }

  const opts = (w: World, dir: string, over: Partial<ExportOptions> = {}): ExportOptions => ({
    selection: 'sel', format: 's1', out: join(w.dir, dir, 'data.jsonl'), dbPath: w.dbPath, traces: 'all', ...over,
  });
  const storedCounts = (w: World) => w.db.prepare('SELECT trace_id, tokenizer, question_tokens, answer_tokens FROM text_token_counts ORDER BY trace_id, tokenizer').all();
  const clearCounts = (w: World) => w.db.exec('DELETE FROM text_token_counts');
  const data = (r: ExportSummary) => r.files.filter((f) => f.kind === 'data').map((f) => [f.split, f.rows, f.sha256]);
  const card = (r: ExportSummary) => readFileSync(join(r.folder, 'README.md'), 'utf8');

  it('a first export counts on this thread or on a tokenizer thread: the same card, token figures, stored counts and bytes as counting inline', async () => {
    w = await bigWorld();
    const inline = await exportSelection(w.db, opts(w, 'inline', { workerThreshold: Infinity }));
    const want = storedCounts(w);
    assert.ok(inline.tokens.question_tokens.total > 0 && inline.tokens.answer_tokens.total > 0);
    assert.equal(inline.text_token_counts.counted, inline.counts.rows);
    for (const [dir, over] of [
      ['caller', { countOn: 'caller', threads: 2 }], ['thread', { countOn: 'thread', threads: 2 }],
      ['caller-3', { countOn: 'caller', threads: 3 }], ['chosen', { threads: 2 }], ['saved-in-batches', { countOn: 'caller', threads: 2, countSaveBatch: 7 }], ['parquet', { countOn: 'caller', threads: 2, out: join(w.dir, 'parquet', 'd.parquet'), parquetGroupQuestions: 100 }],
    ] as [string, Partial<ExportOptions>][]) {
      clearCounts(w);
      const r = await exportSelection(w.db, opts(w, dir, { workerThreshold: 1, ...over }));
      assert.deepEqual(r.text_token_counts, { stored: 0, counted: inline.counts.rows }, `${dir}: every row counted`);
      assert.deepEqual(r.tokens, inline.tokens, `${dir}: the card's figures`);
      assert.deepEqual(storedCounts(w), want, `${dir}: the stored counts`);
      if (dir !== 'parquet') {
        assert.deepEqual(data(r), data(inline), `${dir}: the same bytes`);
        assert.equal(card(r), card(inline), `${dir}: the same card`);
      }
    }
  });

  it('chunks joined into reused memory: small chunks on workers write the main thread\'s bytes, JSONL, JSON and a split', async () => {
    w = await bigWorld();
    for (const [dir, over] of [['jsonl', {}], ['json', { out: join(w.dir, 'json', 'data.json') }], ['split', { split: 0.5 }]] as [string, Partial<ExportOptions>][]) {
      const ref = await exportSelection(w.db, opts(w, `${dir}-main`, { workerThreshold: Infinity, ...over, ...(over.out ? { out: join(w.dir, `${dir}-main`, 'data.json') } : {}) }));
      // Chunks of 9 to 25 questions: each worker's blocks come back and take later, shorter or longer, chunks.
      for (const [size, threads] of [[9, 2], [25, 3]]) {
        const sub = `${dir}-${size}`;
        const many = await exportSelection(w.db, opts(w, sub, { workerThreshold: 1, threads, jsonChunkQuestions: size, ...over, ...(over.out ? { out: join(w.dir, sub, 'data.json') } : {}) }));
        assert.deepEqual(data(many), data(ref), sub);
      }
    }
  });

  it('a first export whose export worker counts chunks itself (this thread behind): the same card, stored counts and bytes', async () => {
    w = await bigWorld();
    const inline = await exportSelection(w.db, opts(w, 'inline', { workerThreshold: Infinity }));
    const want = storedCounts(w);
    const t = tempDir();
    try {
      const flags = join(t.dir, 'flags.txt');
      // Records each chunk the worker was asked to count ('c') or not ('-').
      const script = wrappedWorker(t.dir, 'flags', `require('node:fs').appendFileSync(${JSON.stringify(flags)}, m.count ? 'c' : '-');`);
      for (const [dir, over] of [['all', { countBacklog: 0 }], ['some', { countBacklog: 1, jsonChunkQuestions: 40 }], ['split', { countBacklog: 0, split: 0.5 }],
        ['parquet', { countBacklog: 0, out: join(w.dir, 'parquet', 'd.parquet'), parquetGroupQuestions: 100 }]] as [string, Partial<ExportOptions>][]) {
        clearCounts(w);
        writeFileSync(flags, '');
        const r = await exportSelection(w.db, opts(w, dir, { workerThreshold: 1, threads: 2, countOn: 'caller', workerScript: script, ...over }));
        const asked = readFileSync(flags, 'utf8');
        if (over.countBacklog === 0) assert.match(asked, /^c+$/, `${dir}: the worker counted every chunk`);
        assert.deepEqual(r.text_token_counts, { stored: 0, counted: inline.counts.rows }, `${dir}: every row counted`);
        assert.deepEqual(r.tokens, inline.tokens, `${dir}: the card's figures`);
        assert.deepEqual(storedCounts(w), want, `${dir}: the stored counts`);
        if (dir === 'all' || dir === 'some') {
          assert.deepEqual(data(r), data(inline), `${dir}: the same bytes`);
          assert.equal(card(r), card(inline), `${dir}: the same card`);
        }
      }
    } finally {
      t.cleanup();
    }
  });

  it('a repeat export reads the stored counts, whichever thread would count', async () => {
    w = await bigWorld();
    const first = await exportSelection(w.db, opts(w, 'a', { workerThreshold: 1, threads: 2 }));
    for (const countOn of ['caller', 'thread'] as const) {
      const again = await exportSelection(w.db, opts(w, `b-${countOn}`, { workerThreshold: 1, threads: 2, countOn }));
      assert.deepEqual(again.text_token_counts, { stored: first.counts.rows, counted: 0 });
      assert.deepEqual(again.tokens, first.tokens);
      assert.deepEqual(data(again), data(first));
    }
  });

  it('samplesWithoutTextTokens tells a first export from a repeat one, also when only the best trace was counted', async () => {
    w = await world([fixture('import', 's1-pool.jsonl'), fixture('import', 'stratos.jsonl')]);
    const ids = selectAll(w.db);
    const tok = resolveTokenizer();
    assert.equal(samplesWithoutTextTokens(w.db, ids, tok), ids.length);
    assert.equal(samplesWithoutTextTokens(w.db, [], tok), 0);
    const r = await exportSelection(w.db, opts(w, 'best', { traces: 'best' }));
    const noTrace = r.counts.no_trace + r.counts.rejected_samples;
    assert.equal(samplesWithoutTextTokens(w.db, ids, tok), noTrace, 'every exported sample has its counts');
    assert.equal(samplesWithoutTextTokens(w.db, ids, 'another-tokenizer'), ids.length, 'per tokenizer');
  });

  it('stored counts: many statements\' worth in one transaction, the last count of a trace kept', async () => {
    w = await world([fixture('import', 's1-pool.jsonl')]);
    const ids = w.db.prepare('SELECT id FROM traces ORDER BY id').pluck().all() as number[];
    // More rows than one statement takes (8,192): each trace again and again, its last counts win.
    const triples: number[] = [];
    for (let round = 0; triples.length / 3 < 20_000; round++) for (const id of ids) triples.push(id, round, 7 * round + (id % 5));
    assert.equal(saveTextTokens(w.db, 'tok-a', triples), true);
    const last = new Map<number, [number, number]>();
    for (let i = 0; i < triples.length; i += 3) last.set(triples[i], [triples[i + 1], triples[i + 2]]);
    assert.deepEqual(storedCounts(w), ids.map((id) => ({ trace_id: id, tokenizer: 'tok-a', question_tokens: last.get(id)![0], answer_tokens: last.get(id)![1] })));
  });

  it('a slow worker takes fewer chunks: the rows are still written in rank order', async () => {
    w = await bigWorld();
    const one = await exportSelection(w.db, opts(w, 'main', { workerThreshold: Infinity }));
    const t = tempDir();
    try {
      // Every other worker sleeps 60 ms before each chunk.
      const script = wrappedWorker(t.dir, 'slow', 'if (threadId % 2) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60);');
      for (const [dir, over] of [['jsonl', { threads: 3 }], ['split', { threads: 2, split: 0.5 }]] as [string, Partial<ExportOptions>][]) {
        const ref = over.split ? await exportSelection(w.db, opts(w, `${dir}-main`, { workerThreshold: Infinity, ...over })) : one;
        const many = await exportSelection(w.db, opts(w, dir, { workerThreshold: 1, workerScript: script, ...over }));
        assert.deepEqual(data(many), data(ref), dir);
        assert.deepEqual(many.counts, ref.counts);
      }
      const pq = (dir: string, over: Partial<ExportOptions>) => exportSelection(w.db, opts(w, dir, { out: join(w.dir, dir, 'd.parquet'), parquetGroupQuestions: 64, ...over }));
      const pqMain = await pq('pq-main', { workerThreshold: 1, threads: 2 });
      const pqSlow = await pq('pq-slow', { workerThreshold: 1, threads: 2, workerScript: script });
      assert.deepEqual(data(pqSlow), data(pqMain), 'Parquet: the same row groups in the same order');
    } finally {
      t.cleanup();
    }
  });

  it('a worker that throws an uncaught error: either the complete export or a clear error, never a partial file', async () => {
    w = await bigWorld();
    const ref = await exportSelection(w.db, opts(w, 'ref', { workerThreshold: Infinity }));
    const t = tempDir();
    try {
      // The real handler still runs after the throw (a port's listeners each run), so the chunk may arrive first.
      const script = wrappedWorker(t.dir, 'throws', "if (chunks === 2) throw new Error('boom in worker');");
      for (const countOn of ['caller', 'thread'] as const) {
        const dir = `throws-${countOn}`;
        try {
          const r = await exportSelection(w.db, opts(w, dir, { workerThreshold: 1, threads: 2, countOn, workerScript: script }));
          assert.deepEqual(data(r), data(ref), `${countOn}: a complete export`);
        } catch (e) {
          assert.match((e as Error).message, /export worker failed: boom in worker/);
          assert.deepEqual(leftIn(w.dir, dir), [], `${countOn}: nothing written`);
        }
      }
    } finally {
      t.cleanup();
    }
  });

  for (const [how, before, message] of [
    ['exits', 'if (chunks === 2) process.exit(3);', /export worker stopped \(exit code 3\)/],
    // Reading its second chunk fails inside the worker (as an SQLite error would): it answers with the error.
    ['fails on a chunk', "if (chunks === 2) Object.defineProperty(m, 'items', { get() { throw new Error('boom in worker'); } });", /export worker failed: .*boom in worker/s],
  ] as const) {
    for (const countOn of ['caller', 'thread'] as const) {
      it(`a worker that ${how} (counting on the ${countOn === 'caller' ? 'calling' : 'tokenizer'} thread): a clear error and no file left`, async () => {
        w = await bigWorld();
        const t = tempDir();
        try {
          const script = wrappedWorker(t.dir, how, before);
          for (const [dir, over] of [['jsonl', {}], ['parquet', { out: join(w.dir, 'parquet', 'd.parquet'), parquetGroupQuestions: 50 }]] as [string, Partial<ExportOptions>][]) {
            await assert.rejects(exportSelection(w.db, opts(w, dir, { workerThreshold: 1, threads: 2, countOn, workerScript: script, ...over })), message);
            assert.deepEqual(leftIn(w.dir, dir), [], `${dir}: nothing written`);
          }
          assert.equal(storedCounts(w).length, 0, 'no counts stored from a failed export');
          // The same database exports completely afterwards.
          const ok = await exportSelection(w.db, opts(w, 'after', { workerThreshold: 1, threads: 2, countOn }));
          assert.equal(ok.text_token_counts.counted, ok.counts.rows);
        } finally {
          t.cleanup();
        }
      });
    }
  }
});
