// The expression tree the grader compares. One tree type for everything an answer can be: numbers,
// expressions, tuples, intervals, sets, relations, matrices and plain text.
import type { Rational } from './rational';
import { spend } from './work';

export type RelOp = '=' | '<' | '>' | '<=' | '>=' | '!=' | '~' | 'in' | 'notin' | 'subset';

export type Node =
  | { k: 'num'; v: Rational; float: boolean }
  | { k: 'based'; digits: string; base: number }
  | { k: 'sym'; name: string }
  | { k: 'add'; args: Node[] }
  | { k: 'mul'; args: Node[] }
  | { k: 'neg'; arg: Node }
  | { k: 'div'; num: Node; den: Node }
  | { k: 'pow'; base: Node; exp: Node }
  | { k: 'fn'; name: string; args: Node[] }
  /** a ± b (left null for a leading ±): expands to two answers. */
  | { k: 'pm'; left: Node | null; right: Node; minusFirst: boolean }
  | { k: 'pct'; arg: Node }
  | { k: 'text'; s: string }
  /** Any bracketed comma list: a point, a vector written inline, or an interval (a,b], [a,b). */
  | { k: 'tuple'; items: Node[]; open: string; close: string }
  | { k: 'set'; items: Node[] }
  /** A bare comma/semicolon list or answers joined by "and"/"or". */
  | { k: 'list'; items: Node[] }
  | { k: 'union'; items: Node[] }
  | { k: 'inter'; items: Node[] }
  | { k: 'minus'; a: Node; b: Node }
  | { k: 'rel'; ops: RelOp[]; items: Node[] }
  | { k: 'matrix'; rows: Node[][]; det: boolean }
  | { k: 'ratio'; items: Node[] }
  | { k: 'bigop'; op: 'sum' | 'prod'; v: string; lo: Node; hi: Node; body: Node };

export const sym = (name: string): Node => ({ k: 'sym', name });

/** Constants with a fixed value; every other symbol is a free variable. */
export const CONSTANTS = new Set(['pi', 'e', 'i', 'inf', 'Reals']);

export function freeSymbols(n: Node, out = new Set<string>(), bound: ReadonlySet<string> = new Set()): Set<string> {
  spend(1);
  switch (n.k) {
    case 'sym':
      if (!CONSTANTS.has(n.name) && !bound.has(n.name)) out.add(n.name);
      break;
    case 'bigop': {
      freeSymbols(n.lo, out, bound);
      freeSymbols(n.hi, out, bound);
      freeSymbols(n.body, out, new Set([...bound, n.v]));
      break;
    }
    default:
      for (const c of children(n)) freeSymbols(c, out, bound);
  }
  return out;
}

export function children(n: Node): Node[] {
  switch (n.k) {
    case 'add': case 'mul': case 'fn': return n.args;
    case 'tuple': case 'set': case 'list': case 'union': case 'inter': case 'ratio': case 'rel': return n.items;
    case 'neg': case 'pct': return [n.arg];
    case 'div': return [n.num, n.den];
    case 'pow': return [n.base, n.exp];
    case 'pm': return n.left ? [n.left, n.right] : [n.right];
    case 'minus': return [n.a, n.b];
    case 'matrix': return n.rows.flat();
    case 'bigop': return [n.lo, n.hi, n.body];
    default: return [];
  }
}

export function some(n: Node, pred: (x: Node) => boolean): boolean {
  spend(1);
  if (pred(n)) return true;
  for (const c of children(n)) if (some(c, pred)) return true;
  return false;
}

/** True when the tree holds a decimal literal: such answers are compared after rounding, like Math-Verify. */
export const hasFloat = (n: Node) => some(n, (x) => x.k === 'num' && x.float);

export const isCollection = (n: Node) =>
  n.k === 'tuple' || n.k === 'set' || n.k === 'list' || n.k === 'union' || n.k === 'inter' || n.k === 'minus'
  || n.k === 'matrix' || n.k === 'ratio';
