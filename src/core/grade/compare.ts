// Equivalence of a gold tree with a predicted tree. Structure first (tuples, sets, intervals, relations,
// matrices), then numbers exactly, then a random-point numeric probe for symbolic expressions. A float that
// overflowed or underflowed decides nothing: such comparisons are "undecided" (o.lost is set), never equal.
// The gold side is privileged as in Math-Verify: a gold inequality accepts a predicted interval, a gold
// assignment "x = 5" accepts "5", but a gold interval does not accept a predicted inequality.
import type { Node, RelOp } from './ast';
import { CONSTANTS, children, freeSymbols, hasFloat, some } from './ast';
import { C } from './complex';
import { Unevaluable, evalNum, exactValue, isMat, type EvalEnv, type Val } from './numeric-eval';
import * as R from './rational';
import { spend } from './work';

export interface CompareOptions {
  /** Decimal places kept when a decimal literal is involved (Math-Verify's float_rounding). */
  precision: number;
  /** Variable names must match (f(x) is not f(y)). */
  strict: boolean;
  /** Let a gold set or interval accept a predicted inequality too. */
  allowSetRelation: boolean;
  /** Set by the comparison when a value left the range of doubles: an undefined verdict is then final. */
  lost?: boolean;
}

/** Tri-state: undefined means "cannot tell" (a caller may ask a CAS). */
export type Verdict = boolean | undefined;

export function equivalent(gold: Node, pred: Node, o: CompareOptions): Verdict {
  return eq(prepare(gold), prepare(pred), o);
}

// ---------- answer-level rewriting ----------

/** Relation chains as answers: "x = 5+5+1 = 11" means 11, "x \approx 11" means 11, "1/3 \approx 0.33" means 1/3. */
export function collapseRel(n: Node): Node {
  if (n.k !== 'rel') return n;
  const j = n.ops.indexOf('~');
  if (j === 0) {
    if (isVariableLike(n.items[0]) && n.items.length > 1) {
      return collapseRel(n.items.length === 2 ? n.items[1] : { k: 'rel', ops: n.ops.slice(1), items: n.items.slice(1) });
    }
    return n.items[0];
  }
  if (j > 0) return collapseRel({ k: 'rel', ops: n.ops.slice(0, j), items: n.items.slice(0, j + 1) });
  if (n.ops.length >= 2 && n.ops.every((op) => op === '=')) return n.items[n.items.length - 1];
  return n;
}

function isVariableLike(n: Node): boolean {
  return (n.k === 'sym' && !CONSTANTS.has(n.name)) || (n.k === 'fn' && /_$/.test(n.name)) || n.k === 'text';
}

function prepare(n: Node): Node {
  n = collapseRel(n);
  if (n.k === 'list' || n.k === 'set') {
    const items = n.items.flatMap((x) => expandPm(collapseRel(x)));
    if (n.k === 'list' && items.length === 1) return items[0];
    return { ...n, items };
  }
  const variants = expandPm(n);
  return variants.length > 1 ? { k: 'set', items: variants } : variants[0];
}

/** a ± b becomes the two answers a + b and a - b (limited to 16 variants). */
export function expandPm(n: Node): Node[] {
  if (!some(n, (x) => x.k === 'pm')) return [n];
  const out = expand(n);
  return out.length > 16 ? [n] : out;
}

function expand(n: Node): Node[] {
  spend(1);
  switch (n.k) {
    case 'pm': {
      const rights = expand(n.right);
      const lefts = n.left ? expand(n.left) : [null];
      const res: Node[] = [];
      for (const sign of n.minusFirst ? [-1, 1] : [1, -1]) {
        for (const l of lefts) for (const r of rights) {
          const term: Node = sign > 0 ? r : { k: 'neg', arg: r };
          res.push(l ? { k: 'add', args: [l, term] } : term);
        }
      }
      return res.slice(0, 32);
    }
    case 'add': case 'mul': {
      let acc: Node[][] = [[]];
      for (const a of n.args) {
        const vs = expand(a);
        acc = acc.flatMap((prefix) => vs.map((v) => [...prefix, v])).slice(0, 32);
      }
      return acc.map((args) => ({ k: n.k, args }) as Node);
    }
    case 'neg': return expand(n.arg).map((arg) => ({ k: 'neg', arg }));
    case 'div': return cross(expand(n.num), expand(n.den)).map(([num, den]) => ({ k: 'div', num, den }));
    case 'pow': return cross(expand(n.base), expand(n.exp)).map(([base, exp]) => ({ k: 'pow', base, exp }));
    case 'rel': {
      if (n.items.length !== 2) return [n];
      return cross(expand(n.items[0]), expand(n.items[1])).map(([a, b]) => ({ k: 'rel', ops: n.ops, items: [a, b] }));
    }
    case 'fn': {
      if (n.args.length !== 1) return [n];
      return expand(n.args[0]).map((a) => ({ k: 'fn', name: n.name, args: [a] }));
    }
    default: return [n];
  }
}

