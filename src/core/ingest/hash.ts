// Stable content hashes: the identity of samples and traces across re-imports.
import { createHash } from 'node:crypto';
import type { PreparedSample, PreparedTrace, SampleRecord, TraceRecord } from './record';

const SEP = '\u001f';

export function sampleHash(r: Pick<SampleRecord, 'question' | 'answer' | 'solution'>): string {
  // Question + gold: the same question with a different gold answer is a different sample.
  return digest(`${r.question.trim()}${SEP}${(r.answer ?? r.solution ?? '').trim()}`);
}

export function traceHash(t: Pick<TraceRecord, 'producer' | 'thinking' | 'answer'>): string {
  return digest(`${t.producer}${SEP}${t.thinking}${SEP}${t.answer}`);
}

function digest(s: string): string {
  return createHash('sha1').update(s).digest('hex').slice(0, 32);
}

const json = (v: unknown): string | null => (v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v));

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
    hash: traceHash(t),
    producer: t.producer,
    thinking: t.thinking,
    answer: t.answer,
    thinkingTokens: t.thinkingTokens ?? null,
    finishReason: t.finishReason ?? null,
    grade: t.grade ?? null,
    metadata: t.metadata && Object.keys(t.metadata).length ? JSON.stringify(t.metadata) : null,
  };
}
