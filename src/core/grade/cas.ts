// The compute-engine (CAS) behind our own normalisation: a second LaTeX parser for what ours rejects, and
// a symbolic equality check for pairs the numeric probe cannot decide. Its evaluation can run away
// (\sum to 10^8 exhausts the heap), so only small, loop-free expressions are ever evaluated by it.
import type { ComputeEngine } from '@cortex-js/compute-engine' with { 'resolution-mode': 'import' };
import type { Node } from './ast';
import { sym } from './ast';
import { parseDecimal } from './rational';
import { spend } from './work';

type Json = unknown;

/** Work units charged for one call into the CAS (a few milliseconds at most on inputs this small). */
const CAS_CALL = 20_000;

let engine: ComputeEngine | null = null;

/** Loaded on first use (see cas-engine.mjs): most grades never reach the CAS. */
function ce(): ComputeEngine {
  if (!engine) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('./cas-engine.mjs') as { createEngine: () => ComputeEngine };
    engine = mod.createEngine();
  }
  return engine;
}

/** Parses LaTeX with the CAS (syntax only, nothing evaluated) into our tree; null when it cannot. */
export function casParse(latex: string): Node | null {
  if (latex.length > 600) return null;
  // The CAS's own work is not counted step by step: bounded by the input size, charged as a flat cost.
  spend(CAS_CALL);
  try {
    return fromJson(ce().parse(latex, { canonical: false }).json, 0);
  } catch {
    return null;
  }
}

/** True when the CAS proves the two equal; undefined otherwise (it never says "different" for us). */
export function casEqual(a: string, b: string): true | undefined {
  if (a.length > 200 || b.length > 200) return undefined;
  spend(CAS_CALL);
  try {
    const x = ce().parse(a, { canonical: false }).json;
    const y = ce().parse(b, { canonical: false }).json;
    const budget = { nodes: 0 };
    if (!safe(x, 0, budget) || !safe(y, 0, budget)) return undefined;
    return ce().box(x as never).isEqual(ce().box(y as never)) === true ? true : undefined;
  } catch {
    return undefined;
  }
}

const SAFE_HEADS = new Set(['Add', 'Subtract', 'Negate', 'Multiply', 'Divide', 'Rational', 'Power', 'Sqrt', 'Root',
  'Square', 'Exp', 'Ln', 'Log', 'Sin', 'Cos', 'Tan', 'Sec', 'Csc', 'Cot', 'Sinh', 'Cosh', 'Tanh', 'Arcsin', 'Arccos',
  'Arctan', 'Abs', 'Delimiter', 'InvisibleOperator', 'Sequence', 'Half']);

function safe(j: Json, depth: number, budget: { nodes: number }): boolean {
  if (++budget.nodes > 200 || depth > 16) return false;
  if (typeof j === 'number') return Math.abs(j) <= 1e6;
  if (typeof j === 'string') return true;
  if (j && typeof j === 'object' && !Array.isArray(j)) {
    const num = (j as { num?: string }).num;
    return typeof num === 'string' && num.length <= 10;
  }
  if (!Array.isArray(j) || typeof j[0] !== 'string' || !SAFE_HEADS.has(j[0])) return false;
  if (j[0] === 'Power' && !smallExponent(j[2])) return false;
  return j.slice(1).every((x) => safe(x, depth + 1, budget));
}

const CONSTANT_SYMBOLS = new Set(['Pi', 'ExponentialE', 'ImaginaryUnit', 'Half']);

/**
 * An exponent the CAS may work with: a number up to 64 (or a fraction or negation of such), or an expression in
 * a variable. A constant tower such as 2^{2^{2^{2^{2^{3}}}}} is refused: the CAS compares it in floating point,
 * where it is the same Infinity as its neighbours.
 */
function smallExponent(j: Json): boolean {
  const small = (x: Json) => typeof x === 'number' && Math.abs(x) <= 64;
  if (small(j)) return true;
  if (j && typeof j === 'object' && !Array.isArray(j)) {
    const num = (j as { num?: string }).num;
    return typeof num === 'string' && num.length <= 10 && Math.abs(Number(num)) <= 64;
  }
  if (Array.isArray(j) && (j[0] === 'Negate' || j[0] === 'Delimiter') && j.length === 2) return smallExponent(j[1] as Json);
  if (Array.isArray(j) && (j[0] === 'Rational' || j[0] === 'Divide') && j.length === 3) return small(j[1] as Json) && small(j[2] as Json);
  return hasVariable(j);
}

function hasVariable(j: Json): boolean {
  if (typeof j === 'string') return !CONSTANT_SYMBOLS.has(j) && !j.startsWith('\'');
  return Array.isArray(j) && j.slice(1).some((x) => hasVariable(x as Json));
}

