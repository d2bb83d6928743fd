// s1's 'any' dedup rule asks, for every n-gram position of a pool in order, which question last held the same
// n-gram (what a whole-pool table of "latest question per n-gram" answers as it is filled). One such table for
// the 59K pool is ~50 MB and every probe a cache miss (~3/4 of the rule's time); here the positions are first
// grouped by the top bits of their hash (a counting sort that keeps pool order inside each group), then each
// group is resolved with a small table that stays in cache: 2-3x less CPU, same answer. (Resolving the groups on
// two threads was tried and measured slower on the 59K bench, 2026-12-02.)
// Only ~7% of a pool's positions have an earlier holder (105K of the 59K bench's 1.6M), so the answer is the list
// of those positions, in pool order, not an array over every position: the rule's loop then visits the hits alone.
import { mix } from './ngram-table';

const GROUP_BITS = 8; // 256 groups: a 59K pool's group (~6K n-grams) fits a 128 KB table
const SHIFT = 32 - GROUP_BITS;
export const LATEST_GROUPS = 1 << GROUP_BITS;
const ROUND_GROUPS = LATEST_GROUPS / 4;

/** The positions whose n-gram an earlier position held, in pool order, with their question and that holder's. */
export interface EarlierHolders {
  /** The positions (increasing). */
  pos: Int32Array;
  /** The question owning each position. */
  doc: Int32Array;
  /** The question that held the same n-gram at the latest earlier position (doc itself for a repeat inside it). */
  prev: Int32Array;
}

/**
 * For the positions of `hashes` (question i owns offsets[i] .. offsets[i+1]) whose n-gram occurred before: the
 * question that held it at the latest earlier position. Every other position is a first occurrence.
 */
export function earlierHolders(hashes: Float64Array, offsets: Int32Array): EarlierHolders {
  const n = hashes.length;
  // Each position's group and the sizes of the groups, in one pass; then each group's start.
  const group = new Uint8Array(n);
  const starts = new Int32Array(LATEST_GROUPS + 1);
  for (let k = 0; k < n; k++) { const g = mix(hashes[k]) >>> SHIFT; group[k] = g; starts[g + 1]++; }
  let maxGroup = 0;
  for (let g = 0; g < LATEST_GROUPS; g++) { maxGroup = Math.max(maxGroup, starts[g + 1]); starts[g + 1] += starts[g]; }
  // The groups are copied out and resolved a quarter of them at a time, into arrays sized for the largest quarter:
  // a quarter of the new memory for three more scans of the group bytes (new memory costs more on this project's
  // VMs, ~15-20 us a 4 KB page, than the scans).
  let maxRound = 0;
  for (let r = 0; r < LATEST_GROUPS; r += ROUND_GROUPS) maxRound = Math.max(maxRound, starts[r + ROUND_GROUPS] - starts[r]);
  const gHash = new Float64Array(maxRound);
  const gPos = new Int32Array(maxRound);
  const fill = new Int32Array(ROUND_GROUPS);
  // One small table per group: n-gram -> its latest position so far. A position that finds its n-gram is a hit.
  let cap = 1024;
  while (cap < maxGroup * 2) cap *= 2;
  const keys = new Float64Array(cap);
  const vals = new Int32Array(cap);
  const mask = cap - 1;
  let hitPos: Int32Array = new Int32Array(Math.max(1024, n >> 4));
  let hitPrev: Int32Array = new Int32Array(hitPos.length);
  let hits = 0;
  for (let r = 0; r < LATEST_GROUPS; r += ROUND_GROUPS) {
    // This round's groups' hashes and positions, in pool order.
    const base = starts[r];
    for (let g = 0; g < ROUND_GROUPS; g++) fill[g] = starts[r + g] - base;
    for (let k = 0; k < n; k++) {
      const g = group[k] - r;
      if (g < 0 || g >= ROUND_GROUPS) continue;
      const j = fill[g]++; gHash[j] = hashes[k]; gPos[j] = k;
    }
    for (let g = r; g < r + ROUND_GROUPS; g++) {
      vals.fill(-1);
      for (let j = starts[g] - base; j < starts[g + 1] - base; j++) {
        const key = gHash[j];
        let s = mix(key) & mask;
        while (vals[s] !== -1 && keys[s] !== key) s = (s + 1) & mask;
        if (vals[s] === -1) keys[s] = key;
        else {
          if (hits === hitPos.length) { hitPos = grow(hitPos); hitPrev = grow(hitPrev); }
          hitPos[hits] = gPos[j]; hitPrev[hits] = vals[s]; hits++;
        }
        vals[s] = gPos[j];
      }
    }
  }
  // The hits come group by group: put them in pool order, then name the questions of both positions.
  const order = sortedOrder(hitPos, hits);
  const pos = new Int32Array(hits);
  const doc = new Int32Array(hits);
  const prev = new Int32Array(hits);
  const docs = offsets.length - 1;
  let i = 0;
  for (let x = 0; x < hits; x++) {
    const o = order[x];
    const p = hitPos[o];
    while (offsets[i + 1] <= p) i++;
    pos[x] = p; doc[x] = i; prev[x] = docOf(offsets, docs, hitPrev[o]);
  }
  return { pos, doc, prev };
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** The question owning position p: the last i with offsets[i] <= p (empty questions own no position). */
function docOf(offsets: Int32Array, docs: number, p: number): number {
  let lo = 0;
  let hi = docs - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (offsets[mid] <= p) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** The indexes of keys[0, count) in increasing order of key (keys are non-negative): a radix sort, 16 bits a pass. */
function sortedOrder(keys: Int32Array, count: number): Int32Array {
  let order = new Int32Array(count);
  for (let x = 0; x < count; x++) order[x] = x;
  let other = new Int32Array(count);
  const counts = new Int32Array(65537);
  for (let shift = 0; shift < 32; shift += 16) {
    counts.fill(0);
    for (let x = 0; x < count; x++) counts[((keys[x] >>> shift) & 0xffff) + 1]++;
    if (counts[1] === count) continue; // every key has this digit 0: the order stands
    for (let d = 0; d < 65536; d++) counts[d + 1] += counts[d];
    for (let x = 0; x < count; x++) { const o = order[x]; other[counts[(keys[o] >>> shift) & 0xffff]++] = o; }
    const t = order; order = other; other = t;
  }
  return order;
}
