// Snappy for Parquet pages: the native `snappy` package (napi-rs; a prebuilt binary per platform, kept out of the
// bundles like better-sqlite3) when it loads, else hyparquet-writer's JavaScript compressor, about 7x slower, with a
// note saying so. Both write raw Snappy blocks, which every Parquet reader takes.
import { snappyCompress as jsSnappy } from 'hyparquet-writer/src/snappy.js';

export type Compress = (b: Uint8Array) => Uint8Array;
/** Compresses `input` into `out` from `at` (room there for snappyBound(input.length) bytes); returns the bytes written. */
export type CompressInto = (input: Uint8Array, out: Uint8Array, at: number) => number;

export interface SnappyCodec {
  compress: Compress;
  compressInto: CompressInto;
  native: boolean;
  /** Why the JavaScript compressor is used (only when it is). */
  note?: string;
}

/** Snappy's blocks: an encoder compresses its input in pieces of this size, each with a hash table of its own. */
const BLOCK = 1 << 16;

/** Most bytes compressInto writes for `n` input bytes: the length's varint, then each block's worst case (snap's
 *  max_compress_len of a block, less the varint it does not write here). */
export const snappyBound = (n: number): number => 37 + n + Math.ceil(n / 6) + 32 * Math.ceil(n / BLOCK);

const varintAt = (out: Uint8Array, at: number, n: number): number => {
  let p = at;
  while (n >= 0x80) { out[p++] = (n & 0x7f) | 0x80; n = Math.floor(n / 128); }
  out[p++] = n;
  return p - at;
};

/**
 * The native compressor a block at a time, into `out`. The same bytes as compressing the whole input in one call (a
 * Snappy stream is its length, then each 64 KB block's elements, each block compressed on its own), but the module's
 * scratch per call is a block's worst case (76 KB, reused from the allocator's free lists) instead of a page's (1.2 MB
 * zero-filled per page, whose memory the allocator hands back to the system between pages: most of an export
 * worker's page faults and memset time, as much CPU as the compression itself).
 */
function blockwise(compress: Compress): CompressInto {
  return (input, out, at) => {
    let p = at + varintAt(out, at, input.length);
    for (let from = 0; from < input.length; from += BLOCK) {
      const piece = compress(input.subarray(from, Math.min(input.length, from + BLOCK)));
      // Each piece starts with its own length's varint (1-3 bytes), which the stream's one replaces.
      let skip = 0;
      while (piece[skip] & 0x80) skip++;
      out.set(piece.subarray(skip + 1), p);
      p += piece.length - skip - 1;
    }
    return p - at;
  };
}

/** Any compressor's whole output, copied into `out`. */
const copying = (compress: Compress): CompressInto => (input, out, at) => {
  const c = compress(input);
  out.set(c, at);
  return c.length;
};

let loaded: { compress: Compress; compressInto: CompressInto } | { error: string } | undefined;

/**
 * The module's allocator (mimalloc, linked into the binary) hands memory it frees back to the system after 10 ms, so
 * each call's scratch, allocated again a moment later, comes back as fresh pages: a fault and a zeroing per 4 KB (59K
 * export: about 106K page faults with purging, 80K without). mimalloc reads its options from the environment once,
 * as the binary loads: MIMALLOC_PURGE_DELAY=-1 (never purge) is set for that moment only, unless the user set it.
 * What stays mapped is a call's scratch (a 64 KB block's worst case, 76 KB) per thread that compresses.
 */
function withAllocatorKept<T>(load: () => T): T {
  const KEY = 'MIMALLOC_PURGE_DELAY';
  if (process.env[KEY] !== undefined) return load();
  process.env[KEY] = '-1';
  try {
    return load();
  } finally {
    delete process.env[KEY];
  }
}

function load(): { compress: Compress; compressInto: CompressInto } | { error: string } {
  if (loaded) return loaded;
  try {
    // Plain require: esbuild keeps `snappy` external (scripts/build.mjs), so this resolves node_modules at run time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const m = withAllocatorKept(() => require('snappy') as { compressSync(input: Uint8Array, o?: { copyOutputData?: boolean }): Buffer });
    // Its own check: a binary that loads but does not work is no better than none.
    const probe = Buffer.from('snappy snappy snappy');
    if (!(m.compressSync(probe).length > 0)) throw new Error('compressSync returned nothing');
    // copyOutputData: the output in a buffer V8 allocates and counts, not an external one it cannot see (those
    // pile up between collections: 8K pool rows peaked about 150 MB higher without it, for no measurable speed).
    const compress: Compress = (b) => m.compressSync(b, { copyOutputData: true });
    loaded = { compress, compressInto: blockwise(compress) };
  } catch (e) {
    loaded = { error: (e as Error).message.split('\n')[0] };
  }
  return loaded;
}

/**
 * The Snappy compressor this process uses. DISTILLERY_NATIVE_SNAPPY=0 takes the JavaScript one (the fallback's
 * test, or a platform whose binary misbehaves).
 */
export function snappyCodec(): SnappyCodec {
  if (process.env.DISTILLERY_NATIVE_SNAPPY === '0') {
    return { compress: jsSnappy, compressInto: copying(jsSnappy), native: false, note: 'Snappy: the native compressor is turned off (DISTILLERY_NATIVE_SNAPPY=0); the JavaScript one is used, several times slower' };
  }
  const l = load();
  if ('compress' in l) return { compress: l.compress, compressInto: l.compressInto, native: true };
  return { compress: jsSnappy, compressInto: copying(jsSnappy), native: false, note: `Snappy: the native 'snappy' module did not load (${l.error}); the JavaScript compressor is used, several times slower (the file is the same Parquet)` };
}
