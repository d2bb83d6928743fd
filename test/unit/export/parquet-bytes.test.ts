// Parquet from SQLite's UTF-8 bytes (parquet-rows.ts, parquet-pages.ts) against the string rows they stand in for,
// in every compression; the byte-level strip and length against Python's; our Snappy against hyparquet's reader.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadata, parquetReadObjects, snappyUncompress } from 'hyparquet';
import { PARQUET_DECOMPRESSORS } from '../../../src/core/ingest/readers/parquet';
import { stripRaw, utf16LengthRaw } from '../../../src/core/export/raw-bytes';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { pyStrip } from '../../../src/core/export/thinking';
import { chunkProcessor, type ChunkSettings } from '../../../src/core/export/chunk';
import { rowFormat } from '../../../src/core/export/formats';
import { exportSelection } from '../../../src/core/export/run';
import { PARQUET_COMPRESSIONS } from '../../../src/core/export/parquet-groups';
import { conversationRenderer } from '../../../src/core/prompt/chat';
import { exportSamples, selectionAnnotations } from '../../../src/core/store/export-rows';
import { selectionSampleIds } from '../../../src/core/store/selections';
import { seededString, tempDir } from '../helpers';
import { trickyS1Rows } from './tricky-rows';
import { selectAll, world, type World } from './setup';

// Python's whitespace (one, two and three UTF-8 bytes), near misses of it (U+FEFF, U+0080, U+2010), astral characters.
const ALPHABET = [' ', '\t', '\n', '\r', '\f', '\v', '\x1c', '\x1f', '\x85', '\xa0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff',
  '\x80', '\u2010', '\u1681', 'é', 'x', '"', '\\', '😀', 'Answer:'];

const random = (seed: number, n: number): string => seededString(ALPHABET, seed, n);

