// Recursive-descent parser from cleaned answer text to the expression tree. Precedence, loosest first:
// ';' list, ',' list, relations, set operations, ratio ':', + - ±, * / implicit product, unary, ^, postfix.
import type { Node, RelOp } from './ast';
import { children, sym } from './ast';
import { parseDecimal } from './rational';
import { ParseError, TooLarge, tokenize, type Tok } from './lexer';
import { spend } from './work';

export { ParseError, TooLarge };

/** Longest text parsed: more than any real answer (gold answers are cut to this before parsing). */
export const MAX_SOURCE = 8000;

const FUNCS: Record<string, string> = {
  sin: 'sin', cos: 'cos', tan: 'tan', sec: 'sec', csc: 'csc', cot: 'cot', cosec: 'csc', arcsin: 'asin', arccos: 'acos',
  arctan: 'atan', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', ln: 'ln', log: 'log', lg: 'log10', exp: 'exp', abs: 'abs',
  floor: 'floor', ceil: 'ceil', gcd: 'gcd', lcm: 'lcm', det: 'det', max: 'max', min: 'min', arg: 'arg', Re: 're', Im: 'im',
};
const INVERSE: Record<string, string> = { sin: 'asin', cos: 'acos', tan: 'atan' };
const REL_CMDS: Record<string, RelOp> = {
  le: '<=', ge: '>=', ne: '!=', approx: '~', sim: '~', simeq: '~', cong: '=', equiv: '=', in: 'in', notin: 'notin',
  subset: 'subset', subseteq: 'subset', coloneqq: '=',
};
const MATRIX_ENVS = new Set(['matrix', 'pmatrix', 'bmatrix', 'Bmatrix', 'vmatrix', 'Vmatrix', 'smallmatrix', 'array']);
/** Commands that end an argument of \sin written without parentheses ("\sin b \cos a"). */
const STOP_ARG = new Set(Object.keys(FUNCS));

export function parseAnswer(src: string): Node {
  if (src.length > MAX_SOURCE) throw new TooLarge('answer too long to parse');
  spend(src.length);
  const p = new Parser(tokenize(src));
  const node = p.top();
  if (p.peek().k !== 'eof') throw new ParseError(`unexpected ${p.peek().s || p.peek().k}`);
  // Chains built by loops (a/b/c/..., x^y^z^..., 5!!!..., a±b±c±...) nest without recursion here, but every
  // later walk over the tree recurses: refuse trees deeper than the walks can take.
  if (treeDepth(node) > MAX_TREE_DEPTH) throw new TooLarge('expression nested too deeply');
  return node;
}

const MAX_TREE_DEPTH = 240;

/** Depth of a tree, without recursion (the tree may be deeper than the stack allows). */
function treeDepth(root: Node): number {
  let max = 0;
  const stack: Array<[Node, number]> = [[root, 1]];
  while (stack.length) {
    const [n, d] = stack.pop() as [Node, number];
    spend(1);
    if (d > max) max = d;
    if (max > MAX_TREE_DEPTH) return max;
    for (const c of children(n)) stack.push([c, d + 1]);
  }
  return max;
}

class Parser {
  private i = 0;
  private absDepth = 0;
  private depth = 0;
  constructor(private readonly t: Tok[]) {}

  peek(o = 0): Tok { return this.t[Math.min(this.i + o, this.t.length - 1)]; }
  private next(): Tok { return this.t[Math.min(this.i++, this.t.length - 1)]; }
  private isOp(s: string, o = 0): boolean { const t = this.peek(o); return t.k === 'op' && t.s === s; }
  private isCmd(s: string, o = 0): boolean { const t = this.peek(o); return t.k === 'cmd' && t.s === s; }
  private expectOp(s: string): void {
    if (!this.isOp(s)) throw new ParseError(`expected ${s}`);
    this.i++;
  }

  top(): Node {
    return this.semiList();
  }

  private atListEnd(): boolean {
    const t = this.peek();
    return t.k === 'eof' || (t.k === 'op' && (t.s === ')' || t.s === ']' || t.s === '}' || t.s === '&' || t.s === '\\\\'))
      || (t.k === 'cmd' && t.s === '}') || t.k === 'end';
  }

