// Two evaluators over the expression tree: an exact one (BigInt rationals, for plain numbers) and a
// numeric one (complex floats, for the random-point probe of symbolic answers). Both are bounded: every step
// counts as work (work.ts) and size limits make a hostile expression "unevaluable" instead of slow. The numeric
// one also reports when a value left the range of doubles (overflow, underflow): such a value decides nothing.
import type { Node } from './ast';
import {
  C, NAN, cabs, cacos, cadd, casin, catan, ccos, cdiv, cexp, clog, cmul, cneg, cpow, csin, csqrt, csub, ctan, real1,
} from './complex';
import * as R from './rational';
import type { Rational } from './rational';
import { spend } from './work';

export class Unevaluable extends Error {}

// ---------- exact ----------

/** Exact value of a constant expression, or null when it is not a (reasonably sized) rational number. */
export function exactValue(n: Node): Rational | null {
  switch (n.k) {
    case 'num': return n.v;
    case 'neg': { const a = exactValue(n.arg); return a && R.neg(a); }
    case 'add': {
      let acc: Rational | null = R.ZERO;
      for (const x of n.args) { const v = exactValue(x); if (!v || !acc) return null; acc = R.add(acc, v); }
      return acc;
    }
    case 'mul': {
      let acc: Rational | null = R.ONE;
      for (const x of n.args) { const v = exactValue(x); if (!v || !acc) return null; acc = R.mul(acc, v); }
      return acc;
    }
    case 'div': {
      const a = exactValue(n.num);
      const b = a && exactValue(n.den);
      return a && b ? R.div(a, b) : null;
    }
    case 'pow': {
      const b = exactValue(n.base);
      const e = b && exactValue(n.exp);
      if (!b || !e) return null;
      if (e.d === 1n) return R.powInt(b, e.n);
      // Rational exponent on a perfect power: 8^{2/3} = 4.
      if (e.d <= 12n && b.n >= 0n) {
        const root = nthRootExact(b, Number(e.d));
        return root && R.powInt(root, e.n);
      }
      return null;
    }
    case 'pct': { const a = exactValue(n.arg); return a && R.div(a, { n: 100n, d: 1n }); }
    case 'fn': return exactFn(n.name, n.args);
    default: return null;
  }
}

function exactFn(name: string, args: Node[]): Rational | null {
  const vs = args.map(exactValue);
  if (vs.some((v) => v === null)) return null;
  const v = vs as Rational[];
  switch (name) {
    case 'sqrt': return v.length === 1 ? R.sqrtExact(v[0]) : null;
    case 'root': {
      if (v.length !== 2 || v[1].d !== 1n || v[1].n < 2n || v[1].n > 12n) return null;
      const k = Number(v[1].n);
      if (v[0].n < 0n && k % 2 === 1) { const r = nthRootExact(R.neg(v[0]), k); return r && R.neg(r); }
      return nthRootExact(v[0], k);
    }
    case 'abs': return v[0].n < 0n ? R.neg(v[0]) : v[0];
    case 'floor': return R.rat(floorDiv(v[0].n, v[0].d));
    case 'ceil': return R.rat(-floorDiv(-v[0].n, v[0].d));
    case 'fact': {
      if (v[0].d !== 1n || v[0].n < 0n || v[0].n > 300n) return null;
      spend(Number(v[0].n));
      let r = 1n;
      for (let k = 2n; k <= v[0].n; k++) r *= k;
      return R.rat(r);
    }
    case 'binom': {
      if (v.length !== 2 || v[0].d !== 1n || v[1].d !== 1n || v[0].n > 2000n || v[0].n < 0n) return null;
      const nn = v[0].n;
      if (v[1].n < 0n || v[1].n > nn) return R.ZERO;
      // C(n, k) = C(n, n - k): loop over the smaller one.
      const kk = v[1].n * 2n > nn ? nn - v[1].n : v[1].n;
      spend(Number(kk) * 4);
      let r = 1n;
      for (let j = 1n; j <= kk; j++) r = (r * (nn - kk + j)) / j;
      return R.rat(r);
    }
    case 'gcd': case 'lcm': {
      if (v.length < 2 || v.some((x) => x.d !== 1n)) return null;
      let acc = abs(v[0].n);
      for (const x of v.slice(1)) acc = name === 'gcd' ? gcdB(acc, abs(x.n)) : (acc === 0n ? 0n : (acc * abs(x.n)) / gcdB(acc, abs(x.n)));
      return R.rat(acc);
    }
    default: return null;
  }
}

const abs = (x: bigint) => (x < 0n ? -x : x);
function gcdB(a: bigint, b: bigint): bigint { while (b) [a, b] = [b, a % b]; return a; }
function floorDiv(a: bigint, b: bigint): bigint { const q = a / b; return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q; }

