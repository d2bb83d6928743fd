// Curation in words: why a stage dropped a sample, why a selection fell short of its target, and when a person's
// decision kept a sample a stage would have dropped. The CLI's funnel and the editor's notification both read
// these, so the two say the same thing.
import type { FunnelRow } from './stages/types';

/** "1 sample", "5 samples", "1,000 samples". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

/** "a", "a and b", "a, b and c". */
function list(xs: readonly string[]): string {
  return xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** What each s1 feature column is, to name the missing ones by their use. */
const COLUMN_KIND: Record<string, string> = {
  isqwen7bcorrect: 'difficulty', isqwen32bcorrect: 'difficulty', isgeminicorrect: 'teacher-grade', gemini_length: 'length', domain: 'domain',
};

/**
 * "missing the difficulty columns isqwen7bcorrect, isqwen32bcorrect and the domain column: run generation or
 * import them (the featurized s1 pool has them)".
 */
export function describeMissingColumns(missing: readonly string[]): string {
  const byKind = new Map<string, string[]>();
  for (const c of missing) {
    const k = COLUMN_KIND[c] ?? 'feature';
    (byKind.get(k) ?? byKind.set(k, []).get(k)!).push(c);
  }
  const parts = [...byKind].map(([kind, cols]) => (kind === 'domain' ? 'the domain column' : `the ${kind} ${cols.length === 1 ? 'column' : 'columns'} ${cols.join(', ')}`));
  return `missing ${list(parts)}: run generation or import them (the featurized s1 pool has them)`;
}

/** A detector's finding as the reason a stage dropped the sample. */
export function describeFinding(label: string, evidence: Record<string, unknown>): string {
  const why = typeof evidence.reason === 'string' ? evidence.reason : undefined;
  switch (label) {
    case 'missing-features': return Array.isArray(evidence.missing) ? describeMissingColumns(evidence.missing as string[]) : 'missing feature columns';
    case 'api-error': return `the API call failed: ${why === 'error text' ? `an error message instead of the ${String(evidence.field ?? 'text')}` : why ?? 'no usable answer'}`;
    case 'wrong-answer': return `the teacher's answer is wrong (decided by the ${String(evidence.decided_by ?? 'grader')})`;
    case 'truncated': return `the trace was cut off${why ? ` (${why})` : ''}`;
    case 'language': return `the ${String(evidence.field ?? 'text')} is not in the expected language`;
    case 'formatting': case 'image-reference': case 'ascii-art':
      return `${label === 'formatting' ? 'formatting s1 drops' : label === 'ascii-art' ? 'ASCII art' : 'a reference to an image'}${typeof evidence.pattern === 'string' ? ` (${evidence.pattern})` : ''}`;
    default: return why ? `${label}: ${why}` : label;
  }
}

/**
 * When the selection is smaller than the target: "kept 1 of target 1,000: only 5 samples in the pool", or which
 * stages took the rest. Undefined when the target was reached.
 */
export function targetNote(funnel: readonly FunnelRow[], target: number, selected: number): string | undefined {
  if (selected >= target) return undefined;
  const pool = funnel[0]?.kept ?? 0;
  const head = `kept ${selected.toLocaleString('en-US')} of target ${target.toLocaleString('en-US')}`;
  if (pool < target) return `${head}: only ${plural(pool, 'sample')} in the pool`;
  const takers = funnel.filter((f) => f.type !== 'start' && f.dropped > 0).sort((a, b) => b.dropped - a.dropped).slice(0, 3);
  return `${head}: the stages left too few (${takers.map((f) => `'${f.stage}' dropped ${f.dropped.toLocaleString('en-US')}`).join(', ') || 'nothing was drawn'})`;
}

/** "1 sample kept because a person accepted it, although stage 'x' would drop it (reason)". */
export function overrideNote(row: FunnelRow): string | undefined {
  if (!row.overridden) return undefined;
  return `${plural(row.overridden, 'sample')} kept because a person accepted ${row.overridden === 1 ? 'it' : 'them'}, although this stage would drop ${row.overridden === 1 ? 'it' : 'them'}`;
}
