// Stable content hashes: the identity of samples and traces across re-imports.
import { createHash } from 'node:crypto';
import { JsonText, type PreparedSample, type PreparedTrace, type SampleRecord, type TraceRecord } from './record';

const SEP = '\u001f';

export function sampleHash(r: Pick<SampleRecord, 'question' | 'answer' | 'solution'>): string {
  // Question + gold: the same question with a different gold answer is a different sample.
  return digest(`${r.question.trim()}${SEP}${(r.answer ?? r.solution ?? '').trim()}`);
}

const SEP_BYTES = Buffer.from(SEP);

/** Hash of a trace's producer, thinking and answer; the same value for strings and for their UTF-8 bytes. */
export function traceHash(t: { producer: string; thinking: string | Uint8Array; answer: string | Uint8Array }): string {
  return createHash('sha1').update(t.producer).update(SEP_BYTES).update(t.thinking).update(SEP_BYTES).update(t.answer)
    .digest('hex').slice(0, 32);
}

function digest(s: string): string {
  return createHash('sha1').update(s).digest('hex').slice(0, 32);
}

const json = (v: unknown): string | null => (v === undefined || v === null ? null : v instanceof JsonText ? v.text : JSON.stringify(v));

export function prepareSample(r: SampleRecord, line: number): PreparedSample {
  return {
    hash: sampleHash(r),
    question: r.question,
    solution: r.solution ?? null,
    answer: r.answer ?? null,
    source: r.source ?? null,
    domain: r.domain ?? null,
    cotType: r.cotType ?? null,
    metadata: json(r.metadata),
    features: r.features && Object.keys(r.features).length ? JSON.stringify(r.features) : null,
    line,
    traces: r.traces.map(prepareTrace),
  };
}

function prepareTrace(t: TraceRecord): PreparedTrace {
  return {
    hash: '', // filled by packText from the UTF-8 bytes (saves encoding the largest text twice)
    producer: t.producer,
    thinking: t.thinking,
    answer: t.answer,
    thinkingTokens: t.thinkingTokens ?? null,
    finishReason: t.finishReason ?? null,
    grade: t.grade ?? null,
    metadata: t.metadata && Object.keys(t.metadata).length ? JSON.stringify(t.metadata) : null,
  };
}
