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

/**
 * Rewrites a Python literal as JSON text in one pass, without building objects (the s1 pool has a
 * metadata repr on each of 59K rows). Returns null for anything it does not handle, so the caller
 * can fall back to parsePythonLiteral.
 */
export function pythonLiteralToJson(src: string): string | null {
  let out = '';
  let i = 0;
  const n = src.length;
  // Without control characters (a repr escapes them all), strings take the indexOf path (quotedToJson).
  const scan = CONTROL.test(src) ? null : new QuoteScan(src);
  // Stack of containers: '{' expects key/value alternation (to quote non-string keys), '[' or '(' lists.
  const stack: string[] = [];
  let expectKey = false;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) { i++; continue; }
    if (c === 39 || c === 34 || ((c === 114 || c === 82 || c === 117 || c === 85 || c === 98 || c === 66) && (src[i + 1] === "'" || src[i + 1] === '"'))) {
      const s = scan && (c === 39 || c === 34) ? quotedToJson(src, i, scan) : stringToJson(src, i);
      if (!s) return null;
      out += s.json;
      i = s.end;
      expectKey = false;
      continue;
    }
    switch (c) {
      case 123: stack.push('{'); out += '{'; expectKey = true; i++; continue;
      case 91: stack.push('['); out += '['; i++; continue;
      case 40: stack.push('('); out += '['; i++; continue;
      case 125: if (stack.pop() !== '{') return null; out += '}'; i++; continue;
      case 93: if (stack.pop() !== '[') return null; out += ']'; i++; continue;
      case 41: {
        if (stack.pop() !== '(') return null;
        if (out.endsWith(',')) out = out.slice(0, -1); // one-tuple ('x',)
        out += ']'; i++; continue;
      }
      case 44: {
        // Python allows a trailing comma before a closing bracket; JSON does not.
        let j = i + 1;
        while (j < n && /\s/.test(src[j])) j++;
        if (src[j] === '}' || src[j] === ']' || src[j] === ')') { i = j; continue; }
        out += ','; i++;
        if (stack[stack.length - 1] === '{') expectKey = true;
        continue;
      }
      case 58: out += ':'; i++; expectKey = false; continue;
    }
    const word = /^(True|False|None|-?inf|nan|[-+]?(?:\d[\d_]*\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?))/.exec(src.slice(i, i + 40));
    if (!word) return null;
    const w = word[1];
    const v = w === 'True' ? 'true' : w === 'False' ? 'false' : w === 'None' || /inf|nan/.test(w) ? 'null'
      : String(Number(w.replace(/_/g, '')));
    out += expectKey && stack[stack.length - 1] === '{' ? JSON.stringify(v) : v;
    expectKey = false;
    i += w.length;
  }
  return stack.length ? null : out;
}

// eslint-disable-next-line no-control-regex -- a literal holding one takes stringToJson, which escapes them
const CONTROL = /[\x00-\x1f]/;

/** The next backslash, single and double quote at or after where a literal's strings were last scanned. */
class QuoteScan {
  backslash = -1;
  single = -1;
  double = -1;
  constructor(readonly s: string) {}
}

/** Index of `ch` at or after `from`, else the text's length. */
function nextOf(s: string, ch: string, from: number): number {
  const k = s.indexOf(ch, from);
  return k < 0 ? s.length : k;
}

/**
 * stringToJson for a plain (not raw, not prefixed) quoted string in a literal without control characters, with the
 * same output: V8's indexOf finds the next backslash and quotes, where stringToJson tested every character (the s1
 * metadata is ~1.3 K characters a row). Escapes JSON writes the same way stay in the copied run.
 */
