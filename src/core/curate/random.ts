// A seeded PRNG (mulberry32 over a splitmix32-scrambled seed): the same seed gives the same selection on every
// run and every platform, which Math.random cannot promise.
export type Rng = () => number;

export function seededRng(seed: number): Rng {
  let s = seed >>> 0;
  s = Math.imul(s ^ (s >>> 16), 0x85ebca6b); s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35); s ^= s >>> 16;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Index drawn with probability proportional to weights[i] (weights >= 0, some > 0). */
export function weightedIndex(rng: Rng, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let r = rng() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r < 0) return i;
  }
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
  return 0;
}

/** Index in 0..m-1 drawn with weight base^(-i) (s1: 2^(-rank), longest first), without building the weights. */
export function geometricIndex(rng: Rng, m: number, base = 2): number {
  const q = 1 / base;
  const total = (1 - Math.pow(q, m)) / (1 - q);
  let r = rng() * total;
  let w = 1;
  for (let i = 0; i < m; i++) {
    r -= w;
    if (r < 0) return i;
    w *= q;
  }
  return m - 1;
}
