// Curation in words: why a stage dropped a sample, why a selection fell short of its target, and when a person's
// decision kept a sample a stage would have dropped. The CLI's funnel and the editor's notification both read
// these, so the two say the same thing.

/** A funnel row as stored with a selection (the fields these notes read). */
export interface FunnelLine { stage: string; type?: string; kept: number; dropped?: number; reason?: string; overridden?: number; picked?: number }

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
 * When the selection missed the target: below it, "kept 1 of target 1,000: only 5 samples in the pool", or which
 * stages took the rest; above it, why (picks and a person's accepted samples are all kept, as s1 keeps every AIME
 * and GPQA question, and nothing is drawn then). Undefined when the target was met exactly.
 */
export function targetNote(funnel: readonly FunnelLine[], target: number, selected: number): string | undefined {
  if (selected > target) {
    const picked = funnel.reduce((n, f) => n + (f.picked ?? 0), 0);
    const accepted = selected - picked;
    // (selected > target >= 1, so the counts named add up to 2 or more: 'are')
    const why = [...(picked ? [`${plural(picked, 'benchmark pick')} (${list(funnel.filter((f) => f.picked).map((f) => `'${f.stage}'`))})`] : []),
      ...(accepted > 0 ? [`${plural(accepted, 'sample')} a person accepted`] : [])];
    return `selected ${selected.toLocaleString('en-US')}, over target ${target.toLocaleString('en-US')}: ${list(why)} are all kept`
      + ' and nothing was drawn; raise the target, or narrow the picks in a recipe file';
  }
  if (selected === target) return undefined;
  const pool = funnel[0]?.kept ?? 0;
  const head = `kept ${selected.toLocaleString('en-US')} of target ${target.toLocaleString('en-US')}`;
  if (pool < target) return `${head}: only ${plural(pool, 'sample')} in the pool`;
  const takers = funnel.filter((f) => f.type !== 'start' && (f.dropped ?? 0) > 0).sort((a, b) => (b.dropped ?? 0) - (a.dropped ?? 0)).slice(0, 3);
  return `${head}: the stages left too few (${takers.map((f) => `'${f.stage}' dropped ${(f.dropped ?? 0).toLocaleString('en-US')}`).join(', ') || 'nothing was drawn'})`;
}

/** "1 sample kept because a person accepted it, although stage 'x' would drop it (reason)". */
export function overrideNote(row: FunnelLine): string | undefined {
  if (!row.overridden) return undefined;
  return `${plural(row.overridden, 'sample')} kept because a person accepted ${row.overridden === 1 ? 'it' : 'them'}, although this stage would drop ${row.overridden === 1 ? 'it' : 'them'}`;
}

/**
 * The editor's notification of a finished curation: "Distillery: s1k:x@1 holds 1 sample. Kept 1 of target 1,000:
 * only 5 samples in the pool. Stage 'a': <why it dropped everything>. At stage 'a': 1 sample kept because…".
 */
export function curationSummary(ref: string, count: number, target: number, funnel: readonly FunnelLine[]): string {
  const cap = (s: string) => `${s[0].toUpperCase()}${s.slice(1)}.`;
  const note = targetNote(funnel, target, count);
  const emptied = funnel.find((f) => f.reason && f.kept === 0);
  const overrides = funnel.flatMap((f) => { const o = overrideNote(f); return o ? [`at stage '${f.stage}': ${o}`] : []; });
  return [`Distillery: ${ref} holds ${plural(count, 'sample')}.`, ...(note ? [cap(note)] : []),
    ...(emptied ? [`Stage '${emptied.stage}': ${emptied.reason}.`] : []), ...overrides.map(cap)].join(' ');
}
