// Exact rational arithmetic on BigInt, so that 12000023 and 12000003 never compare "close enough".
// Every operation returns null instead of growing past a size bound (LIMIT), and every loop counts its work
// (work.ts): grading must stay fast on hostile input.
import { spend } from './work';

export interface Rational { readonly n: bigint; readonly d: bigint }

const LIMIT = 1n << 2048n;

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) {
    spend(1);
    [a, b] = [b, a % b];
  }
  return a;
}

function tooBig(x: bigint): boolean {
  return x > LIMIT || x < -LIMIT;
}

export function rat(n: bigint, d = 1n): Rational | null {
  if (d === 0n) return null;
  if (d < 0n) { n = -n; d = -d; }
  const g = gcd(n, d);
  if (g > 1n) { n /= g; d /= g; }
  if (tooBig(n) || tooBig(d)) return null;
  return { n, d };
}

export const ZERO: Rational = { n: 0n, d: 1n };
export const ONE: Rational = { n: 1n, d: 1n };

/** Parses "123", "-1.25", ".4", "1e5" (digits only, no separators) into an exact rational. */
export function parseDecimal(s: string): Rational | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const frac = m[3] ?? '';
  let n = BigInt((m[2] || '0') + frac);
  let d = 10n ** BigInt(frac.length);
  const e = m[4] ? Number(m[4]) : 0;
  if (Math.abs(e) > 600) return null;
  if (e > 0) n *= 10n ** BigInt(e);
  else if (e < 0) d *= 10n ** BigInt(-e);
  if (m[1] === '-') n = -n;
  return rat(n, d);
}

export const add = (a: Rational, b: Rational) => rat(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational) => rat(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational) => rat(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational) => (b.n === 0n ? null : rat(a.n * b.d, a.d * b.n));
export const neg = (a: Rational): Rational => ({ n: -a.n, d: a.d });
export const eq = (a: Rational, b: Rational) => a.n === b.n && a.d === b.d;
export const isInt = (a: Rational) => a.d === 1n;

/** a^k for an integer k, refusing results that would be enormous. */
export function powInt(a: Rational, k: bigint): Rational | null {
  if (k === 0n) return a.n === 0n ? null : ONE;
  if (a.n === 0n) return k > 0n ? ZERO : null;
  const absN = a.n < 0n ? -a.n : a.n;
  const bits = Math.max(absN.toString(2).length, a.d.toString(2).length);
  const kk = k < 0n ? -k : k;
  if (bits > 1 && BigInt(bits) * kk > 4096n) return null;
  if (bits <= 1 && kk > 100000n) return absN === 1n && a.d === 1n ? rat(a.n < 0n && kk % 2n === 1n ? -1n : 1n) : null;
  spend(1 + Math.ceil((bits * Number(kk)) / 64));
  const r = rat(a.n ** kk, a.d ** kk);
  if (!r) return null;
  return k < 0n ? div(ONE, r) : r;
}

/** Exact square root when both numerator and denominator are perfect squares. */
export function sqrtExact(a: Rational): Rational | null {
  if (a.n < 0n) return null;
  const rn = isqrt(a.n);
  const rd = isqrt(a.d);
  return rn !== null && rd !== null ? { n: rn, d: rd } : null;
}

function isqrt(x: bigint): bigint | null {
  if (x < 2n) return x;
  const approx = Math.sqrt(Number(x));
  // Beyond a double's range the float estimate is Infinity: start from a power of two above the root instead.
  let r = Number.isFinite(approx) ? BigInt(Math.floor(approx)) : 1n << BigInt(Math.ceil(x.toString(2).length / 2));
  // Newton steps correct the float estimate for big values.
  for (let i = 0; i < 100; i++) {
    spend(1);
    const next = (r + x / r) >> 1n;
    if (next === r || next === r + 1n) break;
    r = next;
  }
  for (let k = 0; r * r > x && k < 4; k++) r--;
  for (let k = 0; (r + 1n) * (r + 1n) <= x && k < 4; k++) r++;
  return r * r === x ? r : null;
}

export function toNumber(a: Rational): number {
  const n = Number(a.n);
  const d = Number(a.d);
  if (Number.isFinite(n) && Number.isFinite(d)) return n / d;
  // Both huge: scale down before converting.
  const shift = BigInt(Math.max(a.n.toString(2).length, a.d.toString(2).length) - 900);
  return Number(a.n >> shift) / Number(a.d >> shift);
}

export function ratToString(a: Rational): string {
  return a.d === 1n ? a.n.toString() : `${a.n}/${a.d}`;
}