function nthRootExact(a: Rational, k: number): Rational | null {
  if (a.n < 0n) return null;
  const rn = intRoot(a.n, k);
  const rd = intRoot(a.d, k);
  return rn !== null && rd !== null ? { n: rn, d: rd } : null;
}

function intRoot(x: bigint, k: number): bigint | null {
  if (x < 2n) return x;
  const K = BigInt(k);
  const approx = Math.pow(Number(x), 1 / k);
  if (x < 1n << 53n && Number.isFinite(approx)) {
    const est = BigInt(Math.round(approx));
    for (const c of [est - 1n, est, est + 1n]) if (c >= 0n && c ** K === x) return c;
    return null;
  }
  // Newton from a power of two above the root decreases to floor(root); each step counts as work.
  let r = 1n << BigInt(Math.ceil(x.toString(2).length / k));
  for (let i = 0; i < 4096; i++) {
    spend(1 + k);
    const next = ((K - 1n) * r + x / r ** (K - 1n)) / K;
    if (next >= r) break;
    r = next;
  }
  return r ** K === x ? r : null;
}

// ---------- numeric ----------

export interface Mat { rows: C[][] }
export type Val = C | Mat;
export const isMat = (v: Val): v is Mat => !(v instanceof C);

export interface EvalEnv {
  vars: Map<string, C>;
  steps: number;
  /** Set when a value overflowed, underflowed or became subnormal: the result is not the expression's value. */
  lost?: boolean;
  /** Values seen so far that were not finite, and that were exactly zero (to tell a new one from an inherited one). */
  infs?: number;
  zeros?: number;
}

const MAX_STEPS = 200_000;
/** The smallest normal double: below it a value has lost precision (subnormal) or is on its way to 0. */
const MIN_NORMAL = 2.2250738585072014e-308;

/** Evaluates n at env's variables; env.lost says when a double's range was left on the way. */
export function evalNum(n: Node, env: EvalEnv): Val {
  if (++env.steps > MAX_STEPS) throw new Unevaluable('step budget');
  spend(1);
  const infs = env.infs ?? 0;
  const zeros = env.zeros ?? 0;
  const v = evalInner(n, env);
  checkRange(n, v, env, infs, zeros);
  return v;
}

/** Nodes whose exact value is 0 only when an input is 0 (or infinite): a 0 out of nonzero inputs is underflow. */
function zeroMeansUnderflow(n: Node): boolean {
  switch (n.k) {
    case 'num': return n.v.n !== 0n;
    case 'mul': case 'div': case 'pow': case 'pct': return true;
    case 'fn': return n.name === 'exp' || n.name === 'sqrt' || n.name === 'root';
    default: return false;
  }
}

function checkRange(n: Node, v: Val, env: EvalEnv, infsBefore: number, zerosBefore: number): void {
  let inf = false;
  let zero = false;
  const visit = (c: C) => {
    // NaN is "no value here" (a real-only function at a complex point), not a range problem.
    if (Math.abs(c.re) === Infinity || Math.abs(c.im) === Infinity) inf = true;
    else if (c.re === 0 && c.im === 0) zero = true;
    else if ((c.re !== 0 && Math.abs(c.re) < MIN_NORMAL) || (c.im !== 0 && Math.abs(c.im) < MIN_NORMAL)) env.lost = true;
  };
  if (isMat(v)) {
    for (const row of v.rows) for (const c of row) visit(c);
  } else visit(v);
  if (!inf && !zero) return;
  // A non-finite value out of finite inputs is overflow (or a pole): only the symbol \infty is infinite by right.
  if (inf && (env.infs ?? 0) === infsBefore && !(n.k === 'sym' && n.name === 'inf')) env.lost = true;
  if (zero && !isMat(v) && (env.zeros ?? 0) === zerosBefore && (env.infs ?? 0) === infsBefore && zeroMeansUnderflow(n)) env.lost = true;
  if (inf) env.infs = (env.infs ?? 0) + 1;
  if (zero) env.zeros = (env.zeros ?? 0) + 1;
}

