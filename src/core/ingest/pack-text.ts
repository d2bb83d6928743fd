// Moves a batch's large text fields into UTF-8 buffers that a worker can transfer without copying,
// and hashes each trace from those bytes. Every import path packs its samples before writing.
import type { PreparedSample, Text } from './record';
import { questionKey, questionKeyOfBytes, sampleHash, sampleHashOfJoined, TRACE_SEP_BYTE, SAMPLE_SEP_BYTE, traceHash, traceHashOfJoined } from './hash';

/**
 * Packs samples one at a time, as soon as each is mapped: its strings then die young, where a chunk's worth of
 * strings kept until the chunk's end was copied by every young-generation GC (mapping the s1 pool took 10-15% less
 * CPU).
 * Fills buffers of `size` bytes (more for a larger sample); `buffers` are what the views point into.
 */
export class TextPacker {
  readonly buffers: ArrayBuffer[] = [];
  private buf = new Uint8Array(0);
  private at = 0;
  private readonly enc = new TextEncoder();

  /** `free`: buffers to pack into before new ones are made (fresh memory costs a page fault per 4 KB). */
  constructor(private readonly size = 1 << 20, private readonly free?: ArrayBuffer[]) {}

  /** Replaces the sample's string fields with views into the current buffer, and hashes its traces. */
  pack(s: PreparedSample): void {
    const upper = packedBound(s);
    if (this.at + upper > this.buf.length) {
      const n = Math.max(this.size, upper);
      const i = this.free ? this.free.findIndex((b) => b.byteLength >= upper) : -1;
      // Unzeroed: only the written prefix is ever read.
      this.buf = i >= 0 ? new Uint8Array(this.free!.splice(i, 1)[0]) : new Uint8Array(Buffer.allocUnsafeSlow(n).buffer, 0, n);
      this.buffers.push(this.buf.buffer as ArrayBuffer);
      this.at = 0;
    }
    if (s.hash === '') this.packKeyed(s);
    s.question = this.text(s.question)!;
    s.solution = this.text(s.solution);
    s.answer = this.text(s.answer);
    s.metadata = this.text(s.metadata);
    for (const t of s.traces) {
      if (typeof t.thinking !== 'string' || typeof t.answer !== 'string') {
        t.thinking = this.text(t.thinking)!;
        t.answer = this.text(t.answer)!;
        t.hash = traceHash(t);
        continue;
      }
      // Laid out as traceHash reads them, so one call hashes the trace (no Hash object per trace).
      const from = this.at;
      this.text(t.producer);
      this.buf[this.at++] = TRACE_SEP_BYTE;
      t.thinking = this.text(t.thinking)!;
      this.buf[this.at++] = TRACE_SEP_BYTE;
      t.answer = this.text(t.answer)!;
      t.hash = traceHashOfJoined(this.buf.subarray(from, this.at));
    }
  }

  /**
   * For a sample prepared without its keys (prepareSample's keysFromBytes): packs the question, a separator and the
   * gold (answer, else solution) as sampleHash reads them, and hashes both keys from those bytes. Text with
   * whitespace at either end (the keys hash it trimmed) is hashed as strings instead.
   */
  private packKeyed(s: PreparedSample): void {
    const q = s.question;
    const goldIsAnswer = s.answer !== null;
    const gold = goldIsAnswer ? s.answer : s.solution;
    if (typeof q !== 'string' || (gold !== null && typeof gold !== 'string') || q.trim().length !== q.length
      || (gold !== null && gold.trim().length !== gold.length)) {
      const str = (t: Text | null) => (t === null || typeof t === 'string' ? t : Buffer.from(t).toString('utf8'));
      s.hash = sampleHash({ question: str(q)!, answer: str(s.answer), solution: str(s.solution) });
      s.questionKey = questionKey(str(q)!);
      return;
    }
    const from = this.at;
    s.question = this.text(q)!;
    this.buf[this.at++] = SAMPLE_SEP_BYTE;
    const packedGold = this.text(gold);
    if (goldIsAnswer) s.answer = packedGold;
    else s.solution = packedGold;
    s.hash = sampleHashOfJoined(this.buf.subarray(from, this.at));
    s.questionKey = questionKeyOfBytes(s.question as Uint8Array);
  }

  private text(f: Text | null): Text | null {
    if (typeof f !== 'string') return f;
    const { written } = this.enc.encodeInto(f, this.buf.subarray(this.at));
    const view = this.buf.subarray(this.at, this.at + written);
    this.at += written;
    return view;
  }
}

/** Bytes a sample's string fields may take packed (3 per UTF-16 unit), with its traces' producers and separators. */
function packedBound(s: PreparedSample): number {
  let upper = 0;
  const add = (f: Text | null) => { if (typeof f === 'string') upper += f.length * 3; };
  add(s.question); add(s.solution); add(s.answer); add(s.metadata);
  upper += 1; // the separator after the question (packKeyed)
  for (const t of s.traces) { add(t.thinking); add(t.answer); upper += t.producer.length * 3 + 2; }
  return upper;
}

/** Replaces string fields with views into one buffer; returns that buffer (to transfer). */
export function packText(samples: PreparedSample[]): ArrayBuffer {
  let upper = 0;
  for (const s of samples) upper += packedBound(s);
  const packer = new TextPacker(upper);
  for (const s of samples) packer.pack(s);
  return packer.buffers[0] ?? new ArrayBuffer(0);
}
