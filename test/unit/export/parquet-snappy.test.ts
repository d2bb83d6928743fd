// Snappy, the Parquet export's default codec: the native module (snappy.ts) against hyparquet's reader, the default
// export's files, and the JavaScript fallback when the native module is off (same rows, a note for the user).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadata, parquetReadObjects, snappyUncompress } from 'hyparquet';
import { PARQUET_DECOMPRESSORS } from '../../../src/core/ingest/readers/parquet';
import { snappyCodec } from '../../../src/core/export/snappy';
import { exportSelection } from '../../../src/core/export/run';
import { formatExport } from '../../../src/cli/commands/export';
import { seededString, tempDir } from '../helpers';
import { trickyS1Rows } from './tricky-rows';
import { selectAll, world, type World } from './setup';

const ALPHABET = [' ', '\n', '\ufeff', 'é', 'x', '"', '\\', '😀', 'Answer:', 'Step ', '= 42'];
const random = (seed: number, n: number): string => seededString(ALPHABET, seed, n);

/** Runs `f` with DISTILLERY_NATIVE_SNAPPY set as given (workers started inside it inherit it). */
async function withNative<T>(value: string | undefined, f: () => Promise<T>): Promise<T> {
  const before = process.env.DISTILLERY_NATIVE_SNAPPY;
  if (value === undefined) delete process.env.DISTILLERY_NATIVE_SNAPPY; else process.env.DISTILLERY_NATIVE_SNAPPY = value;
  try {
    return await f();
  } finally {
    if (before === undefined) delete process.env.DISTILLERY_NATIVE_SNAPPY; else process.env.DISTILLERY_NATIVE_SNAPPY = before;
  }
}

