// Texts as the UTF-8 bytes SQLite stores (CAST(x AS BLOB)): what the Parquet byte rows need of a text without
// decoding it (the raw counterpart of json-bytes.ts): Python's strip() and its length in UTF-16 units.

/** Bytes of the Python whitespace character (str.isspace) starting at i, or 0. */
function wsAt(b: Uint8Array, i: number, end: number): number {
  const c = b[i];
  if ((c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20)) return 1;
  if (c < 0xc2) return 0;
  if (c === 0xc2) return i + 2 <= end && (b[i + 1] === 0x85 || b[i + 1] === 0xa0) ? 2 : 0;
  if (i + 3 > end) return 0;
  const x = b[i + 1], y = b[i + 2];
  if (c === 0xe1) return x === 0x9a && y === 0x80 ? 3 : 0; // U+1680
  if (c === 0xe2) return (x === 0x80 && ((y >= 0x80 && y <= 0x8a) || y === 0xa8 || y === 0xa9 || y === 0xaf)) || (x === 0x81 && y === 0x9f) ? 3 : 0;
  if (c === 0xe3) return x === 0x80 && y === 0x80 ? 3 : 0; // U+3000
  return 0;
}

/** Bytes of the whitespace character ending just before `end`, or 0 (valid UTF-8: a character starts at a non-continuation byte). */
function wsBefore(b: Uint8Array, start: number, end: number): number {
  const c = b[end - 1];
  if (c < 0x80) return wsAt(b, end - 1, end);
  if (end - 2 >= start && b[end - 2] === 0xc2) return wsAt(b, end - 2, end);
  if (end - 3 >= start && b[end - 3] >= 0xe1 && b[end - 3] <= 0xe3) return wsAt(b, end - 3, end);
  return 0;
}

/** The text without Python's strip() whitespace at the start and (or only) the end. */
export function stripRaw(b: Uint8Array, left = true): Uint8Array {
  let a = 0;
  let e = b.length;
  if (left) for (let n; a < e && (n = wsAt(b, a, e)) > 0;) a += n;
  for (let n; e > a && (n = wsBefore(b, a, e)) > 0;) e -= n;
  return a === 0 && e === b.length ? b : b.subarray(a, e);
}

/** The decoded text's length in UTF-16 code units (JavaScript's .length) of valid UTF-8. */
export function utf16LengthRaw(b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    // Every byte but a continuation byte starts a character; a 4-byte one is two UTF-16 units.
    if ((c & 0xc0) !== 0x80) n += c >= 0xf0 ? 2 : 1;
  }
  return n;
}