function evalInner(n: Node, env: EvalEnv): Val {
  switch (n.k) {
    case 'num': return new C(R.toNumber(n.v));
    case 'based': {
      const v = parseInt(n.digits, n.base);
      if (!Number.isFinite(v) || v.toString(n.base) !== n.digits.toLowerCase()) return NAN;
      return new C(v);
    }
    case 'sym': {
      const v = env.vars.get(n.name);
      if (v) return v;
      switch (n.name) {
        case 'pi': return new C(Math.PI);
        case 'e': return new C(Math.E);
        case 'i': return new C(0, 1);
        case 'inf': return new C(Infinity);
        default: throw new Unevaluable(`symbol ${n.name}`);
      }
    }
    case 'neg': return vneg(evalNum(n.arg, env));
    case 'add': return n.args.map((x) => evalNum(x, env)).reduce(vadd);
    case 'mul': return n.args.map((x) => evalNum(x, env)).reduce(vmul);
    case 'div': {
      const a = evalNum(n.num, env);
      const b = evalNum(n.den, env);
      if (isMat(b)) throw new Unevaluable('matrix division');
      return isMat(a) ? mapMat(a, (x) => cdiv(x, b)) : cdiv(a, b);
    }
    case 'pow': {
      const b = evalNum(n.base, env);
      const e = evalNum(n.exp, env);
      if (isMat(e)) throw new Unevaluable('matrix exponent');
      if (isMat(b)) return matPow(b, e);
      return cpow(b, e);
    }
    case 'pct': {
      const a = evalNum(n.arg, env);
      return isMat(a) ? mapMat(a, (x) => cdiv(x, new C(100))) : cdiv(a, new C(100));
    }
    case 'fn': return evalFn(n.name, n.args, env);
    case 'matrix': {
      const m: Mat = { rows: n.rows.map((r) => r.map((x) => scalar(evalNum(x, env)))) };
      return n.det ? det(m) : m;
    }
    case 'bigop': {
      const lo = scalar(evalNum(n.lo, env));
      const hi = scalar(evalNum(n.hi, env));
      if (!lo.isReal || !hi.isReal || !Number.isInteger(lo.re) || !Number.isInteger(hi.re) || hi.re - lo.re > 10_000) {
        throw new Unevaluable('sum bounds');
      }
      const saved = env.vars.get(n.v);
      let acc = new C(n.op === 'sum' ? 0 : 1);
      for (let k = lo.re; k <= hi.re; k++) {
        env.vars.set(n.v, new C(k));
        const t = scalar(evalNum(n.body, env));
        acc = n.op === 'sum' ? cadd(acc, t) : cmul(acc, t);
      }
      if (saved) env.vars.set(n.v, saved); else env.vars.delete(n.v);
      return acc;
    }
    default: throw new Unevaluable(n.k);
  }
}

function scalar(v: Val): C {
  if (isMat(v)) throw new Unevaluable('matrix where a number is expected');
  return v;
}

const F1: Record<string, (a: C) => C> = {
  sqrt: csqrt, exp: cexp, ln: clog, log: clog, sin: csin, cos: ccos, tan: ctan,
  sec: (a) => cdiv(new C(1), ccos(a)), csc: (a) => cdiv(new C(1), csin(a)), cot: (a) => cdiv(ccos(a), csin(a)),
  asin: casin, acos: cacos, atan: catan,
  sinh: real1(Math.sinh), cosh: real1(Math.cosh), tanh: real1(Math.tanh),
  log10: (a) => cdiv(clog(a), new C(Math.LN10)),
  abs: (a) => new C(cabs(a)), floor: real1(Math.floor), ceil: real1(Math.ceil),
  re: (a) => new C(a.re), im: (a) => new C(a.im), arg: (a) => new C(Math.atan2(a.im, a.re)),
  // Past 170! a double overflows: Infinity, which the range check reports as lost.
  fact: real1((x) => (Number.isInteger(x) && x >= 0 ? (x <= 170 ? factorial(x) : Infinity) : NaN)),
};

function factorial(x: number): number { let r = 1; for (let k = 2; k <= x; k++) r *= k; return r; }

