// Texts as JSON-escaped UTF-8 bytes, as SQLite's json_quote() returns them (byte-identical to JSON.stringify for
// valid UTF-8: test/unit/export/json-rows.test.ts). What the fast JSON rows need of a text without decoding it:
// Python's strip() of its escaped form, its length in UTF-16 units, whether it contains an ASCII word.

const BACKSLASH = 0x5c;

/** Bytes of the escaped whitespace character (Python's str.isspace) starting at i, or 0. */
function wsAt(j: Uint8Array, i: number, end: number): number {
  const c = j[i];
  if (c === 0x20) return 1;
  if (c === BACKSLASH) {
    const n = j[i + 1];
    if (n === 0x74 || n === 0x6e || n === 0x66 || n === 0x72) return 2; // \t \n \f \r
    if (n === 0x75 && i + 6 <= end) { // \u00XX: json_quote's other control characters
      const code = parseInt(String.fromCharCode(j[i + 4], j[i + 5]), 16);
      return code === 0x0b || (code >= 0x1c && code <= 0x1f) ? 6 : 0;
    }
    return 0;
  }
  if (c === 0xc2 && i + 2 <= end) return j[i + 1] === 0x85 || j[i + 1] === 0xa0 ? 2 : 0;
  if (i + 3 > end) return 0;
  const a = j[i + 1], b = j[i + 2];
  if (c === 0xe1) return a === 0x9a && b === 0x80 ? 3 : 0;
  if (c === 0xe2) return (a === 0x80 && ((b >= 0x80 && b <= 0x8a) || b === 0xa8 || b === 0xa9 || b === 0xaf)) || (a === 0x81 && b === 0x9f) ? 3 : 0;
  if (c === 0xe3) return a === 0x80 && b === 0x80 ? 3 : 0;
  return 0;
}

/** Whether the backslash at i starts an escape (an odd run of backslashes ends there). */
function escapeStart(j: Uint8Array, i: number, start: number): boolean {
  let k = 0;
  while (i - k >= start && j[i - k] === BACKSLASH) k++;
  return k % 2 === 1;
}

/** Bytes of the escaped whitespace character ending just before `end`, or 0. */
function wsBefore(j: Uint8Array, start: number, end: number): number {
  const c = j[end - 1];
  if (c === 0x20) return 1;
  if (c >= 0x80) {
    if (end - 2 >= start && wsAt(j, end - 2, end) === 2) return 2;
    if (end - 3 >= start && wsAt(j, end - 3, end) === 3) return 3;
    return 0;
  }
  if (end - 2 >= start && j[end - 2] === BACKSLASH && escapeStart(j, end - 2, start)) return wsAt(j, end - 2, end) === 2 ? 2 : 0;
  if (end - 6 >= start && j[end - 6] === BACKSLASH && j[end - 5] === 0x75 && escapeStart(j, end - 6, start)) return wsAt(j, end - 6, end) === 6 ? 6 : 0;
  return 0;
}

/** The escaped text between j's quotes without Python's strip() whitespace at the start and (or only) the end. */
export function stripEscaped(j: Uint8Array, left = true): Uint8Array {
  let a = 1;
  let b = j.length - 1;
  if (left) for (let n; a < b && (n = wsAt(j, a, b)) > 0;) a += n;
  for (let n; b > a && (n = wsBefore(j, a, b)) > 0;) b -= n;
  return j.subarray(a, b);
}

/** The decoded text's length in UTF-16 code units (JavaScript's .length) of a quoted escaped text. */
export function utf16Length(j: Uint8Array): number {
  let n = 0;
  const end = j.length - 1;
  for (let i = 1; i < end;) {
    const c = j[i];
    if (c === BACKSLASH) { i += j[i + 1] === 0x75 ? 6 : 2; n++; } else if (c < 0x80) { i++; n++; } else if (c >= 0xf0) { i += 4; n += 2; } else { i += c >= 0xe0 ? 3 : 2; n++; }
  }
  return n;
}

/** The escaped form of a JavaScript string, without quotes. */
export const escapedLiteral = (s: string): Buffer => Buffer.from(JSON.stringify(s).slice(1, -1), 'utf8');