  private semiList(): Node {
    const items: Node[] = [];
    for (;;) {
      if (!this.isOp(';') && !this.atListEnd()) items.push(this.commaList());
      if (!this.isOp(';')) break;
      this.i++;
    }
    if (items.length === 0) throw new ParseError('empty');
    if (items.length === 1) return items[0];
    // "p=5,q=2; p=7,q=2": each group is one ordered answer.
    return { k: 'list', items: items.map((x) => (x.k === 'list' ? { k: 'tuple', items: x.items, open: '(', close: ')' } : x)) };
  }

  private commaList(): Node {
    const items: Node[] = [];
    for (;;) {
      if (!this.isOp(',') && !this.isOp(';') && !this.atListEnd()) items.push(this.relation());
      if (!this.isOp(',')) break;
      this.i++;
    }
    if (items.length === 0) throw new ParseError('empty');
    return items.length === 1 ? items[0] : { k: 'list', items };
  }

  private relOp(): RelOp | null {
    const t = this.peek();
    if (t.k === 'op') {
      if (t.s === '=' || t.s === '<' || t.s === '>') return t.s;
      if (t.s === ':' && this.isOp('=', 1)) return '=';
      return null;
    }
    if (t.k === 'cmd' && REL_CMDS[t.s]) return REL_CMDS[t.s];
    return null;
  }

  private relation(): Node {
    const items = [this.setOps()];
    const ops: RelOp[] = [];
    for (let op = this.relOp(); op; op = this.relOp()) {
      this.i += this.isOp(':') ? 2 : 1;
      ops.push(op);
      items.push(this.setOps());
    }
    return ops.length ? { k: 'rel', ops, items } : items[0];
  }

  private setOps(): Node {
    let left = this.ratio();
    for (;;) {
      if (this.isCmd('cup')) {
        this.i++;
        const right = this.ratio();
        left = { k: 'union', items: [...(left.k === 'union' ? left.items : [left]), right] };
      } else if (this.isCmd('cap')) {
        this.i++;
        left = { k: 'inter', items: [left, this.ratio()] };
      } else if (this.isCmd('setminus') || (this.isCmd('backslash'))) {
        this.i++;
        left = { k: 'minus', a: left, b: this.ratio() };
      } else return left;
    }
  }

  private ratio(): Node {
    const items = [this.additive()];
    while (this.isOp(':') && !this.isOp('=', 1)) {
      this.i++;
      items.push(this.additive());
    }
    return items.length > 1 ? { k: 'ratio', items } : items[0];
  }

  private additive(): Node {
    let left: Node | null = null;
    if (this.isCmd('pm') || this.isCmd('mp')) {
      const minusFirst = this.next().s === 'mp';
      left = { k: 'pm', left: null, right: this.term(), minusFirst };
    } else left = this.term();
    for (;;) {
      const t = this.peek();
      if (t.k === 'op' && (t.s === '+' || t.s === '-')) {
        this.i++;
        const r = this.term();
        left = addTerm(left, t.s === '-' ? { k: 'neg', arg: r } : r);
      } else if (t.k === 'cmd' && (t.s === 'pm' || t.s === 'mp')) {
        this.i++;
        left = { k: 'pm', left, right: this.term(), minusFirst: t.s === 'mp' };
      } else return left;
    }
  }