function cross<A, B>(as: A[], bs: B[]): Array<[A, B]> {
  const out: Array<[A, B]> = [];
  for (const a of as) for (const b of bs) out.push([a, b]);
  return out.slice(0, 32);
}

// ---------- dispatch ----------

function eq(g: Node, p: Node, o: CompareOptions): Verdict {
  spend(1);
  if (canon(g) === canon(p)) return true;
  if (g.k === 'rel' || p.k === 'rel') return relEq(g, p, o);
  const gc = isColl(g);
  const pc = isColl(p);
  if (gc || pc) return collEq(g, p, o);
  return scalarEq(g, p, o);
}

const isColl = (n: Node) => n.k === 'tuple' || n.k === 'set' || n.k === 'list' || n.k === 'union' || n.k === 'inter'
  || n.k === 'minus' || n.k === 'matrix' && !n.det || n.k === 'ratio' || (n.k === 'sym' && n.name === 'Reals');

const isSetLike = (n: Node) => n.k === 'union' || n.k === 'inter' || n.k === 'minus' || (n.k === 'sym' && n.name === 'Reals')
  || (n.k === 'tuple' && n.items.length === 2) || n.k === 'set';

// ---------- relations ----------

type Rel = Extract<Node, { k: 'rel' }>;
// Plain booleans, not type guards: a false answer does not mean "not a relation".
const isEquation = (n: Node): boolean => n.k === 'rel' && n.ops.length === 1 && n.ops[0] === '=';
const INEQ = new Set<RelOp>(['<', '>', '<=', '>=', '!=']);
const isInequality = (n: Node): boolean => n.k === 'rel' && n.ops.every((op) => INEQ.has(op));
const isMembership = (n: Node): boolean => n.k === 'rel' && n.ops.length === 1 && n.ops[0] === 'in';

/** "x = 5", "(p,q) = (3,2)", "|AB| = 1": the left side names the answer, it holds no number. */
export function isAssignment(n: Node): boolean {
  return isEquation(n) && !some((n as Rel).items[0], (x) => x.k === 'num' || x.k === 'based');
}

function relEq(g: Node, p: Node, o: CompareOptions): Verdict {
  const gr = g as Rel;
  const pr = p as Rel;
  if (isEquation(g) && isEquation(p)) {
    if (eq(gr.items[0], pr.items[0], o) === true && eq(gr.items[1], pr.items[1], o) === true) return true;
    if (isColl(gr.items[1]) || isColl(pr.items[1])) {
      return isAssignment(g) && isAssignment(p) ? eq(gr.items[1], pr.items[1], o) : false;
    }
    return probe(difference(gr), difference(pr), o, 'prop');
  }
  if (isEquation(g) && p.k !== 'rel') return isAssignment(g) ? eq(gr.items[1], p, o) : false;
  if (isEquation(p) && g.k !== 'rel') return eq(g, pr.items[1], o);
  if (isInequality(g)) {
    if (isInequality(p)) return inequalityEq(gr, pr, o);
    if (isMembership(p)) return setRelationEq(gr, pr.items[1], o, pr.items[0]);
    if (p.k !== 'rel' && isSetLike(p)) return setRelationEq(gr, p, o);
    return false;
  }
  if (isMembership(g)) {
    if (isMembership(p)) return (eq(gr.items[0], pr.items[0], o) === true || !o.strict) ? eq(gr.items[1], pr.items[1], o) : false;
    if (p.k !== 'rel') return eq(gr.items[1], p, o);
    if (isInequality(p) && o.allowSetRelation) return setRelationEq(pr, gr.items[1], o, gr.items[0]);
    return false;
  }
  if (isMembership(p) && g.k !== 'rel') return eq(g, pr.items[1], o);
  if (isInequality(p) && g.k !== 'rel' && isSetLike(g)) return o.allowSetRelation ? setRelationEq(pr, g, o) : false;
  if (g.k === 'rel' && p.k === 'rel' && g.ops.join() === p.ops.join() && g.items.length === p.items.length) {
    return g.items.every((x, k) => eq(x, p.items[k], o) === true);
  }
  return false;
}

