// Parquet row groups encoded away from the file they end up in: an export worker encodes and compresses a chunk's
// rows as one row group (hyparquet-writer, into memory), and the main thread appends the bytes to the file, moving the
// group's recorded offsets by where it landed. Parquet offsets are absolute file positions, so this shift (column
// chunks and their page locations) is all that differs from encoding the group in place.
import { brotliCompressSync, constants as zc } from 'node:zlib';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { snappyBound, snappyCodec } from './snappy';
import { byteLeaves, byteValues, encodeByteGroup, PageBlocks, type PageCodec } from './parquet-pages';
import type { OffsetIndex, RowGroup, SchemaElement } from 'hyparquet';

export type Row = Record<string, unknown>;

export interface ParquetLayout {
  schema: SchemaElement[];
  /** Top-level column names, in schema order. */
  columns: string[];
}

/** One row group's bytes (as they follow the file's leading "PAR1") and its metadata, offsets counted from byte 4. */
export interface EncodedGroup {
  /** The bytes in pieces (pages' headers, levels and values, in file order): written one after the other, never
   *  joined (a copy and a fresh buffer the size of the group less per group). */
  parts: Uint8Array[];
  /** Their total length. */
  length: number;
  /** The memory the parts are views of, when it is the page writer's (PageBlocks): handed on with the group (not
   *  copied) and given back to the thread that encoded it once the parts are written (`recycleBlocks`). */
  blocks?: ArrayBuffer[];
  rowGroup: RowGroup;
  /** Per column chunk (in rowGroup.columns order): its page locations, when it has more than one page. */
  offsetIndexes: (OffsetIndex | undefined)[];
}

/** --parquet-compression: how the pages' values are compressed. */
export const PARQUET_COMPRESSIONS = ['brotli', 'snappy', 'none'] as const;
export type ParquetCompression = (typeof PARQUET_COMPRESSIONS)[number];
const CODECS = { brotli: 'BROTLI', snappy: 'SNAPPY', none: 'UNCOMPRESSED' } as const;

/** The default codec: Snappy, pyarrow's default and every reader's, native (snappy.ts). */
export const DEFAULT_PARQUET_COMPRESSION: ParquetCompression = 'snappy';

// Snappy through the native `snappy` module, the default: on 1 MB pages of trace text (one core, same run) about 1.3x
// Brotli quality 0's speed and pyarrow's own Snappy's; its file is about pyarrow's size (8K pool rows: 59 MB, Brotli
// 44 MB, uncompressed 115 MB). Where the native module does not load, hyparquet-writer's JavaScript Snappy writes the
// same format (slower; the export says so). `brotli` (Node's zlib, quality 0) is the smallest file: pyarrow (so
// datasets and the Hub's viewer), pandas, Polars and DuckDB read it, Spark needs its Brotli codec. Min/max statistics
// of long texts help no reader.
const brotli = (b: Uint8Array): Uint8Array => brotliCompressSync(b, {
  params: { [zc.BROTLI_PARAM_QUALITY]: 0, [zc.BROTLI_PARAM_MODE]: zc.BROTLI_MODE_TEXT, [zc.BROTLI_PARAM_SIZE_HINT]: b.length },
});
const snappy = (b: Uint8Array): Uint8Array => snappyCodec().compress(b);
const COMPRESSORS = { BROTLI: brotli, SNAPPY: snappy };

export const writerOptions = (layout: ParquetLayout, compression: ParquetCompression = DEFAULT_PARQUET_COMPRESSION) => ({
  schema: layout.schema, createdBy: 'distillery export (hyparquet-writer)',
  codec: CODECS[compression], compressors: COMPRESSORS, statistics: false,
});

/**
 * The columns of a group. Long texts (traces, rendered `text`) are written PLAIN: a dictionary never pays off for
 * them, and deciding so costs hyparquet-writer a hash of a thousand sampled values per column (about 8% of the CPU).
 */