  private term(): Node {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if ((t.k === 'op' && t.s === '*') || (t.k === 'cmd' && (t.s === 'cdot' || t.s === 'times' || t.s === 'ast'))) {
        this.i++;
        left = mulTerm(left, this.unary());
      } else if ((t.k === 'op' && t.s === '/') || (t.k === 'cmd' && (t.s === 'div' || t.s === 'over'))) {
        this.i++;
        left = { k: 'div', num: left, den: this.unary() };
      } else if (this.startsFactor()) {
        const right = this.power();
        // A mixed number: 137\frac{1}{2} is 137 + 1/2.
        left = isMixedNumber(left, right) ? { k: 'add', args: [left, right] } : mulTerm(left, right);
      } else return left;
    }
  }

  private startsFactor(): boolean {
    const t = this.peek();
    switch (t.k) {
      case 'num': case 'based': case 'id': case 'begin': case 'text': return true;
      case 'op': return t.s === '(' || t.s === '{' || (t.s === '|' && this.absDepth === 0);
      case 'cmd': return t.s === '{' || !(t.s in REL_CMDS) && !NON_FACTOR_CMDS.has(t.s);
      default: return false;
    }
  }

  private unary(): Node {
    if (this.isOp('-') || this.isOp('+')) {
      // A run of signs nests like brackets do, so it counts toward the same depth limit.
      const minus = this.next().s === '-';
      this.enter();
      try {
        const arg = this.unary();
        return minus ? { k: 'neg', arg } : arg;
      } finally {
        this.depth--;
      }
    }
    return this.power();
  }

  private enter(): void {
    spend(1);
    // Deep nesting is refused rather than risking the stack: no real answer nests this deep.
    if (++this.depth > MAX_DEPTH) throw new TooLarge('expression nested too deeply');
  }

  private power(): Node {
    let base = this.postfix(this.primary());
    while (this.isOp('^')) {
      this.i++;
      const exp = this.script();
      base = this.postfix({ k: 'pow', base, exp });
    }
    return base;
  }

  private postfix(n: Node): Node {
    for (;;) {
      if (this.isOp('!') && !this.isOp('=', 1)) { this.i++; n = { k: 'fn', name: 'fact', args: [n] }; }
      else if (this.isCmd('%')) { this.i++; n = { k: 'pct', arg: n }; }
      else if (this.isOp('\'')) { this.i++; n = { k: 'fn', name: 'prime', args: [n] }; }
      else return n;
    }
  }

  /** Argument of ^ or _: a braced group, or one token as TeX reads it (a whole number here). */
  private script(): Node {
    if (this.isOp('{')) return this.group();
    if (this.isOp('-') || this.isOp('+')) {
      const minus = this.next().s === '-';
      this.enter();
      try {
        const arg = this.script();
        return minus ? { k: 'neg', arg } : arg;
      } finally {
        this.depth--;
      }
    }
    if (this.isOp('(')) return this.primary();
    const t = this.peek();
    if (t.k === 'num' || t.k === 'id') { this.i++; return t.k === 'num' ? numNode(t.s) : this.symbolFromId(t.s); }
    if (t.k === 'cmd') return this.primary();
    throw new ParseError('bad script');
  }

  /** Argument of \frac or \sqrt: a braced group or a single character (\frac34 = 3/4). */
  private macroArg(): Node {
    if (this.isOp('{')) return this.group();
    const t = this.peek();
    if (t.k === 'num' && t.s.length > 1) {
      // Split the first digit off: the rest of the number stays in the stream.
      this.t[this.i] = { k: 'num', s: t.s.slice(1) };
      return numNode(t.s[0]);
    }
    if (t.k === 'num' || t.k === 'id') { this.i++; return t.k === 'num' ? numNode(t.s) : this.symbolFromId(t.s); }
    if (t.k === 'cmd') return this.primary();
    throw new ParseError('bad argument');
  }

  private group(): Node {
    this.expectOp('{');
    if (this.isOp('}')) { this.i++; return { k: 'list', items: [] }; }
    const inner = this.top();
    this.expectOp('}');
    return inner;
  }

  private symbolFromId(s: string): Node {
    if (s === 'pi') return sym('pi');
    if (s === 'inf' || s === 'infty' || s === 'infinity') return sym('inf');
    if (s === 'Reals') return sym('Reals');
    return sym(s);
  }

  private primary(): Node {
    this.enter();
    try {
      return this.primaryInner();
    } finally {
      this.depth--;
    }
  }

  private primaryInner(): Node {
    const t = this.next();
    switch (t.k) {
      case 'num': return numNode(t.s);
      case 'based': return { k: 'based', digits: t.s.replace(/^0+(?=.)/, ''), base: t.base ?? 10 };
      case 'text': return { k: 'text', s: t.s };
      case 'id': {
        if (FUNCS[t.s] || t.s === 'sqrt') return this.func(t.s);
        if (t.s === 'mod') throw new ParseError('mod');
        return this.subscripted(this.symbolFromId(t.s));
      }
      case 'begin': return this.environment(t.s);
      case 'op':
        if (t.s === '(' || t.s === '[') return this.bracket(t.s);
        if (t.s === '{') { this.i--; return this.group(); }
        if (t.s === '|') {
          this.absDepth++;
          const inner = this.additive();
          this.absDepth--;
          this.expectOp('|');
          return { k: 'fn', name: 'abs', args: [inner] };
        }
        throw new ParseError(`unexpected ${t.s}`);
      case 'cmd': return this.command(t.s);
      default: throw new ParseError(`unexpected ${t.k}`);
    }
  }

  private subscripted(base: Node): Node {
    if (!this.isOp('_') || base.k !== 'sym') return base;
    this.i++;
    const sub = this.script();
    const simple = simpleName(sub);
    if (simple !== null) return sym(`${base.name}_${simple}`);
    return { k: 'fn', name: `${base.name}_`, args: [sub] };
  }

  private command(name: string): Node {
    switch (name) {
      case 'frac': {
        const num = this.macroArg();
        return { k: 'div', num, den: this.macroArg() };
      }
      case 'binom': {
        const a = this.macroArg();
        return { k: 'fn', name: 'binom', args: [a, this.macroArg()] };
      }
      case 'sqrt': return this.func('sqrt');
      case 'pi': return sym('pi');
      case 'infty': case 'infin': return sym('inf');
      case 'emptyset': return { k: 'set', items: [] };
      case 'ldots': return sym('...');
      case 'imath': return sym('i');
      case '{': {
        if (this.isCmd('}')) { this.i++; return { k: 'set', items: [] }; }
        const inner = this.top();
        if (!this.isCmd('}')) throw new ParseError('unclosed \\{');
        this.i++;
        return { k: 'set', items: inner.k === 'list' ? inner.items : [inner] };
      }
      case 'lfloor': case 'lceil': {
        const inner = this.additive();
        const close = name === 'lfloor' ? 'rfloor' : 'rceil';
        if (!this.isCmd(close)) throw new ParseError(`missing \\${close}`);
        this.i++;
        return { k: 'fn', name: name === 'lfloor' ? 'floor' : 'ceil', args: [inner] };
      }
      case 'sum': case 'prod': return this.bigop(name);
      case 'angle': case 'triangle': case 'measuredangle': return this.power();
      case '%': throw new ParseError('stray %');
      // Calculus is for the CAS parser, which knows limits, integrals and derivatives.
      case 'lim': case 'int': case 'iint': case 'iiint': case 'oint': case 'partial': case 'nabla':
        throw new ParseError(`\\${name} is left to the CAS`);
      default:
        if (FUNCS[name]) return this.func(name);
        // Greek letters and any other unknown command name a symbol (\zzz, \ell), as a CAS would.
        return this.subscripted(sym(name));
    }
  }

  private bigop(op: 'sum' | 'prod'): Node {
    let v = '';
    let lo: Node | null = null;
    let hi: Node | null = null;
    for (let k = 0; k < 2; k++) {
      if (this.isOp('_')) {
        this.i++;
        const sub = this.script();
        if (sub.k !== 'rel' || sub.ops[0] !== '=' || sub.items[0].k !== 'sym') throw new ParseError('sum index');
        v = sub.items[0].name;
        lo = sub.items[1];
      } else if (this.isOp('^')) {
        this.i++;
        hi = this.script();
      }
    }
    if (!lo || !hi) throw new ParseError('sum bounds');
    const body = this.term();
    return { k: 'bigop', op, v, lo, hi, body };
  }

  private func(name: string): Node {
    let fname = name === 'sqrt' ? 'sqrt' : FUNCS[name];
    let power: Node | null = null;
    let logBase: Node | null = null;
    let rootIndex: Node | null = null;
    if (name === 'sqrt' && this.isOp('[')) {
      this.i++;
      rootIndex = this.additive();
      this.expectOp(']');
    }
    for (let k = 0; k < 2; k++) {
      if (this.isOp('^')) {
        this.i++;
        power = this.script();
      } else if (this.isOp('_') && (fname === 'log')) {
        this.i++;
        logBase = this.script();
      }
    }
    // sin^{-1} x is arcsin x.
    if (power && power.k === 'neg' && power.arg.k === 'num' && power.arg.v.n === 1n && power.arg.v.d === 1n && INVERSE[fname]) {
      fname = INVERSE[fname];
      power = null;
    }
    let args: Node[];
    if (name === 'sqrt' && !this.isOp('(')) args = [this.macroArg()];
    else if (this.isOp('(')) {
      this.i++;
      const inner = this.isOp(')') ? null : this.top();
      this.expectOp(')');
      args = inner === null ? [] : inner.k === 'list' ? inner.items : [inner];
    } else args = [this.funcArg()];
    let node: Node;
    if (rootIndex) node = { k: 'fn', name: 'root', args: [args[0], rootIndex] };
    else if (fname === 'log' && logBase) node = { k: 'fn', name: 'logb', args: [args[0], logBase] };
    else node = { k: 'fn', name: fname, args };
    return power ? { k: 'pow', base: node, exp: power } : node;
  }

  /** "\sin 2x" takes the product 2x; it stops at the next function, operator or relation. */
  private funcArg(): Node {
    let arg = this.unary();
    while (this.startsFactor() && !this.isOp('(') && !(this.peek().k === 'cmd' && STOP_ARG.has(this.peek().s))
      && !(this.peek().k === 'id' && FUNCS[this.peek().s])) {
      arg = mulTerm(arg, this.power());
    }
    return arg;
  }

  private bracket(open: string): Node {
    const items: Node[] = [];
    let commas = 0;
    const saved = this.absDepth;
    this.absDepth = 0;
    for (;;) {
      if (!this.isOp(',') && !this.isOp(';') && !this.isOp(')') && !this.isOp(']')) {
        const x = this.relation();
        items.push(x);
      }
      if (this.isOp(',') || this.isOp(';')) { commas++; this.i++; continue; }
      break;
    }
    this.absDepth = saved;
    const close = this.next();
    if (close.k !== 'op' || (close.s !== ')' && close.s !== ']')) throw new ParseError('unclosed bracket');
    if (items.length === 1 && commas === 0 && (open === '(' ? close.s === ')' : true)) return items[0];
    if (items.length === 0) throw new ParseError('empty brackets');
    return { k: 'tuple', items, open, close: close.s };
  }

  private environment(env: string): Node {
    const rows: Node[][] = [];
    let row: Node[] = [];
    for (;;) {
      const t = this.peek();
      if (t.k === 'end') { this.i++; break; }
      if (t.k === 'eof') throw new ParseError(`unclosed ${env}`);
      if (t.k === 'op' && t.s === '&') { this.i++; continue; }
      if (t.k === 'op' && t.s === '\\\\') { this.i++; if (row.length) rows.push(row); row = []; continue; }
      row.push(this.top());
    }
    if (row.length) rows.push(row);
    if (MATRIX_ENVS.has(env)) {
      const w = rows[0]?.length ?? 0;
      if (w === 0 || rows.some((r) => r.length !== w)) throw new ParseError('ragged matrix');
      return { k: 'matrix', rows, det: env === 'vmatrix' };
    }
    // cases, align, aligned, gather: the rows are separate answers.
    const cells = rows.flat();
    return cells.length === 1 ? cells[0] : { k: 'list', items: cells };
  }
}