function evalFn(name: string, args: Node[], env: EvalEnv): Val {
  if (name === 'det' && args.length === 1) {
    const m = evalNum(args[0], env);
    if (!isMat(m)) throw new Unevaluable('det of a number');
    return det(m);
  }
  const vs = args.map((a) => scalar(evalNum(a, env)));
  const f = F1[name];
  if (f && vs.length === 1) return f(vs[0]);
  switch (name) {
    case 'root': {
      const [x, k] = vs;
      // Odd roots of negative reals are real, as in competition maths: \sqrt[3]{-8} = -2.
      if (x.im === 0 && x.re < 0 && k.im === 0 && Number.isInteger(k.re) && k.re % 2 !== 0) return new C(-Math.pow(-x.re, 1 / k.re));
      return cpow(x, cdiv(new C(1), k));
    }
    case 'logb': return cdiv(clog(vs[0]), clog(vs[1]));
    case 'binom': {
      const [a, b] = vs;
      if (!a.isReal || !b.isReal || !Number.isInteger(a.re) || !Number.isInteger(b.re)) return NAN;
      if (b.re < 0 || b.re > a.re) return new C(0);
      // C(n, k) >= 2^min(k, n-k): past 1100 a double overflows, so the loop never needs to run longer.
      const k = Math.min(b.re, a.re - b.re);
      if (k > 1100) return new C(Infinity);
      spend(k);
      let r = 1;
      for (let j = 1; j <= k; j++) r = (r * (a.re - k + j)) / j;
      return new C(Math.round(r));
    }
    case 'gcd': case 'lcm': {
      if (vs.some((v) => !v.isReal || !Number.isInteger(v.re))) return NAN;
      let acc = Math.abs(vs[0].re);
      for (const v of vs.slice(1)) {
        const b = Math.abs(v.re);
        const g = gcdN(acc, b);
        acc = name === 'gcd' ? g : (g === 0 ? 0 : (acc / g) * b);
      }
      return new C(acc);
    }
    case 'max': case 'min': {
      if (vs.some((v) => !v.isReal)) return NAN;
      const xs = vs.map((v) => v.re);
      return new C(name === 'max' ? Math.max(...xs) : Math.min(...xs));
    }
    default:
      // An unknown function (F_{n-1}, f(x) written with \operatorname) is uninterpreted: a fixed
      // pseudo-random value of its arguments, the same on both sides of a comparison.
      if (/^[A-Za-z]+_?$/.test(name) && vs.length >= 1) return new C(hashValue(name, vs));
      throw new Unevaluable(`function ${name}`);
  }
}

function gcdN(a: number, b: number): number { while (b) [a, b] = [b, a % b]; return a; }

function hashValue(name: string, vs: C[]): number {
  let h = 2166136261;
  const s = `${name}|${vs.map((v) => `${Math.round(v.re * 1e6)},${Math.round(v.im * 1e6)}`).join('|')}`;
  for (let k = 0; k < s.length; k++) { h ^= s.charCodeAt(k); h = Math.imul(h, 16777619); }
  return 0.5 + ((h >>> 0) % 100000) / 50000;
}

// ---------- matrix helpers ----------

function mapMat(m: Mat, f: (x: C) => C): Mat { return { rows: m.rows.map((r) => r.map(f)) }; }

function vneg(a: Val): Val { return isMat(a) ? mapMat(a, cneg) : cneg(a); }

function vadd(a: Val, b: Val): Val {
  if (!isMat(a) && !isMat(b)) return cadd(a, b);
  if (isMat(a) && isMat(b)) {
    if (a.rows.length !== b.rows.length || a.rows[0].length !== b.rows[0].length) throw new Unevaluable('shape');
    return { rows: a.rows.map((r, i) => r.map((x, j) => cadd(x, b.rows[i][j]))) };
  }
  throw new Unevaluable('matrix plus number');
}

function vmul(a: Val, b: Val): Val {
  if (!isMat(a) && !isMat(b)) return cmul(a, b);
  if (!isMat(a)) return mapMat(b as Mat, (x) => cmul(a, x));
  if (!isMat(b)) return mapMat(a, (x) => cmul(x, b));
  const n = a.rows.length;
  const m = b.rows[0].length;
  const inner = a.rows[0].length;
  if (b.rows.length !== inner) throw new Unevaluable('shape');
  spend(n * m * inner);
  const rows: C[][] = [];
  for (let i = 0; i < n; i++) {
    const row: C[] = [];
    for (let j = 0; j < m; j++) {
      let acc = new C(0);
      for (let k = 0; k < inner; k++) acc = cadd(acc, cmul(a.rows[i][k], b.rows[k][j]));
      row.push(acc);
    }
    rows.push(row);
  }
  return { rows };
}

function matPow(m: Mat, e: C): Mat {
  if (e.im !== 0 || !Number.isInteger(e.re) || e.re < 1 || e.re > 64) throw new Unevaluable('matrix power');
  let r: Mat = m;
  for (let k = 1; k < e.re; k++) r = vmul(r, m) as Mat;
  return r;
}

/** Determinant by Gaussian elimination with partial pivoting. */
function det(m: Mat): C {
  const n = m.rows.length;
  if (n === 0 || m.rows.some((r) => r.length !== n) || n > 40) throw new Unevaluable('det');
  spend(n * n * n);
  const a = m.rows.map((r) => [...r]);
  let acc = new C(1);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (cabs(a[r][col]) > cabs(a[pivot][col])) pivot = r;
    if (cabs(a[pivot][col]) === 0) return new C(0);
    if (pivot !== col) { [a[pivot], a[col]] = [a[col], a[pivot]]; acc = cneg(acc); }
    acc = cmul(acc, a[col][col]);
    for (let r = col + 1; r < n; r++) {
      const f = cdiv(a[r][col], a[col][col]);
      for (let k = col; k < n; k++) a[r][k] = csub(a[r][k], cmul(f, a[col][k]));
    }
  }
  return acc;
}
