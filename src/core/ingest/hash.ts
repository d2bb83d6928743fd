// Stable content hashes: the identity of samples and traces across re-imports.
//
// A sample is its question and gold (answer, else solution); a missing gold matches the same question's stored
// sample (see SampleWriter). A trace is its producer and text plus its copy number: the k-th identical response
// to one question in one file is copy k (a maj@8 file whose responses repeat keeps all eight), and copy 0 keeps
// the plain text hash, so databases written before copies were counted stay keyed as they were.
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { presentText } from './missing';
import { JsonText, type PreparedSample, type PreparedTrace, type SampleRecord, type TraceRecord } from './record';

const SEP = '\u001f';

export function sampleHash(r: Pick<SampleRecord, 'question' | 'answer' | 'solution'>): string {
  // Question + gold: the same question with a different gold answer is a different sample.
  return digest(`${r.question.trim()}${SEP}${(presentText(r.answer) ?? presentText(r.solution) ?? '').trim()}`);
}

/** The question alone (trimmed): finds a stored sample of the same question whatever its gold. */
export function questionKey(question: string): string {
  return digest(question.trim());
}

const SEP_BYTES = Buffer.from(SEP);

/** Hash of a trace's producer, thinking and answer; the same value for strings and for their UTF-8 bytes. */
export function traceHash(t: { producer: string; thinking: string | Uint8Array; answer: string | Uint8Array }): string {
  return createHash('sha1').update(t.producer).update(SEP_BYTES).update(t.thinking).update(SEP_BYTES).update(t.answer)
    .digest('hex').slice(0, 32);
}

/** The stored key of copy `copy` (0-based) of a response whose text hash is `hash`. */
export function copyHash(hash: string, copy: number): string {
  return copy === 0 ? hash : `${hash}#${copy}`;
}

// One-shot hashing (Node >= 20.12) makes no Hash object: hashing was a tenth of the parse worker's time, much of it
// spent making the two per row.
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;

function digest(s: string | Uint8Array): string {
  return (oneShot ? oneShot('sha1', s, 'hex') : createHash('sha1').update(s).digest('hex')).slice(0, 32);
}

/** traceHash of bytes already laid out as producer, separator, thinking, separator, answer (pack-text.ts). */
export function traceHashOfJoined(joined: Uint8Array): string {
  return digest(joined);
}

/** The separator traceHash puts between the producer, thinking and answer, as a byte. */
export const TRACE_SEP_BYTE = SEP_BYTES[0];
/** The separator sampleHash puts between the question and the gold (the same byte). */
export const SAMPLE_SEP_BYTE = SEP_BYTES[0];

const json = (v: unknown): string | null => (v === undefined || v === null ? null : v instanceof JsonText ? v.text : JSON.stringify(v));

/**
 * The record ready to store. With `keysFromBytes`, hash and questionKey are left empty for TextPacker.pack, which
 * hashes them from the bytes it packs (the same keys; no joined string to make and encode for each row).
 */
export function prepareSample(record: SampleRecord, line: number, keysFromBytes = false): PreparedSample {
  // withoutMissingValues, field by field: no copy of the record per row.
  const solution = presentText(record.solution);
  const answer = presentText(record.answer);
  return {
    hash: keysFromBytes ? '' : sampleHash({ question: record.question, answer, solution }),
    questionKey: keysFromBytes ? '' : questionKey(record.question),
    question: record.question,
    solution,
    answer,
    source: presentText(record.source),
    domain: presentText(record.domain),
    cotType: presentText(record.cotType),
    metadata: json(record.metadata),
    features: record.features && Object.keys(record.features).length ? JSON.stringify(record.features) : null,
    line,
    traces: record.traces.map(prepareTrace),
  };
}

/** sampleHash of bytes already laid out as trimmed question, separator, trimmed gold (pack-text.ts). */
export function sampleHashOfJoined(joined: Uint8Array): string {
  return digest(joined);
}

/** questionKey of a trimmed question's UTF-8 bytes. */
export function questionKeyOfBytes(question: Uint8Array): string {
  return digest(question);
}

function prepareTrace(t: TraceRecord): PreparedTrace {
  return {
    hash: '', // filled by packText from the UTF-8 bytes (saves encoding the largest text twice)
    producer: t.producer,
    thinking: t.thinking,
    answer: t.answer,
    thinkingTokens: t.thinkingTokens ?? null,
    finishReason: presentText(t.finishReason),
    grade: t.grade ?? null,
    metadata: t.metadata && Object.keys(t.metadata).length ? JSON.stringify(t.metadata) : null,
  };
}
