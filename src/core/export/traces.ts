// Which samples and traces leave Distillery. A person's decisions come first: a sample a person rejected (review
// status 'rejected', or a 'drop' label, which wins over the status as in curation) is never exported, nor a trace
// a person labelled 'drop' or 'reject'. Detector labels never remove anything here: the selection already holds
// curation's verdict, and a person who accepted a flagged sample has overruled the detector.
import type { ExportSampleRow, ExportTraceRow } from '../store/export-rows';

/** What the choice reads of a trace and a sample (the texts may be strings or JSON bytes: export/json-rows.ts). */
type TraceFacts = Pick<ExportTraceRow, 'id' | 'humanLabels' | 'verdict' | 'grade'>;
type SampleFacts<T extends TraceFacts> = Pick<ExportSampleRow, 'humanDecision' | 'status'> & { traces: T[] };

export const TRACE_CHOICES = ['best', 'all', 'verified', 'accepted'] as const;
export type TraceChoice = (typeof TRACE_CHOICES)[number];

const TRACE_KEEP = new Set(['keep', 'accept', 'accepted']);
const TRACE_DROP = new Set(['drop', 'reject', 'rejected']);

/** Whether a person rejected the sample: a 'drop' label, else the review status (a 'keep' label overrides 'rejected'). */
export function sampleRejected(s: Pick<ExportSampleRow, 'humanDecision' | 'status'>): boolean {
  if (s.humanDecision) return s.humanDecision === 'drop';
  return s.status === 'rejected';
}

function sampleAccepted(s: Pick<ExportSampleRow, 'humanDecision' | 'status'>): boolean {
  if (s.humanDecision) return s.humanDecision === 'keep';
  return s.status === 'accepted';
}

export const traceRejected = (t: Pick<ExportTraceRow, 'humanLabels'>): boolean => t.humanLabels.some((l) => TRACE_DROP.has(l));

/** Accepted by a person: the trace itself, or the whole sample when none of its traces was singled out. */
function acceptedTraces<T extends TraceFacts>(s: SampleFacts<T>, kept: readonly T[]): Set<number> {
  const marked = kept.filter((t) => t.humanLabels.some((l) => TRACE_KEEP.has(l)));
  if (marked.length) return new Set(marked.map((t) => t.id));
  return sampleAccepted(s) ? new Set(kept.map((t) => t.id)) : new Set();
}

/**
 * Verified correct: accepted by a person; else the verifier's verdict (`distillery verify`) when it reached one;
 * else graded correct by the source. A person's 'wrong-answer' label overrules a grade and a verdict alike.
 */
function verified(t: TraceFacts, accepted: Set<number>): boolean {
  if (accepted.has(t.id)) return true;
  if (t.humanLabels.includes('wrong-answer') || t.verdict === 'verify-failed') return false;
  return t.verdict === 'verified' || t.grade === 1;
}

/** The traces of one (not rejected) sample to export, in export order. `length`: the thinking's length in UTF-16 units. */
export function chooseTraces<T extends TraceFacts>(s: SampleFacts<T>, choice: TraceChoice, length: (t: T) => number): T[] {
  const kept = s.traces.filter((t) => !traceRejected(t));
  if (!kept.length) return [];
  const accepted = acceptedTraces(s, kept);
  switch (choice) {
    case 'all': return kept;
    case 'accepted': return kept.filter((t) => accepted.has(t.id));
    case 'verified': return kept.filter((t) => verified(t, accepted));
    case 'best': {
      if (kept.length === 1) return kept;
      // Accepted by a person first, then verified correct, then the longest thinking; ties by id (the first imported).
      const key = (t: T) => [accepted.has(t.id) ? 1 : 0, verified(t, accepted) ? 1 : 0, length(t)];
      let best = kept[0];
      let bk = key(best);
      for (const t of kept.slice(1)) {
        const k = key(t);
        if (k[0] > bk[0] || (k[0] === bk[0] && (k[1] > bk[1] || (k[1] === bk[1] && k[2] > bk[2])))) { best = t; bk = k; }
      }
      return [best];
    }
  }
}