describe('export: Snappy Parquet (native, with the JavaScript fallback)', function () {
  this.timeout(120_000);

  it('the native module loads here and compresses what hyparquet decompresses to the same bytes', () => {
    const codec = withNativeSync(undefined, snappyCodec);
    assert.equal(codec.native, true, codec.note);
    assert.equal(codec.note, undefined);
    const text = Buffer.from(Array.from({ length: 3000 }, (_, i) => `Step ${i}: let x = ${i * 7} ${random(i, 12)}\n`).join(''));
    let x = 7;
    const noise = Buffer.from(Array.from({ length: 200_000 }, () => { x = (x * 1103515245 + 12345) & 0x7fffffff; return x >> 16; }));
    // Empty, tiny, long runs, incompressible, a page larger than 1 MB, a subarray of a larger buffer.
    const big = Buffer.concat(Array.from({ length: 12 }, () => text));
    const cases = [Buffer.alloc(0), Buffer.from('a'), Buffer.alloc(100_000, 'z'), text, noise, big, big.subarray(777, 500_777)];
    for (const input of cases) {
      const packed = codec.compress(input);
      const back = new Uint8Array(input.length);
      snappyUncompress(packed, back);
      assert.ok(Buffer.from(back).equals(input), `${input.length} bytes`);
      if (input === text) assert.ok(packed.length < input.length / 2, 'text compresses');
    }
  });

  it('DISTILLERY_NATIVE_SNAPPY=0 takes the JavaScript compressor and says so', () => {
    const codec = withNativeSync('0', snappyCodec);
    assert.equal(codec.native, false);
    assert.match(codec.note ?? '', /JavaScript/);
    const input = Buffer.from('abcabcabc'.repeat(1000));
    const back = new Uint8Array(input.length);
    snappyUncompress(codec.compress(input), back);
    assert.ok(Buffer.from(back).equals(input));
  });

  describe('exports', () => {
    let w: World;
    before(async () => {
      const t = tempDir();
      const file = join(t.dir, 'tricky.jsonl');
      // Texts past a page (1 MB), a leading U+FEFF, whitespace s1's strip removes.
      writeFileSync(file, trickyS1Rows(random, 1_200_000).map((r) => JSON.stringify(r)).join('\n') + '\n');
      w = await world([file]);
      selectAll(w.db);
    });
    after(() => w.cleanup());

    const read = async (path: string) => parquetReadObjects({ file: await asyncBufferFromFile(path), compressors: PARQUET_DECOMPRESSORS });
    const codecs = (path: string) => new Set(parquetMetadata(new Uint8Array(readFileSync(path)).buffer).row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec)));

    it('without --parquet-compression a file is Snappy, as pyarrow writes by default, and the manifest and card say so', async () => {
      for (const [where, extra] of [['main', { workerThreshold: Infinity }], ['workers', { workerThreshold: 1, threads: 2, parquetGroupQuestions: 3 }]] as const) {
        const out = join(w.dir, 'default', where, 'd.parquet');
        const r = await withNative(undefined, () => exportSelection(w.db, { selection: 'sel', format: 'parquet', out, dbPath: w.dbPath, ...extra }));
        assert.deepEqual([...codecs(out)], ['SNAPPY'], where);
        assert.equal(r.notes, undefined, 'no note: the native compressor loaded');
        const manifest = JSON.parse(readFileSync(join(w.dir, 'default', where, 'manifest.json'), 'utf8')) as { export: { parquet_compression: string }; files: { path: string; sha256: string }[] };
        assert.equal(manifest.export.parquet_compression, 'snappy');
        assert.equal(manifest.files[0].sha256, r.files[0].sha256);
        assert.match(readFileSync(join(w.dir, 'default', where, 'README.md'), 'utf8'), /Snappy-compressed \(pyarrow's default/);
      }
      // The same rows from the main thread and from workers' row groups.
      assert.deepEqual(await read(join(w.dir, 'default', 'workers', 'd.parquet')), await read(join(w.dir, 'default', 'main', 'd.parquet')));
    });

    it('with the native Snappy off, the export still succeeds, writes the same rows, and its summary carries a note', async () => {
      const rows: Record<string, unknown[]> = {};
      const sha: Record<string, string> = {};
      for (const mode of ['native', 'javascript'] as const) {
        const out = join(w.dir, mode, 'd.parquet');
        const r = await withNative(mode === 'native' ? undefined : '0', () => exportSelection(w.db, { selection: 'sel', format: 'parquet', out, dbPath: w.dbPath,
          parquetCompression: 'snappy', workerThreshold: 1, threads: 2, parquetGroupQuestions: 4 }));
        assert.deepEqual([...codecs(out)], ['SNAPPY']);
        rows[mode] = await read(out);
        sha[mode] = r.files[0].sha256;
        if (mode === 'javascript') {
          assert.match(r.notes?.join('\n') ?? '', /DISTILLERY_NATIVE_SNAPPY=0.*JavaScript/);
          assert.match(formatExport(r), /^note: Snappy: /m, 'the CLI prints the note');
        } else assert.equal(r.notes, undefined);
      }
      assert.ok(rows.native.length > 3);
      assert.deepEqual(rows.javascript, rows.native);
      // The two compressors pick different matches: different bytes show the workers took the JavaScript one too.
      assert.notEqual(sha.javascript, sha.native);
    });

    it('Brotli and no compression stay selectable and read back to the Snappy file\'s rows', async () => {
      const snappyRows = await read(join(w.dir, 'default', 'main', 'd.parquet'));
      for (const [c, codec] of [['brotli', 'BROTLI'], ['none', 'UNCOMPRESSED']] as const) {
        const out = join(w.dir, c, 'd.parquet');
        const r = await exportSelection(w.db, { selection: 'sel', format: 'parquet', out, dbPath: w.dbPath, parquetCompression: c, workerThreshold: Infinity });
        assert.deepEqual([...codecs(out)], [codec]);
        assert.equal(r.notes, undefined);
        assert.deepEqual(await read(out), snappyRows, c);
      }
    });
  });
});

function withNativeSync<T>(value: string | undefined, f: () => T): T {
  const before = process.env.DISTILLERY_NATIVE_SNAPPY;
  if (value === undefined) delete process.env.DISTILLERY_NATIVE_SNAPPY; else process.env.DISTILLERY_NATIVE_SNAPPY = value;
  try {
    return f();
  } finally {
    if (before === undefined) delete process.env.DISTILLERY_NATIVE_SNAPPY; else process.env.DISTILLERY_NATIVE_SNAPPY = before;
  }
}