describe('export: Parquet from SQLite bytes', function () {
  this.timeout(120_000);

  it("strips UTF-8 text as Python's strip() strips the string, and measures it in UTF-16 units", () => {
    for (let seed = 1; seed < 4000; seed++) {
      const s = random(seed, seed % 13);
      const b = Buffer.from(s, 'utf8');
      assert.equal(Buffer.from(stripRaw(b)).toString('utf8'), pyStrip(s), JSON.stringify(s));
      // Only the end: what s1's "Answer: " + attempt strips.
      assert.equal(Buffer.from(stripRaw(b, false)).toString('utf8'), pyStrip(`A${s}`).slice(1), JSON.stringify(s));
      assert.equal(utf16LengthRaw(b), s.length);
    }
  });

  it("Snappy-compresses what hyparquet's reader decompresses to the same bytes", () => {
    const text = Buffer.from(Array.from({ length: 3000 }, (_, i) => `Step ${i}: let x = ${i * 7} ${random(i, 12)}\n`).join(''));
    let x = 7;
    const noise = Buffer.from(Array.from({ length: 200_000 }, () => { x = (x * 1103515245 + 12345) & 0x7fffffff; return x >> 16; }));
    // Empty, tiny, long runs (copies longer than 64), far copies (2-byte offsets), incompressible, several 64 KB blocks.
    const cases = [Buffer.alloc(0), Buffer.from('a'), Buffer.from('abcabcabcabcabcabc'), Buffer.alloc(100_000, 'z'), text, noise,
      Buffer.concat([text.subarray(0, 5000), noise.subarray(0, 3000), text.subarray(0, 5000)])];
    for (const input of cases) {
      const packed = snappyCompress(input);
      const back = new Uint8Array(input.length);
      snappyUncompress(packed, back);
      assert.ok(Buffer.from(back).equals(input), `${input.length} bytes`);
      if (input === text) assert.ok(packed.length < input.length / 2, 'text compresses');
    }
  });

  describe('rows equal the string rows', () => {
    let w: World;
    before(async () => {
      const t = tempDir();
      const file = join(t.dir, 'tricky.jsonl');
      const rows = trickyS1Rows(random, 800_000);
      writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      w = await world([file]);
      selectAll(w.db);
    });
    after(() => w.cleanup());

    const want = (format: 's1' | 'parquet' = 'parquet', style: ChunkSettings['style'] = 's1', system?: string) => {
      const sel = w.db.prepare("SELECT id FROM selections WHERE name = 'sel'").pluck().get() as number;
      const ids = selectionSampleIds(w.db, sel);
      const anns = selectionAnnotations(w.db, sel);
      const fmt = rowFormat(format, { style, system, chat: conversationRenderer(undefined), teacherPairs: false });
      return { ids, anns, rows: [...exportSamples(w.db, ids, anns)].filter((s) => s.traces.length).map((s) => fmt.rows(s, [s.traces[0]])[0]) };
    };
    const noBom = (v: unknown): unknown => (typeof v === 'string' ? v.replace(/^\ufeff/, '') : Array.isArray(v) ? v.map(noBom)
      : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, noBom(x)])) : v);
    const decode = (v: unknown): unknown => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : Array.isArray(v) ? v.map(decode) : v);

    for (const [format, style, system] of [['parquet', 's1', undefined], ['s1', 's1', 'Be brief.'], ['s1', 'think-tags', undefined], ['s1', 'sky', '"S"\n']] as const) {
      it(`the chunk's rows are bytes, and decode to the string rows (${format}, ${style}${system ? ', system' : ''})`, () => {
        const { ids, anns, rows } = want(format, style, system);
        const settings: ChunkSettings = { format, container: 'parquet', style, system, teacherPairs: false, choice: 'best', seed: 42, tokenizer: 'qwen3' };
        const got = chunkProcessor(settings)(w.db, ids, anns).out.all!.objects!;
        assert.ok(got[0].text instanceof Uint8Array, 'the byte rows were taken');
        assert.deepEqual(got.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, decode(v)]))), rows);
      });
    }

    it('formats whose Parquet columns are lists of turns keep the string rows', () => {
      const { ids, anns } = want();
      const settings: ChunkSettings = { format: 'messages', container: 'parquet', style: 'think-tags', teacherPairs: false, choice: 'best', seed: 42, tokenizer: 'qwen3' };
      const got = chunkProcessor(settings)(w.db, ids, anns).out.all!.objects!;
      assert.equal(typeof (got[0].messages as { content: unknown }[])[0].content, 'string');
    });

    for (const compression of PARQUET_COMPRESSIONS) {
      it(`a ${compression} file reads back as the string rows, on the main thread and from workers' row groups`, async () => {
        const { rows } = want();
        for (const [where, extra] of [['main', { workerThreshold: Infinity }], ['workers', { workerThreshold: 1, threads: 2, parquetGroupQuestions: 7 }]] as const) {
          const out = join(w.dir, compression, where, 'd.parquet');
          const r = await exportSelection(w.db, { selection: 'sel', format: 'parquet', out, dbPath: w.dbPath, parquetCompression: compression, ...extra });
          const meta = parquetMetadata(new Uint8Array(readFileSync(out)).buffer);
          const codec = { brotli: 'BROTLI', snappy: 'SNAPPY', none: 'UNCOMPRESSED' }[compression];
          assert.ok(meta.row_groups.every((g) => g.columns.every((c) => c.meta_data?.codec === codec)), `every column chunk is ${codec}`);
          if (where === 'workers') assert.ok(meta.row_groups.length > 1, 'several row groups');
          // The long trace (over 1 MB) ends a page: its column chunks hold two.
          const text = meta.row_groups[0].columns.at(-1)!.meta_data!;
          if (where === 'main') assert.ok(text.total_uncompressed_size > 1n << 20n);
          // hyparquet's reader (a TextDecoder) drops a text's leading U+FEFF, which the file holds (pyarrow reads it; the
          // chunk test above compares the bytes themselves): compared without it.
          const read = await parquetReadObjects({ file: await asyncBufferFromFile(out), compressors: PARQUET_DECOMPRESSORS });
          assert.deepEqual(read, noBom(rows), `${compression} (${where})`);
          const manifest = JSON.parse(readFileSync(join(w.dir, compression, where, 'manifest.json'), 'utf8')) as { export: { parquet_compression: string } };
          assert.equal(manifest.export.parquet_compression, compression);
          assert.match(readFileSync(join(w.dir, compression, where, 'README.md'), 'utf8'), compression === 'none' ? /not compressed/ : new RegExp(compression, 'i'));
          assert.equal(r.counts.rows, rows.length);
        }
      });
    }
  });
});