function difference(r: Rel): Node {
  return { k: 'add', args: [r.items[0], { k: 'neg', arg: r.items[1] }] };
}

const FLIP: Partial<Record<RelOp, RelOp>> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=' };

function inequalityEq(g: Rel, p: Rel, o: CompareOptions): Verdict {
  const gv = freeSymbols(g);
  const pv = freeSymbols(p);
  if (gv.size === 1 && pv.size === 1) {
    const [a] = gv;
    const [b] = pv;
    if (a !== b && o.strict) return false;
    return membershipAgree((t) => relHolds(g, a, t, o), (t) => relHolds(p, b, t, o), [...constantsOf(g, o), ...constantsOf(p, o)]);
  }
  // Several variables: compare relation by relation after orienting both the same way.
  const go = orient(g);
  const po = orient(p);
  if (go.ops.join() !== po.ops.join()) return false;
  if (go.ops.length === 1) {
    const mode = go.ops[0] === '!=' ? 'prop' : 'propPos';
    return probe(difference(go), difference(po), o, mode);
  }
  return go.items.every((x, k) => eq(x, po.items[k], o) === true);
}

/** Rewrites a chain so its operators are < or <= (or !=). */
function orient(r: Rel): Rel {
  if (r.ops.every((op) => op === '>' || op === '>=' || op === '!=') && r.ops.some((op) => op !== '!=')) {
    return { k: 'rel', ops: [...r.ops].reverse().map((op) => FLIP[op] ?? op), items: [...r.items].reverse() };
  }
  return r;
}

function relHolds(r: Rel, v: string, t: number, o: CompareOptions): boolean | undefined {
  const env: EvalEnv = { vars: new Map([[v, new C(t)]]), steps: 0 };
  const vals: number[] = [];
  for (const item of r.items) {
    const x = evalNum(item, env);
    if (env.lost) { o.lost = true; return undefined; }
    if (isMat(x) || !x.isReal || Number.isNaN(x.re)) return undefined;
    vals.push(x.re);
  }
  return r.ops.every((op, k) => cmp(vals[k], vals[k + 1], op));
}

function cmp(a: number, b: number, op: RelOp): boolean {
  const tol = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  switch (op) {
    case '<': return a < b - tol;
    case '>': return a > b + tol;
    case '<=': return a <= b + tol;
    case '>=': return a >= b - tol;
    case '!=': return Math.abs(a - b) > tol;
    default: return Math.abs(a - b) <= tol;
  }
}

/** A gold relation in one variable against a predicted set: they must agree on which numbers belong. */
function setRelationEq(rel: Rel, set: Node, o: CompareOptions, setVar?: Node): Verdict {
  const vars = freeSymbols(rel);
  if (vars.size === 1) {
    const [v] = vars;
    if (setVar && setVar.k === 'sym' && setVar.name !== v && o.strict) return false;
    return membershipAgree((t) => relHolds(rel, v, t, o), (t) => setContains(set, t, o), [...constantsOf(rel, o), ...constantsOf(set, o)]);
  }
  // "0 < f(x) < 1" against "(0, 1)": read the chain as an interval over its middle expression.
  const iv = chainInterval(rel);
  if (!iv) return false;
  return membershipAgree((t) => setContains(iv, t, o), (t) => setContains(set, t, o), [...constantsOf(iv, o), ...constantsOf(set, o)]);
}