export function columnsOf(layout: ParquetLayout, rows: readonly Row[]) {
  return layout.columns.map((name) => {
    const data = rows.map((r) => r[name] ?? null);
    return longText(data) ? { name, data, encoding: 'PLAIN' as const } : { name, data };
  });
}

/** Whether a column's first values average more than 512 characters of text. */
function longText(values: readonly unknown[]): boolean {
  const n = Math.min(values.length, 64);
  let chars = 0;
  for (let i = 0; i < n; i++) chars += textChars(values[i]);
  return n > 0 && chars / n > 512;
}

function textChars(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (v instanceof Uint8Array) return v.length;
  if (Array.isArray(v)) { let n = 0; for (const x of v) n += textChars(x); return n; }
  if (v && typeof v === 'object') { let n = 0; for (const x of Object.values(v)) n += textChars(x); return n; }
  return 0;
}

/** This thread's memory for pages (parquet-pages.ts): groups encoded here are written from it, then it is reused. */
const pageBlocks = new PageBlocks();

/** A group's page memory, once its parts are written: reused by the next groups encoded on this thread. */
export function recycleBlocks(blocks: readonly ArrayBuffer[]): void {
  pageBlocks.recycle(blocks);
}

function pageCodec(compression: ParquetCompression): PageCodec {
  if (compression === 'none') return null;
  if (compression === 'brotli') return { compress: brotli };
  return { into: snappyCodec().compressInto, bound: snappyBound };
}

/** `rows` encoded and compressed as one row group, exactly as ParquetWriter would write it at file offset 4. */
export function encodeRowGroup(layout: ParquetLayout, rows: readonly Row[], compression: ParquetCompression = DEFAULT_PARQUET_COMPRESSION): EncodedGroup {
  // Byte rows (parquet-rows.ts) take the direct page writer.
  const leaves = byteLeaves(layout);
  if (leaves && byteValues(leaves, rows)) return encodeByteGroup(leaves, rows, CODECS[compression], pageCodec(compression), pageBlocks);
  const out = new ByteWriter(1 << 20);
  const w = new ParquetWriter({ writer: out, ...writerOptions(layout, compression) });
  void w.write({ columnData: columnsOf(layout, rows), rowGroupSize: rows.length });
  if (w.row_groups.length !== 1) throw new Error(`expected one row group, got ${w.row_groups.length}`);
  return { parts: [new Uint8Array(out.buffer, 4, out.index - 4)], length: out.index - 4, rowGroup: w.row_groups[0], offsetIndexes: w.pendingIndexes.map((p) => p.offsetIndex) };
}

/**
 * Records a group written at file position `at` in `writer` (whose finish() writes the indexes and footer): its
 * offsets move by at - 4. The caller writes `g.parts` itself.
 */
export function adoptRowGroup(writer: ParquetWriter, g: EncodedGroup, at: number): void {
  const shift = BigInt(at - 4);
  const move = (v: bigint | undefined) => (v === undefined ? undefined : v + shift);
  g.rowGroup.columns.forEach((c, i) => {
    c.file_offset += shift;
    const m = c.meta_data;
    if (m) {
      m.data_page_offset += shift;
      if (m.dictionary_page_offset !== undefined) m.dictionary_page_offset = move(m.dictionary_page_offset);
      if (m.index_page_offset !== undefined) m.index_page_offset = move(m.index_page_offset);
      if (m.bloom_filter_offset !== undefined) m.bloom_filter_offset = move(m.bloom_filter_offset);
    }
    const oi = g.offsetIndexes[i];
    if (oi) for (const p of oi.page_locations) p.offset += shift;
    // The same chunk object in row_groups and pendingIndexes: finish() records its index offsets on it.
    writer.pendingIndexes.push({ chunk: c, offsetIndex: oi });
  });
  writer.row_groups.push(g.rowGroup);
  writer.num_rows += g.rowGroup.num_rows;
}
