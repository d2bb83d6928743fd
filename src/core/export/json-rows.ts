// Fast JSON rows. Each format's row is turned once into a byte template by rendering the format itself (formats.ts)
// with placeholder texts and JSON.stringify: literal bytes with slots between them. A row is then the literals with
// the sample's texts copied in as SQLite's json_quote() gave them; no JavaScript string of a trace is made,
// stringified or encoded. Tests check every format against JSON.stringify of the string rows.
import type { ExportSampleRow, ExportTraceRow, JsonSampleRow, JsonTraceRow } from '../store/export-rows';
import type { RowFormat } from './formats';
import { stripEscaped } from './json-bytes';

type Field = 'Q' | 'S' | 'C' | 'R' | 'M' | 'T' | 'A';
/** whole: the slot is a whole JSON value (json_quote's bytes, quotes or null included); inner: inside a string. */
export type TemplatePart = Uint8Array | { field: Field; whole: boolean; s1?: 'strip' | 'answer' };
type Part = TemplatePart;

export const mark = (f: string): string => `\u0001${f}\u0001`;
const ANSWER_PREFIX = 'Answer: ';

/** `fmt`'s rows for one sample with one trace whose texts are placeholders (a letter between two U+0001). */
export function placeholderRows(fmt: RowFormat): ReturnType<RowFormat['rows']> {
  const sample = {
    id: 0, hash: '', question: mark('Q'), solution: mark('S'), answer: mark('X'), source: mark('R'), domain: null, cotType: mark('C'),
    metadata: mark('M'), status: 'pending', humanDecision: null, labels: [], traces: [],
  } as unknown as ExportSampleRow;
  const trace = { id: 0, producer: 'p', thinking: mark('T'), answer: mark('A'), grade: null, finishReason: null, thinkingTokens: null, humanLabels: [] } as ExportTraceRow;
  return fmt.rows(sample, [trace]);
}

/** The byte template of `fmt`'s one row per trace, or null when the format does not reduce to one (then rows are built as strings). */
export function jsonTemplate(fmt: RowFormat, s1Style: boolean): Part[] | null {
  const rows = placeholderRows(fmt);
  if (rows.length !== 1) return null;
  const json = JSON.stringify(rows[0]);
  const parts: Part[] = [];
  const re = /("?)\\u0001([A-Z])\\u0001("?)/g;
  let last = 0;
  let literal = '';
  for (let m; (m = re.exec(json));) {
    const field = m[2] as Field | 'X';
    if (field === 'X') return null;
    const whole = m[1] === '"' && m[3] === '"';
    // A quote on one side only is the end of a neighbouring string: keep it in the literal.
    const from = whole ? m.index : m.index + m[1].length;
    const to = whole ? m.index + m[0].length : m.index + m[0].length - m[3].length;
    literal += json.slice(last, from);
    last = to;
    // Texts that may be null are only ever whole values; strip and "Answer:" apply to s1's text column.
    if (!whole && !'QTA'.includes(field)) return null;
    let s1: 'strip' | 'answer' | undefined;
    if (!whole && s1Style && field === 'T') s1 = 'strip';
    if (!whole && s1Style && field === 'A') {
      if (!literal.endsWith(ANSWER_PREFIX)) return null;
      literal = literal.slice(0, -ANSWER_PREFIX.length);
      s1 = 'answer';
    }
    parts.push(Buffer.from(literal, 'utf8'));
    literal = '';
    parts.push({ field, whole, s1 });
  }
  parts.push(Buffer.from(literal + json.slice(last), 'utf8'));
  return parts.filter((p) => !(p instanceof Uint8Array) || p.length > 0);
}

const ANSWER_WORD = Buffer.from('Answer:');
const ANSWER_PREFIX_BYTES = Buffer.from(ANSWER_PREFIX);
const ANSWER_BARE = Buffer.from('Answer:');

/** Appends the row of one sample and trace to `out`. */
export function emitRow(parts: readonly Part[], s: JsonSampleRow, t: JsonTraceRow, out: Uint8Array[]): void {
  for (const p of parts) {
    if (p instanceof Uint8Array) { out.push(p); continue; }
    const v = p.field === 'Q' ? s.question : p.field === 'S' ? s.solution : p.field === 'C' ? s.cotType : p.field === 'R' ? s.sourceJson
      : p.field === 'M' ? s.metadata : p.field === 'T' ? t.thinking : t.answer;
    if (p.whole) out.push(v);
    else if (p.s1 === 'strip') out.push(stripEscaped(v));
    else if (p.s1 === 'answer') {
      // s1's tokenization.py: the attempt as is when it says "Answer:", else prefixed; then the whole stripped.
      if (Buffer.from(v.buffer, v.byteOffset, v.length).indexOf(ANSWER_WORD) >= 0) out.push(stripEscaped(v));
      else {
        const rest = stripEscaped(v, false);
        if (rest.length) out.push(ANSWER_PREFIX_BYTES, rest); else out.push(ANSWER_BARE);
      }
    } else out.push(v.subarray(1, v.length - 1));
  }
}