const FN: Record<string, string> = {
  Sqrt: 'sqrt', Exp: 'exp', Ln: 'ln', Sin: 'sin', Cos: 'cos', Tan: 'tan', Sec: 'sec', Csc: 'csc', Cot: 'cot',
  Sinh: 'sinh', Cosh: 'cosh', Tanh: 'tanh', Arcsin: 'asin', Arccos: 'acos', Arctan: 'atan', Abs: 'abs', Floor: 'floor',
  Ceil: 'ceil', Factorial: 'fact', Binomial: 'binom', Max: 'max', Min: 'min', GCD: 'gcd', LCM: 'lcm', Root: 'root',
};
const REL: Record<string, '=' | '<' | '<=' | '>' | '>=' | '!=' | 'in'> = {
  Equal: '=', Less: '<', LessEqual: '<=', Greater: '>', GreaterEqual: '>=', NotEqual: '!=', Element: 'in',
};

class Unsupported extends Error {}

function fromJson(j: Json, depth: number): Node {
  if (depth > 64) throw new Unsupported('deep');
  if (typeof j === 'number') return num(String(j));
  if (typeof j === 'string') return fromSymbol(j);
  if (!Array.isArray(j)) {
    const n = (j as { num?: string } | null)?.num;
    if (typeof n === 'string') return num(n);
    throw new Unsupported('object');
  }
  const [head, ...rest] = j as [string, ...Json[]];
  const args = () => rest.map((x) => fromJson(x, depth + 1));
  switch (head) {
    case 'Add': return { k: 'add', args: args() };
    case 'Subtract': { const [a, b] = args(); return { k: 'add', args: [a, { k: 'neg', arg: b }] }; }
    case 'Negate': return { k: 'neg', arg: args()[0] };
    case 'Multiply': case 'InvisibleOperator': return { k: 'mul', args: args() };
    case 'Divide': case 'Rational': { const [a, b] = args(); return { k: 'div', num: a, den: b }; }
    case 'Power': { const [a, b] = args(); return { k: 'pow', base: a, exp: b }; }
    case 'Square': return { k: 'pow', base: args()[0], exp: num('2') };
    case 'Log': {
      const a = args();
      return a.length === 2 ? { k: 'fn', name: 'logb', args: a } : { k: 'fn', name: 'log10', args: a };
    }
    case 'Delimiter': {
      const a = args();
      if (a.length === 1 && a[0].k !== 'list') return a[0];
      return { k: 'tuple', items: a.length === 1 && a[0].k === 'list' ? a[0].items : a, open: '(', close: ')' };
    }
    case 'Sequence': return { k: 'list', items: args() };
    case 'Tuple': case 'Pair': case 'Triple': return { k: 'tuple', items: args(), open: '(', close: ')' };
    case 'List': return { k: 'list', items: args() };
    case 'Set': return { k: 'set', items: args() };
    case 'Union': return { k: 'union', items: args() };
    case 'Hold': return args()[0];
    case 'Error': case 'LatexString': throw new Unsupported('error');
    case 'Subscript': {
      const [a, b] = args();
      if (a.k === 'sym' && (b.k === 'sym' || b.k === 'num')) return sym(`${a.name}_${b.k === 'sym' ? b.name : b.v.n}`);
      return { k: 'fn', name: `${a.k === 'sym' ? a.name : 'f'}_`, args: [b] };
    }
    default: {
      if (REL[head]) return { k: 'rel', ops: rest.slice(1).map(() => REL[head]), items: args() };
      if (FN[head]) return { k: 'fn', name: FN[head], args: args() };
      // Anything else is an uninterpreted function, evaluated the same way on both sides.
      if (/^[A-Za-z]+$/.test(head)) return { k: 'fn', name: head, args: args() };
      throw new Unsupported(head);
    }
  }
}

function fromSymbol(s: string): Node {
  switch (s) {
    case 'Pi': return sym('pi');
    case 'ExponentialE': return sym('e');
    case 'ImaginaryUnit': return sym('i');
    case 'PositiveInfinity': case 'ComplexInfinity': return sym('inf');
    case 'NegativeInfinity': return { k: 'neg', arg: sym('inf') };
    case 'Half': return { k: 'div', num: num('1'), den: num('2') };
    case 'Nothing': throw new Unsupported('nothing');
    default:
      if (s.startsWith('\'')) return { k: 'text', s: s.slice(1, -1) };
      return sym(s);
  }
}

function num(s: string): Node {
  const v = parseDecimal(s);
  if (!v) throw new Unsupported(`number ${s}`);
  return { k: 'num', v, float: /[.eE]/.test(s) };
}
