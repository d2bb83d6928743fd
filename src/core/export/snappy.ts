// Snappy for Parquet pages: the native `snappy` package (napi-rs; a prebuilt binary per platform, kept out of the
// bundles like better-sqlite3) when it loads, else hyparquet-writer's JavaScript compressor, about 7x slower, with a
// note saying so. Both write raw Snappy blocks, which every Parquet reader takes.
import { snappyCompress as jsSnappy } from 'hyparquet-writer/src/snappy.js';

export type Compress = (b: Uint8Array) => Uint8Array;

export interface SnappyCodec {
  compress: Compress;
  native: boolean;
  /** Why the JavaScript compressor is used (only when it is). */
  note?: string;
}

let loaded: { compress: Compress } | { error: string } | undefined;

function load(): { compress: Compress } | { error: string } {
  if (loaded) return loaded;
  try {
    // Plain require: esbuild keeps `snappy` external (scripts/build.mjs), so this resolves node_modules at run time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const m = require('snappy') as { compressSync(input: Uint8Array, o?: { copyOutputData?: boolean }): Buffer };
    // Its own check: a binary that loads but does not work is no better than none.
    const probe = Buffer.from('snappy snappy snappy');
    if (!(m.compressSync(probe).length > 0)) throw new Error('compressSync returned nothing');
    // copyOutputData: the output in a buffer V8 allocates and counts, not an external one it cannot see (those
    // pile up between collections: 8K pool rows peaked about 150 MB higher without it, for no measurable speed).
    loaded = { compress: (b) => m.compressSync(b, { copyOutputData: true }) };
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
    return { compress: jsSnappy, native: false, note: 'Snappy: the native compressor is turned off (DISTILLERY_NATIVE_SNAPPY=0); the JavaScript one is used, several times slower' };
  }
  const l = load();
  if ('compress' in l) return { compress: l.compress, native: true };
  return { compress: jsSnappy, native: false, note: `Snappy: the native 'snappy' module did not load (${l.error}); the JavaScript compressor is used, several times slower (the file is the same Parquet)` };
}
