// Parses a Python literal (the repr of a dict, as the s1 pool stores `metadata`) into a JSON value.
// Only literals: dicts, lists, tuples, strings (with escapes and prefixes), numbers, True/False/None.

export class PythonLiteralError extends Error {}

export function parsePythonLiteral(src: string): unknown {
  const p = new Parser(src);
  p.ws();
  const v = p.value();
  p.ws();
  if (p.i < src.length) p.fail('unexpected trailing text');
  return v;
}

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  fail(msg: string): never {
    throw new PythonLiteralError(`${msg} at offset ${this.i}`);
  }

  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  value(): unknown {
    const c = this.s[this.i];
    if (c === '{') return this.dict();
    if (c === '[') return this.seq('[', ']');
    if (c === '(') return this.seq('(', ')');
    if (c === "'" || c === '"') return this.str();
    if (/[rRbBuU]/.test(c ?? '') && /['"]/.test(this.s[this.i + 1] ?? '')) return this.str();
    const word = /^(True|False|None|nan|inf|-inf)\b/.exec(this.s.slice(this.i, this.i + 6));
    if (word) {
      this.i += word[1].length;
      return { True: true, False: false, None: null, nan: null, inf: null, '-inf': null }[word[1]];
    }
    const num = /^[-+]?(\d[\d_]*\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?)/.exec(this.s.slice(this.i, this.i + 64));
    if (num) {
      this.i += num[0].length;
      return Number(num[0].replace(/_/g, ''));
    }
    return this.fail(`unexpected ${c === undefined ? 'end of text' : JSON.stringify(c)}`);
  }

  dict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    for (;;) {
      this.ws();
      if (this.s[this.i] === '}') { this.i++; return out; }
      const k = this.value();
      this.ws();
      if (this.s[this.i] !== ':') this.fail("expected ':'");
      this.i++;
      this.ws();
      out[String(k)] = this.value();
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') this.fail("expected ',' or '}'");
    }
  }

  seq(open: string, close: string): unknown[] {
    const out: unknown[] = [];
    this.i++;
    for (;;) {
      this.ws();
      if (this.s[this.i] === close) { this.i++; return out; }
      out.push(this.value());
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== close) this.fail(`expected ',' or '${close}' after item of '${open}'`);
    }
  }

  str(): string {
    let raw = false;
    while (/[rRbBuU]/.test(this.s[this.i])) { if (/[rR]/.test(this.s[this.i])) raw = true; this.i++; }
    const q = this.s[this.i];
    const triple = this.s.startsWith(q.repeat(3), this.i);
    const end = triple ? q.repeat(3) : q;
    this.i += end.length;
    let out = '';
    for (;;) {
      if (this.i >= this.s.length) this.fail('unterminated string');
      if (this.s.startsWith(end, this.i)) { this.i += end.length; return out; }
      // Copy the run of plain characters up to the next quote or backslash in one slice (metadata strings are long).
      const stop = nextSpecial(this.s, this.i, q);
      if (stop > this.i) { out += this.s.slice(this.i, stop); this.i = stop; continue; }
      const c = this.s[this.i++];
      if (c !== '\\' || raw) { out += c; continue; }
      const e = this.s[this.i++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '0': out += '\0'; break;
        case 'a': out += '\x07'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'v': out += '\v'; break;
        case '\n': break;
        case 'x': out += String.fromCharCode(parseInt(this.s.slice(this.i, this.i + 2), 16)); this.i += 2; break;
        case 'u': out += String.fromCharCode(parseInt(this.s.slice(this.i, this.i + 4), 16)); this.i += 4; break;
        case 'U': out += String.fromCodePoint(parseInt(this.s.slice(this.i, this.i + 8), 16)); this.i += 8; break;
        default: out += e === '\\' || e === "'" || e === '"' ? e : '\\' + e;
      }
    }
  }
}

function nextSpecial(s: string, from: number, quote: string): number {
  const a = s.indexOf(quote, from);
  const b = s.indexOf('\\', from);
  if (a < 0) return b < 0 ? s.length : b;
  return b < 0 ? a : Math.min(a, b);
}