function chainInterval(r: Rel): Node | null {
  const c = orient(r);
  const inf: Node = { k: 'sym', name: 'inf' };
  const ninf: Node = { k: 'neg', arg: inf };
  const isConst = (n: Node) => freeSymbols(n).size === 0;
  if (c.ops.length === 2 && c.ops.every((op) => op === '<' || op === '<=') && isConst(c.items[0]) && isConst(c.items[2])) {
    return { k: 'tuple', items: [c.items[0], c.items[2]], open: c.ops[0] === '<' ? '(' : '[', close: c.ops[1] === '<' ? ')' : ']' };
  }
  if (c.ops.length === 1 && (c.ops[0] === '<' || c.ops[0] === '<=' || c.ops[0] === '>' || c.ops[0] === '>=')) {
    const [a, b] = c.items;
    const strict = c.ops[0] === '<' || c.ops[0] === '>';
    const less = c.ops[0] === '<' || c.ops[0] === '<=';
    // E < b  or  a < E
    if (isConst(b) && !isConst(a)) return less ? iv(ninf, b, true, strict) : iv(b, inf, strict, true);
    if (isConst(a) && !isConst(b)) return less ? iv(a, inf, strict, true) : iv(ninf, a, true, strict);
  }
  return null;
}

function iv(lo: Node, hi: Node, loOpen: boolean, hiOpen: boolean): Node {
  return { k: 'tuple', items: [lo, hi], open: loOpen ? '(' : '[', close: hiOpen ? ')' : ']' };
}

/** The real value of a constant tree; undefined when it has none, or none a double can hold (o.lost is then set). */
function constValue(n: Node, o: CompareOptions): number | undefined {
  try {
    const env: EvalEnv = { vars: new Map(), steps: 0 };
    const v = evalNum(n, env);
    if (env.lost) { o.lost = true; return undefined; }
    return !isMat(v) && v.isReal ? v.re : undefined;
  } catch (e) {
    if (e instanceof Unevaluable) return undefined;
    throw e;
  }
}

/** Membership of t in a set-valued tree; undefined when the tree is not a set of reals. */
function setContains(s: Node, t: number, o: CompareOptions): boolean | undefined {
  switch (s.k) {
    case 'sym': return s.name === 'Reals' ? true : undefined;
    case 'tuple': {
      if (s.items.length !== 2) return undefined;
      const lo = constValue(s.items[0], o);
      const hi = constValue(s.items[1], o);
      if (lo === undefined || hi === undefined) return undefined;
      const tol = 1e-9 * Math.max(1, Math.abs(t));
      const aboveLo = s.open === '[' ? t >= lo - tol : t > lo + tol;
      const belowHi = s.close === ']' ? t <= hi + tol : t < hi - tol;
      return aboveLo && belowHi;
    }
    case 'set': case 'list': {
      let any = false;
      for (const x of s.items) {
        if (x.k === 'tuple' || x.k === 'union') { const r = setContains(x, t, o); if (r === undefined) return undefined; any ||= r; continue; }
        const v = constValue(x, o);
        if (v === undefined) return undefined;
        if (Math.abs(v - t) <= 1e-9 * Math.max(1, Math.abs(t))) any = true;
      }
      return any;
    }
    case 'union': case 'inter': {
      const rs = s.items.map((x) => setContains(x, t, o));
      if (rs.some((r) => r === undefined)) return undefined;
      return s.k === 'union' ? rs.some(Boolean) : rs.every(Boolean);
    }
    case 'minus': {
      const a = setContains(s.a, t, o);
      const b = setContains(s.b, t, o);
      return a === undefined || b === undefined ? undefined : a && !b;
    }
    case 'rel': {
      const vars = freeSymbols(s);
      if (vars.size !== 1 || !isInequality(s)) return undefined;
      return relHolds(s, [...vars][0], t, o);
    }
    default: return undefined;
  }
}

function constantsOf(n: Node, o: CompareOptions): number[] {
  const out: number[] = [];
  const visit = (x: Node) => {
    spend(1);
    if (x.k === 'num') out.push(R.toNumber(x.v));
    else if (x.k === 'div' || x.k === 'fn' || x.k === 'pow') {
      const v = constValue(x, o);
      if (v !== undefined && freeSymbols(x).size === 0) { out.push(v); return; }
    }
    for (const c of children(x)) visit(c);
  };
  visit(n);
  return out;
}

