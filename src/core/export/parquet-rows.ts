// Parquet byte rows. As json-rows.ts does for JSON, each column of a format's row is turned once into a template by
// rendering the format itself (formats.ts) with placeholder texts: a column is null, one value or a list of values,
// each value literal bytes with the sample's texts between them. A row's values are then the texts' UTF-8 bytes as
// SQLite holds them (exportSamplesRaw), copied together; no JavaScript string of a trace is made or encoded. Tests
// read the Parquet back and compare it with the string rows.
import type { JsonSampleRow, JsonTraceRow } from '../store/export-rows';
import type { Row } from './containers';
import type { RowFormat } from './formats';
import { mark, placeholderRows } from './json-rows';
import { stripRaw } from './raw-bytes';

type Field = 'Q' | 'S' | 'C' | 'R' | 'M' | 'T' | 'A';
type Slot = { field: Field; s1?: 'strip' | 'answer' };
/** One value: a whole field (which may be null) or literal bytes and slots (fields that are never null). */
type Value = { whole: Field } | { parts: (Uint8Array | Slot)[] };
type Column = { name: string; value: Value | null; list: boolean };

// Placeholders are a letter between two U+0001 characters, which no format writes.
const MARK = new RegExp(mark('([A-Z])'), 'g');
const WHOLE = new RegExp(`^${mark('([A-Z])')}$`);
const ANSWER_PREFIX = 'Answer: ';
const ANSWER_WORD = Buffer.from('Answer:');
const ANSWER_PREFIX_BYTES = Buffer.from(ANSWER_PREFIX);

/** The byte template of `fmt`'s one row per trace as Parquet columns, or null when the format does not reduce to one. */
export function parquetTemplate(fmt: RowFormat, s1Style: boolean): Column[] | null {
  const rows = placeholderRows(fmt);
  if (rows.length !== 1) return null;
  const columns: Column[] = [];
  for (const name of fmt.parquet.columns) {
    const v = rows[0][name];
    if (v === null || v === undefined) { columns.push({ name, value: null, list: false }); continue; }
    const list = Array.isArray(v);
    // Lists of one text only (s1's thinking_trajectories); lists of structs (messages) keep the string rows.
    if (list && (v.length !== 1 || typeof v[0] !== 'string')) return null;
    if (!list && typeof v !== 'string') return null;
    const value = templateValue(list ? (v as string[])[0] : (v as string), s1Style);
    if (!value) return null;
    columns.push({ name, value, list });
  }
  return columns;
}

function templateValue(text: string, s1Style: boolean): Value | null {
  const whole = WHOLE.exec(text);
  if (whole) return whole[1] === 'X' ? null : { whole: whole[1] as Field };
  const parts: (Uint8Array | Slot)[] = [];
  let last = 0;
  let literal = '';
  for (let m; (m = MARK.exec(text));) {
    const field = m[1] as Field | 'X';
    literal += text.slice(last, m.index);
    last = m.index + m[0].length;
    // Texts that may be null are only ever whole values; strip and "Answer:" apply to s1's text column.
    if (!'QTA'.includes(field)) { MARK.lastIndex = 0; return null; }
    let s1: Slot['s1'];
    if (s1Style && field === 'T') s1 = 'strip';
    if (s1Style && field === 'A') {
      if (!literal.endsWith(ANSWER_PREFIX)) { MARK.lastIndex = 0; return null; }
      literal = literal.slice(0, -ANSWER_PREFIX.length);
      s1 = 'answer';
    }
    if (literal) parts.push(Buffer.from(literal, 'utf8'));
    literal = '';
    parts.push({ field: field as Field, s1 });
  }
  literal += text.slice(last);
  if (literal) parts.push(Buffer.from(literal, 'utf8'));
  return { parts };
}

const fieldOf = (f: Field, s: JsonSampleRow, t: JsonTraceRow): Uint8Array | null =>
  f === 'Q' ? s.question : f === 'S' ? s.solution : f === 'C' ? s.cotType : f === 'R' ? s.sourceJson : f === 'M' ? s.metadata : f === 'T' ? t.thinking : t.answer;

/**
 * Memory for the joined values (s1's `text`) of one chunk's rows, used again for the next chunk: an export worker
 * encodes a chunk's rows before it takes the next, so their values are dead by then. One block in place of a fresh
 * buffer per row: less for the garbage collector and fewer new pages (the text is the largest column).
 */
export class RowArena {
  private block = new Uint8Array(0);
  private used = 0;
  private wanted = 0;

  take(n: number): Uint8Array {
    // A full block is left to the rows that hold views of it; the next one is at least twice as large.
    if (this.used + n > this.block.length) { this.block = new Uint8Array(Math.max(n, 2 * this.block.length, 8 << 20)); this.used = 0; }
    this.wanted += n;
    return this.block.subarray(this.used, (this.used += n));
  }

  /** The previous chunk's values are no longer needed: the block is reused, grown to what that chunk took. */
  reset(): void {
    if (this.wanted > this.block.length) this.block = new Uint8Array(this.wanted);
    this.used = 0;
    this.wanted = 0;
  }
}

/**
 * The row of one sample and trace, its texts as UTF-8 bytes (what hyparquet-writer writes of a UTF8 column as it is).
 * Joined values come from `arena` when given (see RowArena), else each has a buffer of its own.
 */
export function byteRow(columns: readonly Column[], s: JsonSampleRow, t: JsonTraceRow, arena?: RowArena): Row {
  const row: Row = {};
  for (const c of columns) {
    const v = c.value === null ? null : 'whole' in c.value ? fieldOf(c.value.whole, s, t) : joined(c.value.parts, s, t, arena);
    row[c.name] = c.list && v !== null ? [v] : v;
  }
  return row;
}

function joined(parts: readonly (Uint8Array | Slot)[], s: JsonSampleRow, t: JsonTraceRow, arena?: RowArena): Uint8Array {
  const out: Uint8Array[] = [];
  for (const p of parts) {
    if (p instanceof Uint8Array) { out.push(p); continue; }
    const v = fieldOf(p.field, s, t)!;
    if (p.s1 === 'strip') out.push(stripRaw(v));
    else if (p.s1 === 'answer') {
      // s1's tokenization.py: the attempt as is when it says "Answer:", else prefixed; then the whole stripped.
      if (Buffer.from(v.buffer, v.byteOffset, v.length).indexOf(ANSWER_WORD) >= 0) out.push(stripRaw(v));
      else {
        const rest = stripRaw(v, false);
        if (rest.length) out.push(ANSWER_PREFIX_BYTES, rest); else out.push(ANSWER_WORD);
      }
    } else out.push(v);
  }
  if (!arena) return Buffer.concat(out);
  let n = 0;
  for (const b of out) n += b.length;
  const joinedBytes = arena.take(n);
  let at = 0;
  for (const b of out) { joinedBytes.set(b, at); at += b.length; }
  return joinedBytes;
}