const MAX_DEPTH = 120;

const NON_FACTOR_CMDS = new Set(['cdot', 'times', 'div', 'pm', 'mp', 'cup', 'cap', 'setminus', 'backslash', '}', '%',
  'rfloor', 'rceil', 'over', 'ast', 'to', 'mid', 'rightarrow', 'quad']);

function simpleName(n: Node): string | null {
  if (n.k === 'num' && !n.float) return n.v.n.toString();
  if (n.k === 'sym') return n.name;
  if (n.k === 'mul' && n.args.every((a) => a.k === 'sym' || (a.k === 'num' && !a.float))) {
    return n.args.map((a) => (a.k === 'sym' ? a.name : a.k === 'num' ? a.v.n.toString() : '')).join('');
  }
  return null;
}

function isMixedNumber(whole: Node, frac: Node): boolean {
  const int = (n: Node) => n.k === 'num' && !n.float && n.v.d === 1n && n.v.n >= 0n;
  return int(whole) && frac.k === 'div' && int(frac.num) && int(frac.den);
}

function numNode(s: string): Node {
  const v = parseDecimal(s);
  if (!v) throw new ParseError(`bad number ${s}`);
  return { k: 'num', v, float: /[.eE]/.test(s) };
}

function addTerm(a: Node, b: Node): Node {
  return { k: 'add', args: [...(a.k === 'add' ? a.args : [a]), b] };
}

function mulTerm(a: Node, b: Node): Node {
  return { k: 'mul', args: [...(a.k === 'mul' ? a.args : [a]), b] };
}
