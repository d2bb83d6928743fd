// Parquet through hyparquet, one row group at a time (never the whole file's rows in memory).
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, type Compressors, type ParquetParsers } from 'hyparquet';
import * as zlib from 'node:zlib';
import type { RawItem } from './json-array';

/** hyparquet reads Snappy itself; the other codecs common on the Hub come from Node's zlib (native code). ZSTD
 *  only where this Node has it (22.15+). */
export const PARQUET_DECOMPRESSORS: Compressors = {
  GZIP: (input) => zlib.gunzipSync(input),
  BROTLI: (input) => zlib.brotliDecompressSync(input),
  ...(typeof (zlib as { zstdDecompressSync?: unknown }).zstdDecompressSync === 'function'
    ? { ZSTD: (input: Uint8Array) => (zlib as unknown as { zstdDecompressSync(b: Uint8Array): Uint8Array }).zstdDecompressSync(input) } : {}),
};

/** Strings decoded keeping a leading U+FEFF: hyparquet's default TextDecoder drops it (the WHATWG default), which
 *  would change the text; pyarrow keeps it. */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const PARSERS: Partial<ParquetParsers> = { stringFromBytes: (b: Uint8Array | undefined) => b && utf8.decode(b) };

/** int64 columns arrive as BigInt; JSON and SQLite want numbers (or strings when too large). */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = plain(x);
    return o;
  }
  return v;
}

export async function* readParquet(path: string, maxRowsPerBatch = 2048): AsyncGenerator<RawItem[]> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const groupRows = Number(group.num_rows);
    for (let from = rowStart; from < rowStart + groupRows; from += maxRowsPerBatch) {
      const to = Math.min(from + maxRowsPerBatch, rowStart + groupRows);
      const rows = await parquetReadObjects({ file, metadata, rowStart: from, rowEnd: to, compressors: PARQUET_DECOMPRESSORS, parsers: PARSERS });
      // "line" is the 1-based row number for Parquet.
      yield rows.map((r, i) => ({ line: from + i + 1, value: plain(r) }));
    }
    rowStart += groupRows;
  }
}
