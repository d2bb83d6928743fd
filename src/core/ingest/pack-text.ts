// Moves a batch's large text fields into one UTF-8 buffer that a worker can transfer without copying,
// and hashes each trace from those bytes. Every import path calls it before writing.
import type { PreparedSample, Text } from './record';
import { traceHash } from './hash';

function fields(s: PreparedSample): (Text | null)[] {
  return [s.question, s.solution, s.answer, s.metadata, ...s.traces.flatMap((t) => [t.thinking, t.answer])];
}

/** Replaces string fields with views into one buffer; returns that buffer (to transfer). */
export function packText(samples: PreparedSample[]): ArrayBuffer {
  let upper = 0;
  for (const s of samples) for (const f of fields(s)) if (typeof f === 'string') upper += f.length * 3;
  // Unzeroed: only the written prefix is ever read.
  const buf = new Uint8Array(Buffer.allocUnsafeSlow(upper).buffer, 0, upper);
  const enc = new TextEncoder();
  let at = 0;
  const pack = (f: Text | null): Text | null => {
    if (typeof f !== 'string') return f;
    const { written } = enc.encodeInto(f, buf.subarray(at));
    const view = buf.subarray(at, at + written);
    at += written;
    return view;
  };
  for (const s of samples) {
    s.question = pack(s.question)!;
    s.solution = pack(s.solution);
    s.answer = pack(s.answer);
    s.metadata = pack(s.metadata);
    for (const t of s.traces) {
      t.thinking = pack(t.thinking)!;
      t.answer = pack(t.answer)!;
      t.hash = traceHash(t);
    }
  }
  return buf.buffer;
}