function quotedToJson(src: string, start: number, at: QuoteScan): { json: string; end: number } | null {
  const q = src.charCodeAt(start);
  if (src.charCodeAt(start + 1) === q && src.charCodeAt(start + 2) === q) return null; // triple-quoted: the full parser
  const n = src.length;
  let i = start + 1;
  let run = i;
  let out = '"';
  for (;;) {
    if (at.backslash < i) at.backslash = nextOf(src, '\\', i);
    if (at.double < i) at.double = nextOf(src, '"', i);
    let quote = at.double;
    if (q === 39) {
      if (at.single < i) at.single = nextOf(src, "'", i);
      quote = Math.min(quote, at.single);
    }
    const b = at.backslash;
    if (b < quote) {
      const e = src[b + 1];
      // \\ \n \t \r \b \f: the same in JSON, copied with the run.
      if (e === '\\' || e === 'n' || e === 't' || e === 'r' || e === 'b' || e === 'f') { i = b + 2; continue; }
      out += src.slice(run, b);
      switch (e) {
        case "'": out += "'"; i = b + 2; break;
        case '"': out += '\\"'; i = b + 2; break;
        case '0': out += '\\u0000'; i = b + 2; break;
        case 'x': out += '\\u00' + src.slice(b + 2, b + 4); i = b + 4; break;
        case 'u': out += '\\u' + src.slice(b + 2, b + 6); i = b + 6; break;
        case 'U': out += JSON.stringify(String.fromCodePoint(parseInt(src.slice(b + 2, b + 10), 16))).slice(1, -1); i = b + 10; break;
        case 'a': out += '\\u0007'; i = b + 2; break;
        case 'v': out += '\\u000b'; i = b + 2; break;
        default: out += '\\\\'; i = b + 1; // unknown escape: Python keeps the backslash
      }
      run = i;
      continue;
    }
    if (quote >= n) return null; // never ends
    out += src.slice(run, quote);
    if (src.charCodeAt(quote) === q) return { json: out + '"', end: quote + 1 };
    out += '\\"'; // a double quote inside a single-quoted string
    i = run = quote + 1;
  }
}

function stringToJson(src: string, start: number): { json: string; end: number } | null {
  let i = start;
  let raw = false;
  while (src[i] !== "'" && src[i] !== '"') { if (src[i] === 'r' || src[i] === 'R') raw = true; i++; }
  const q = src[i];
  if (src.startsWith(q + q + q, i)) return null; // triple-quoted: leave to the full parser
  i++;
  let out = '"';
  for (;;) {
    const stop = nextSpecialJson(src, i, q, raw);
    if (stop < 0) return null;
    if (stop > i) { out += src.slice(i, stop); i = stop; }
    const c = src[i];
    if (c === q) return { json: out + '"', end: i + 1 };
    if (c === '"') { out += '\\"'; i++; continue; }
    if (c !== '\\') { // a control character inside the string
      out += JSON.stringify(c).slice(1, -1); i++; continue;
    }
    if (raw) { out += '\\\\'; i++; continue; }
    const e = src[i + 1];
    switch (e) {
      case 'n': case 't': case 'r': case 'b': case 'f': case '\\': out += '\\' + e; i += 2; break;
      case "'": out += "'"; i += 2; break;
      case '"': out += '\\"'; i += 2; break;
      case '0': out += '\\u0000'; i += 2; break;
      case 'x': out += '\\u00' + src.slice(i + 2, i + 4); i += 4; break;
      case 'u': out += '\\u' + src.slice(i + 2, i + 6); i += 6; break;
      case 'U': out += JSON.stringify(String.fromCodePoint(parseInt(src.slice(i + 2, i + 10), 16))).slice(1, -1); i += 10; break;
      case 'a': out += '\\u0007'; i += 2; break;
      case 'v': out += '\\u000b'; i += 2; break;
      case '\n': i += 2; break;
      default: out += '\\\\'; i += 1; // unknown escape: Python keeps the backslash
    }
  }
}

/**
 * Next quote, double quote, backslash or control character at or after `from`; -1 if the string never ends.
 * Outside a raw string, the escapes JSON writes the same way (\\ \n \t \r \b \f) are copied with the text
 * around them, in one slice (LaTeX in the s1 metadata has dozens per row).
 */
function nextSpecialJson(s: string, from: number, quote: string, raw: boolean): number {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92 || c === 34 || c === 39 || c < 32) {
      if (c === 39 && quote !== "'") continue;
      if (c === 92 && !raw) {
        const e = s.charCodeAt(i + 1);
        // \\ n t r b f
        if (e === 92 || e === 110 || e === 116 || e === 114 || e === 98 || e === 102) { i++; continue; }
      }
      return i;
    }
  }
  return -1;
}
