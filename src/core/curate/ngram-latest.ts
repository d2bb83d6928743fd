// s1's 'any' dedup rule asks, for every n-gram position of a pool in order, which question last held the same
// n-gram (what a whole-pool table of "latest question per n-gram" answers as it is filled). One such table for
// the 59K pool is ~50 MB and every probe a cache miss (~3/4 of the rule's time); here the positions are first
// grouped by the top bits of their hash (a counting sort that keeps pool order inside each group), then each
// group is resolved with a small table that stays in cache: 2-3x less CPU, same answer. (Resolving the groups on
// two threads was tried and measured slower on the 59K bench, 2026-12-02.)
import { mix } from './ngram-table';

const GROUP_BITS = 8; // 256 groups: a 59K pool's group (~6K n-grams) fits a 128 KB table
const SHIFT = 32 - GROUP_BITS;
export const LATEST_GROUPS = 1 << GROUP_BITS;

/**
 * For each position k of `hashes` (question i owns offsets[i] .. offsets[i+1]): the question that held the same
 * n-gram at the latest earlier position (i itself for a repeat inside question i), or -1 for its first occurrence.
 */
export function latestEarlierDoc(hashes: Float64Array, offsets: Int32Array): Int32Array {
  const out = new Int32Array(hashes.length).fill(-1);
  const group = new Uint8Array(hashes.length);
  groupsOf(hashes, 0, hashes.length, group);
  resolveGroups(hashes, offsets, group, 0, LATEST_GROUPS, out);
  return out;
}

/** The group of each position in [from, to). */
export function groupsOf(hashes: Float64Array, from: number, to: number, group: Uint8Array): void {
  for (let k = from; k < to; k++) group[k] = mix(hashes[k]) >>> SHIFT;
}

/**
 * latestEarlierDoc for the positions whose group is in [gFrom, gTo): writes their answers (not -1) into `out`,
 * which the caller filled with -1; no other position is written.
 */
export function resolveGroups(hashes: Float64Array, offsets: Int32Array, group: Uint8Array, gFrom: number, gTo: number, out: Int32Array): void {
  const n = hashes.length;
  const docs = offsets.length - 1;
  const span = gTo - gFrom;
  // Sizes of the range's groups, then each group's start (starts[g - gFrom]).
  const starts = new Int32Array(span + 1);
  for (let k = 0; k < n; k++) { const g = group[k] - gFrom; if (g >= 0 && g < span) starts[g + 1]++; }
  let maxGroup = 0;
  for (let g = 0; g < span; g++) { maxGroup = Math.max(maxGroup, starts[g + 1]); starts[g + 1] += starts[g]; }
  const size = starts[span];
  // Each group's hashes, questions and positions, in pool order.
  const fill = starts.slice(0, span);
  const gHash = new Float64Array(size);
  const gDoc = new Int32Array(size);
  const gPos = new Int32Array(size);
  for (let i = 0; i < docs; i++) {
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      const g = group[k] - gFrom;
      if (g < 0 || g >= span) continue;
      const j = fill[g]++; gHash[j] = hashes[k]; gDoc[j] = i; gPos[j] = k;
    }
  }
  let cap = 1024;
  while (cap < maxGroup * 2) cap *= 2;
  const keys = new Float64Array(cap);
  const vals = new Int32Array(cap);
  const mask = cap - 1;
  for (let g = 0; g < span; g++) {
    vals.fill(-1);
    for (let j = starts[g]; j < starts[g + 1]; j++) {
      const key = gHash[j];
      let s = mix(key) & mask;
      while (vals[s] !== -1 && keys[s] !== key) s = (s + 1) & mask;
      if (vals[s] === -1) keys[s] = key;
      else out[gPos[j]] = vals[s];
      vals[s] = gDoc[j];
    }
  }
}