function membershipAgree(a: (t: number) => boolean | undefined, b: (t: number) => boolean | undefined, consts: number[]): Verdict {
  const base = new Set<number>([0, 1, -1, 0.5, -0.5, 1e6, -1e6, 3.7, -3.7, 12.3, -12.3, 101.1, -101.1]);
  for (const c of consts.slice(0, 40)) {
    if (!Number.isFinite(c)) continue;
    for (const x of [c, -c]) {
      const eps = 1e-6 * Math.max(1, Math.abs(x));
      base.add(x); base.add(x - eps); base.add(x + eps); base.add(x + 0.37); base.add(x - 0.37);
    }
  }
  const sorted = [...base].sort((x, y) => x - y);
  for (let k = 0; k + 1 < sorted.length && k < 200; k++) base.add((sorted[k] + sorted[k + 1]) / 2);
  let informative = 0;
  for (const t of base) {
    spend(1);
    let ra: boolean | undefined;
    let rb: boolean | undefined;
    try { ra = a(t); rb = b(t); } catch (e) { if (e instanceof Unevaluable) return undefined; throw e; }
    if (ra === undefined || rb === undefined) continue;
    if (ra !== rb) return false;
    informative++;
  }
  return informative >= 3 ? true : undefined;
}

// ---------- collections ----------

function collEq(g: Node, p: Node, o: CompareOptions): Verdict {
  // A one-element list is its element.
  if ((g.k === 'list' || g.k === 'set') && g.items.length === 1 && !isColl(p)) return eq(g.items[0], p, o);
  if ((p.k === 'list' || p.k === 'set') && p.items.length === 1 && !isColl(g)) return eq(g, p.items[0], o);
  // Several boxes giving the same value in different forms ("15\frac{39}{40} or \frac{639}{40}").
  if (p.k === 'list' && !isColl(g) && g.k !== 'rel') return p.items.every((x) => eq(g, itemOf(x), o) === true);
  if (g.k === 'matrix' || p.k === 'matrix') return matrixEq(g, p, o);
  if (g.k === 'ratio' || p.k === 'ratio') return g.k === 'ratio' && p.k === 'ratio' ? ratioEq(g.items, p.items, o) : false;
  const setOps = (n: Node) => n.k === 'union' || n.k === 'inter' || n.k === 'minus' || (n.k === 'sym' && n.name === 'Reals');
  if (setOps(g) || setOps(p)) {
    if (g.k === 'union' && p.k === 'union' && g.items.length === p.items.length && unorderedEq(g.items, p.items, o) === true) return true;
    if (!isSetLike(g) || !isSetLike(p)) return false;
    return membershipAgree((t) => setContains(g, t, o), (t) => setContains(p, t, o), [...constantsOf(g, o), ...constantsOf(p, o)]);
  }
  if (g.k === 'tuple' && p.k === 'tuple') {
    if (g.items.length !== p.items.length) return false;
    // Two elements: a point or an interval, so the brackets matter. Longer tuples are vectors.
    if (g.items.length === 2 && (g.open !== p.open || g.close !== p.close)) return false;
    return orderedEq(g.items, p.items, o);
  }
  if (g.k === 'tuple' || p.k === 'tuple') {
    const t = (g.k === 'tuple' ? g : p) as Extract<Node, { k: 'tuple' }>;
    const other = g.k === 'tuple' ? p : g;
    if ((other.k === 'list' || other.k === 'set') && t.open === '(' && t.close === ')') {
      return g.k === 'tuple' ? orderedEq(t.items, other.items, o) : orderedEq(other.items, t.items, o);
    }
    return false;
  }
  if ((g.k === 'list' || g.k === 'set') && (p.k === 'list' || p.k === 'set')) return unorderedEq(g.items, p.items, o);
  return false;
}

function orderedEq(a: Node[], b: Node[], o: CompareOptions): Verdict {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (eq(itemOf(a[k]), itemOf(b[k]), o) !== true) return false;
  return true;
}

/** Inside a list, "x = 5" stands for 5. */
function itemOf(n: Node): Node {
  return isAssignment(n) && n.k === 'rel' ? n.items[1] : n;
}

/** Set equality: duplicates collapse, order does not matter. */
function unorderedEq(a: Node[], b: Node[], o: CompareOptions): Verdict {
  const as = a.map(itemOf);
  const bs = b.map(itemOf);
  if (as.length > 64 || bs.length > 64) return orderedEq(as, bs, o);
  const covered = (xs: Node[], ys: Node[], swap: boolean) =>
    xs.every((x) => ys.some((y) => (swap ? eq(y, x, o) : eq(x, y, o)) === true));
  return covered(as, bs, false) && covered(bs, as, true);
}

