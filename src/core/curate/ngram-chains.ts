// Posting lists of a pool's n-grams as chains through positions, built cache-sized piece by piece.
//
// A hash table of every n-gram of a large pool is random memory access (a cache miss per probe) and, sized for a
// 1.2M-question pool, gigabytes. Here the positions are first partitioned by the top bits of their hash (a stable
// counting sort, so each part keeps document order), then each part, a few thousand n-grams, is resolved with a
// small table that stays in cache. The result is one chain per n-gram through its positions: `prev[k]` is the
// position of the same n-gram in the latest earlier document, so following `prev` from any position visits the
// documents holding that n-gram latest first, as a posting list would.
import { mix } from './ngram-table';

/** `prev` value of a position whose n-gram already occurred earlier in the same document. */
export const REPEAT = -2;
/** `prev` value of a position of a document left out (`include`). */
export const SKIPPED = -3;

export interface NgramChains {
  /** Position of the same n-gram in the latest earlier document, -1 when none, REPEAT or SKIPPED. */
  prev: Int32Array;
  /** The document of each position. */
  docOf: Int32Array;
  /** With `df`: how many (included) documents hold the n-gram at each position, over the whole pool. */
  df?: Int32Array;
}

const PART = 4096; // n-grams per part: its table (16 bytes a slot, at most half full) fits in L2

/**
 * Chains of the n-grams `hashes[offsets[i] .. offsets[i+1])` of documents i = 0..n-1. `include`: only documents
 * with a non-zero entry take part (the others' positions are SKIPPED). `withDf`: also each position's document
 * frequency.
 */
export function ngramChains(hashes: Float64Array, offsets: Int32Array, opts: { include?: Uint8Array; withDf?: boolean } = {}): NgramChains {
  const total = hashes.length;
  const docs = offsets.length - 1;
  const docOf = new Int32Array(total);
  const prev = new Int32Array(total).fill(SKIPPED);
  const df = opts.withDf ? new Int32Array(total) : undefined;
  const include = opts.include;
  let bits = 0;
  while ((1 << bits) * PART < total && bits < 16) bits++;
  const shift = 32 - bits;
  const part = (h: number) => (bits === 0 ? 0 : (mix(h) >>> shift));
  const starts = new Int32Array((1 << bits) + 1);
  let n = 0;
  for (let i = 0; i < docs; i++) {
    if (include && !include[i]) continue;
    for (let k = offsets[i]; k < offsets[i + 1]; k++) { docOf[k] = i; starts[part(hashes[k]) + 1]++; n++; }
  }
  for (let b = 1; b < starts.length; b++) starts[b] += starts[b - 1];
  // Positions grouped by part, each group in position (so document) order.
  const order = new Int32Array(n);
  const fill = starts.slice(0, starts.length - 1);
  for (let i = 0; i < docs; i++) {
    if (include && !include[i]) continue;
    for (let k = offsets[i]; k < offsets[i + 1]; k++) order[fill[part(hashes[k])]++] = k;
  }
  let maxPart = 0;
  for (let b = 0; b + 1 < starts.length; b++) maxPart = Math.max(maxPart, starts[b + 1] - starts[b]);
  let cap = 16;
  while (cap < maxPart * 2) cap *= 2;
  const keys = new Float64Array(cap);
  const last = new Int32Array(cap);   // latest position of the key (its first in that document)
  const count = new Int32Array(cap);  // documents holding the key
  const used = new Int32Array(cap);   // part number + 1 of the slot's key: no clearing between parts
  const slotOf = df ? new Int32Array(maxPart) : undefined;
  const mask = cap - 1;
  for (let b = 0; b + 1 < starts.length; b++) {
    const tag = b + 1;
    for (let j = starts[b]; j < starts[b + 1]; j++) {
      const k = order[j];
      const h = hashes[k];
      let s = mix(h) & mask;
      while (used[s] === tag && keys[s] !== h) s = (s + 1) & mask;
      if (used[s] !== tag) {
        used[s] = tag; keys[s] = h; last[s] = k; count[s] = 1; prev[k] = -1;
      } else if (docOf[last[s]] === docOf[k]) {
        prev[k] = REPEAT;
      } else {
        prev[k] = last[s]; last[s] = k; count[s]++;
      }
      if (slotOf) slotOf[j - starts[b]] = s;
    }
    if (df && slotOf) for (let j = starts[b]; j < starts[b + 1]; j++) df[order[j]] = count[slotOf[j - starts[b]]];
  }
  return { prev, docOf, ...(df ? { df } : {}) };
}
