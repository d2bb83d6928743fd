// Snappy compression (the raw format Parquet's SNAPPY codec holds: github.com/google/snappy format_description.txt),
// written for speed in plain JavaScript: Node has no Snappy, and hyparquet-writer's appends byte by byte through a
// growing buffer. Blocks of 64 KB, a hash table of 4-byte sequences per block, literals and copies of up to 64 bytes
// with 1- or 2-byte offsets. Any valid stream decompresses the same, so only correctness is shared with the
// reference compressor, not its exact output.

const BLOCK = 1 << 16;
const MAX_TABLE_BITS = 14;
/** Bytes left at a block's end where no match starts (4-byte loads stay inside the block). */
const MARGIN = 15;
const table = new Int32Array(1 << MAX_TABLE_BITS);

/** The largest compressed size of n bytes (the reference's MaxCompressedLength). */
export const maxCompressedLength = (n: number): number => 32 + n + Math.floor(n / 6);

const load32 = (b: Uint8Array, i: number): number => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);

export function snappyCompress(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(maxCompressedLength(input.length));
  let o = 0;
  // Preamble: the uncompressed length as a varint.
  for (let n = input.length; ; n = Math.floor(n / 128)) {
    if (n < 128) { out[o++] = n; break; }
    out[o++] = (n & 0x7f) | 0x80;
  }
  for (let start = 0; start < input.length; start += BLOCK) o = compressBlock(input, start, Math.min(input.length, start + BLOCK), out, o);
  return out.subarray(0, o);
}

function literal(input: Uint8Array, from: number, to: number, out: Uint8Array, o: number): number {
  const n = to - from - 1;
  if (n < 60) out[o++] = n << 2;
  else if (n < 0x100) { out[o++] = 60 << 2; out[o++] = n; }
  else if (n < 0x10000) { out[o++] = 61 << 2; out[o++] = n & 0xff; out[o++] = n >>> 8; }
  else if (n < 0x1000000) { out[o++] = 62 << 2; out[o++] = n & 0xff; out[o++] = (n >>> 8) & 0xff; out[o++] = n >>> 16; }
  else { out[o++] = 63 << 2; out[o++] = n & 0xff; out[o++] = (n >>> 8) & 0xff; out[o++] = (n >>> 16) & 0xff; out[o++] = n >>> 24; }
  if (to - from > 32) out.set(input.subarray(from, to), o);
  else for (let i = from, k = o; i < to; i++, k++) out[k] = input[i];
  return o + (to - from);
}

/** Copies of length `len` from `offset` bytes back (offset < 65536 within a block). */
function copy(offset: number, len: number, out: Uint8Array, o: number): number {
  // Pieces of 64 while more than 68 remain, then 60 if more than 64 (never leaving fewer than 4 for a 1-byte copy).
  while (len >= 68) { out[o++] = (63 << 2) | 2; out[o++] = offset & 0xff; out[o++] = offset >>> 8; len -= 64; }
  if (len > 64) { out[o++] = (59 << 2) | 2; out[o++] = offset & 0xff; out[o++] = offset >>> 8; len -= 60; }
  if (len >= 12 || offset >= 2048) { out[o++] = ((len - 1) << 2) | 2; out[o++] = offset & 0xff; out[o++] = offset >>> 8; }
  else { out[o++] = ((offset >>> 8) << 5) | ((len - 4) << 2) | 1; out[o++] = offset & 0xff; }
  return o;
}

function compressBlock(input: Uint8Array, start: number, end: number, out: Uint8Array, o: number): number {
  const len = end - start;
  if (len < MARGIN + 1) return len ? literal(input, start, end, out, o) : o;
  let bits = 8;
  while (bits < MAX_TABLE_BITS && 1 << bits < len) bits++;
  const shift = 32 - bits;
  table.fill(0, 0, 1 << bits);
  const hash = (v: number) => Math.imul(v, 0x1e35a7bd) >>> shift;
  const limit = end - MARGIN;
  let emit = start;
  let ip = start + 1;
  let nextValue = load32(input, ip);
  let nextHash = hash(nextValue);
  for (;;) {
    // Look for a match, stepping further the longer none is found (incompressible text goes fast).
    let skip = 32;
    let next = ip;
    let candidate: number;
    let value: number;
    do {
      ip = next;
      value = nextValue;
      const h = nextHash;
      next = ip + (skip++ >> 5);
      if (next > limit) return emit < end ? literal(input, emit, end, out, o) : o;
      nextValue = load32(input, next);
      nextHash = hash(nextValue);
      candidate = start + table[h];
      table[h] = ip - start;
    } while (value !== load32(input, candidate));
    o = literal(input, emit, ip, out, o);
    // Emit copies while the next position matches too.
    do {
      let m = 4;
      while (ip + m + 4 <= end && load32(input, candidate + m) === load32(input, ip + m)) m += 4;
      while (ip + m < end && input[candidate + m] === input[ip + m]) m++;
      o = copy(ip - candidate, m, out, o);
      ip += m;
      emit = ip;
      if (ip >= limit) return emit < end ? literal(input, emit, end, out, o) : o;
      table[hash(load32(input, ip - 1))] = ip - 1 - start;
      value = load32(input, ip);
      const h = hash(value);
      candidate = start + table[h];
      table[h] = ip - start;
    } while (value === load32(input, candidate));
    ip++;
    nextValue = load32(input, ip);
    nextHash = hash(nextValue);
  }
}