function ratioEq(a: Node[], b: Node[], o: CompareOptions): Verdict {
  if (a.length !== b.length) return false;
  if (orderedEq(a, b, o) === true) return true;
  if (a.length !== 2) return false;
  // 7:32 = 14:64, but only for nonzero parts (12:00 is not 1:00).
  const vals = [...a, ...b].map((x) => constValue(x, o));
  if (vals.some((v) => v === undefined || v === 0)) return false;
  const [x, y, u, w] = vals as number[];
  return Math.abs(x * w - y * u) <= 1e-9 * Math.max(1, Math.abs(x * w));
}

function matrixEq(g: Node, p: Node, o: CompareOptions): Verdict {
  const cells = (n: Node): Node[][] | null => {
    if (n.k === 'matrix' && !n.det) return n.rows;
    if (n.k === 'tuple' && n.items.length >= 2) return n.items.map((x) => [x]);
    return null;
  };
  const a = cells(g);
  const b = cells(p);
  if (a && b) {
    const flat = (m: Node[][]) => (m.length === 1 ? m[0].map((x) => [x]) : m);
    const fa = flat(a);
    const fb = flat(b);
    if (fa.length !== fb.length || fa[0].length !== fb[0].length) return false;
    return fa.every((row, i) => row.every((x, j) => eq(x, fb[i][j], o) === true));
  }
  // Matrix arithmetic on one side ("A + B", "A B"): compare the evaluated matrices.
  return probe(g, p, o, 'eq');
}

// ---------- scalars ----------

function scalarEq(g: Node, p: Node, o: CompareOptions): Verdict {
  if (g.k === 'text' || p.k === 'text') {
    const a = textOf(g);
    const b = textOf(p);
    return a !== null && b !== null && a !== '' && a === b;
  }
  if (g.k === 'pct' || p.k === 'pct') {
    // 28% matches 28 and 0.28.
    const alts = (n: Node): Node[] => (n.k === 'pct' ? [n.arg, { k: 'div', num: n.arg, den: { k: 'num', v: { n: 100n, d: 1n }, float: false } }] : [n]);
    let unknown = false;
    for (const a of alts(g)) for (const b of alts(p)) {
      const r = scalarEq(a, b, o);
      if (r === true) return true;
      if (r === undefined) unknown = true;
    }
    return unknown ? undefined : false;
  }
  if (g.k === 'based' || p.k === 'based') return basedEq(g, p);
  const a = exactValue(g);
  const b = a && exactValue(p);
  if (a && b) {
    if (!hasFloat(g) && !hasFloat(p)) return R.eq(a, b);
    return closeExact(a, b, o);
  }
  return probe(g, p, o, 'eq');
}

function textOf(n: Node): string | null {
  if (n.k === 'text') return normText(n.s);
  if (n.k === 'sym') return normText(n.name);
  if (n.k === 'mul' && n.args.every((x) => x.k === 'sym')) return normText(n.args.map((x) => (x as { name: string }).name).join(''));
  return null;
}

export function normText(s: string): string {
  return s.toLowerCase().replace(/\\text\{|[{}\s().,:;!?'"*\\]/g, '');
}

function basedEq(g: Node, p: Node): boolean {
  const digits = (n: Node): { d: string; base: number | null } | null => {
    if (n.k === 'based') return { d: n.digits.toLowerCase(), base: n.base };
    if (n.k === 'num' && !n.float && n.v.d === 1n && n.v.n >= 0n) return { d: n.v.n.toString(), base: null };
    return null;
  };
  const a = digits(g);
  const b = digits(p);
  if (!a || !b) return false;
  // 204_5 matches 204_5 and a bare 204 (the digits the question asked for), not the decimal value 54.
  if (a.base !== null && b.base !== null) return a.base === b.base && a.d === b.d;
  return a.d === b.d;
}

/** Numbers agree: exactly up to float noise, or to `precision` decimal places when a decimal literal is involved. */
function close(x: number, y: number, floatMode: boolean, precision: number): boolean {
  if (x === y) return true;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  const scale = Math.max(Math.abs(x), Math.abs(y));
  if (floatMode) return Math.abs(x - y) <= Math.max(0.5 * 10 ** -precision * (1 + 1e-9), 1e-12 * scale);
  return Math.abs(x - y) <= 1e-9 * scale + 1e-12;
}

/**
 * close() in float mode, on the exact values: a double would turn 1.5e400 and 1.6e400 into the same Infinity.
 * Undefined (and o.lost) when the arithmetic itself grows past the rational size bound.
 */
function closeExact(a: R.Rational, b: R.Rational, o: CompareOptions): Verdict {
  const diff = R.sub(a, b);
  const abs = (x: R.Rational) => (x.n < 0n ? R.neg(x) : x);
  // |a - b| <= 0.5 * 10^-precision * (1 + 1e-9)  or  |a - b| <= 1e-12 * max(|a|, |b|)
  const places = Number.isInteger(o.precision) ? Math.min(Math.max(o.precision, 0), 300) : 6;
  const half = R.rat(5n * (10n ** 9n + 1n), 10n ** BigInt(places + 10));
  if (!diff || !half) { o.lost = true; return undefined; }
  const le = (x: R.Rational, y: R.Rational) => x.n * y.d <= y.n * x.d;
  const d = abs(diff);
  const rel = R.mul(le(abs(a), abs(b)) ? abs(b) : abs(a), { n: 1n, d: 10n ** 12n });
  if (!rel) { o.lost = true; return undefined; }
  return le(d, half) || le(d, rel);
}

const closeC = (a: C, b: C, floatMode: boolean, p: number) => close(a.re, b.re, floatMode, p) && close(a.im, b.im, floatMode, p);

// ---------- numeric probe ----------

/** Deterministic sample points so a grade never changes between runs. */
const POS = [0.7311, 1.2917, 2.1453, 0.4389, 1.7723, 2.5631];
const MIXED = [-0.8237, 1.3391, -1.9123, 0.6173, -2.2711, 1.1119];

type ProbeMode = 'eq' | 'prop' | 'propPos';

/**
 * Evaluates both trees at sample points. Positive points must agree; at mixed-sign points only real
 * disagreements count (a branch cut sends one side complex, e.g. \sqrt[3]{x^2} vs x^{2/3} at x < 0).
 * 'prop' checks that the two are proportional (equations), 'propPos' positively so (inequalities).
 */
function probe(g: Node, p: Node, o: CompareOptions, mode: ProbeMode): Verdict {
  const gv = freeSymbols(g);
  const pv = freeSymbols(p);
  let rename: Map<string, string> | null = null;
  if (!o.strict && gv.size === pv.size && gv.size > 0 && [...gv].some((v) => !pv.has(v))) {
    const gs = [...gv].sort();
    const ps = [...pv].sort();
    rename = new Map(ps.map((v, k) => [v, gs[k]]));
  }
  const vars = [...new Set([...gv, ...(rename ? [] : pv)])];
  const floatMode = hasFloat(g) || hasFloat(p);
  const nPoints = vars.length === 0 ? 1 : POS.length + MIXED.length;
  let agreed = 0;
  let lostPoints = 0;
  let ratio: C | null = null;
  for (let k = 0; k < nPoints; k++) {
    spend(1);
    const positive = k < POS.length;
    const vals = new Map<string, C>();
    vars.forEach((v, j) => {
      const seq = positive ? POS : MIXED;
      vals.set(v, new C(seq[(k + 2 * j) % seq.length] + 0.137 * j));
    });
    const penv: Map<string, C> = rename ? new Map([...rename].map(([pn, gn]) => [pn, vals.get(gn) as C])) : vals;
    let a: Val;
    let b: Val;
    const ea: EvalEnv = { vars: vals, steps: 0 };
    const eb: EvalEnv = { vars: penv, steps: 0 };
    try {
      a = evalNum(g, ea);
      b = evalNum(p, eb);
    } catch (e) {
      if (e instanceof Unevaluable) return undefined;
      throw e;
    }
    // A value that overflowed or underflowed on the way is not the expression's value: this point tells nothing.
    if (ea.lost || eb.lost) { lostPoints++; continue; }
    if (isMat(a) || isMat(b)) {
      if (!isMat(a) || !isMat(b) || mode !== 'eq') return false;
      if (a.rows.length !== b.rows.length || a.rows[0].length !== b.rows[0].length) return false;
      if (!a.rows.every((r, i) => r.every((x, j) => closeC(x, b.rows[i][j] as C, floatMode, o.precision)))) return false;
      agreed++;
      continue;
    }
    const informative = positive || vars.length === 0 || (a.isReal && b.isReal);
    if (!a.finite || !b.finite) {
      // Infinite here means \infty itself (overflow was caught above): finite against infinite is a difference.
      if (vars.length === 0 && a.finite !== b.finite && !Number.isNaN(a.re) && !Number.isNaN(b.re)) return false;
      continue;
    }
    if (mode === 'eq') {
      if (closeC(a, b, floatMode, o.precision)) agreed++;
      else if (informative) return false;
      continue;
    }
    // Proportional: a = r b for one constant r != 0.
    const aZero = closeC(a, new C(0), floatMode, o.precision);
    const bZero = closeC(b, new C(0), floatMode, o.precision);
    if (aZero || bZero) {
      if (aZero !== bZero && informative) return false;
      continue;
    }
    const r = new C(...divide(a, b));
    if (ratio === null) {
      if (mode === 'propPos' && !(r.isReal && r.re > 0)) return false;
      ratio = r;
      agreed++;
    } else if (closeC(r, ratio, false, o.precision) || closeC(r, ratio, floatMode, o.precision)) agreed++;
    else if (informative) return false;
  }
  const needed = vars.length === 0 ? 1 : 3;
  if (agreed >= needed) return true;
  if (lostPoints > 0) o.lost = true;
  return undefined;
}

function divide(a: C, b: C): [number, number] {
  const d = b.re * b.re + b.im * b.im;
  return [(a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d];
}

// ---------- canonical form ----------

/** A canonical string: equal strings mean equal answers (sums and products are sorted). */
export function canon(n: Node): string {
  const hit = canonMemo.get(n);
  if (hit !== undefined) return hit;
  spend(1);
  const s = canonOf(n);
  canonMemo.set(n, s);
  return s;
}

/** Trees are immutable once parsed: each node's canonical form is computed once (eq() asks again and again). */
const canonMemo = new WeakMap<Node, string>();

function canonOf(n: Node): string {
  switch (n.k) {
    case 'num': return R.ratToString(n.v);
    case 'based': return `${n.digits}_${n.base}`;
    case 'sym': return n.name;
    case 'text': return `"${normText(n.s)}"`;
    case 'add': return `+(${flat(n, 'add').map(canon).sort().join(',')})`;
    case 'mul': return `*(${flat(n, 'mul').map(canon).sort().join(',')})`;
    case 'neg': return `-(${canon(n.arg)})`;
    case 'div': return `/(${canon(n.num)},${canon(n.den)})`;
    case 'pow': return `^(${canon(n.base)},${canon(n.exp)})`;
    case 'fn': return `${n.name}(${n.args.map(canon).join(',')})`;
    case 'pm': return `pm(${n.left ? canon(n.left) : ''},${canon(n.right)},${n.minusFirst})`;
    case 'pct': return `%(${canon(n.arg)})`;
    case 'tuple': return `${n.open}${n.items.map(canon).join(',')}${n.close}`;
    case 'set': case 'list': return `${n.k}{${n.items.map(canon).sort().join(',')}}`;
    case 'union': case 'inter': return `${n.k}(${n.items.map(canon).sort().join(',')})`;
    case 'minus': return `\\(${canon(n.a)},${canon(n.b)})`;
    case 'rel': return `rel(${n.ops.join(' ')}|${n.items.map(canon).join(',')})`;
    case 'matrix': return `${n.det ? 'det' : 'mat'}[${n.rows.map((r) => r.map(canon).join('&')).join(';')}]`;
    case 'ratio': return `:(${n.items.map(canon).join(',')})`;
    case 'bigop': return `${n.op}(${n.v},${canon(n.lo)},${canon(n.hi)},${canon(n.body)})`;
  }
}

function flat(n: Node, k: 'add' | 'mul'): Node[] {
  if (n.k !== k) return [n];
  return n.args.flatMap((x) => flat(x, k));
}
