// The panel's own verdicts: a sample's review status, a trace's grade, truncation and answer check. Trace text
// can draw coloured boxes (KaTeX), so these never sit inside rendered text, and each carries a codicon glyph
// and a solid border (class "real-badge") that rendered text cannot produce: markdown has raw HTML off, and
// KaTeX neither sets classes nor uses the codicon font with trust off.
import { html, nothing } from 'lit';
import type { ReviewSampleDetail, ReviewStatus } from '../src/shared/protocol';

type Check = NonNullable<ReviewSampleDetail['traces'][number]['check']>;

const STATUS_ICON: Record<ReviewStatus, string> = { unreviewed: 'circle-large', accepted: 'pass-filled', rejected: 'error', flagged: 'flag' };

export const icon = (name: string) => html`<i class="codicon codicon-${name}" aria-hidden="true"></i>`;

export function statusBadge(status: ReviewStatus, id?: string) {
  return html`<span class="badge real-badge ${status}" id=${id ?? nothing}>${icon(STATUS_ICON[status])}${status}</span>`;
}

/** The grade the source (or a grader) recorded. */
export function gradeBadge(grade: number | null) {
  if (grade !== 1 && grade !== 0) return nothing;
  return html`<span class="grade real-badge ${grade ? 'ok' : 'bad'}" title="graded ${grade ? 'correct' : 'wrong'} by its source">${icon(grade ? 'pass' : 'error')}${grade ? 'correct' : 'wrong'}</span>`;
}

export function truncatedBadge(finishReason: string | null) {
  return finishReason === 'length'
    ? html`<span class="grade real-badge bad" title="the thinking stopped at its token limit">${icon('warning')}truncated</span>` : nothing;
}

/** An extracted answer this long is cut in the badge; the title holds it whole. */
const SHORT = 24;

/** Distillery's own check of the trace's answer against the gold answer: the verdict next to the trace's header. */
export function checkBadge(c: Check | null) {
  if (!c) return nothing;
  const got = c.extracted ?? '(nothing)';
  const text = c.equal ? `Extracted ${got}: matches the gold answer` : `Extracted ${got}: does not match the gold answer (${c.reason})`;
  const shown = got.length > SHORT ? `${got.slice(0, SHORT - 1)}…` : got;
  // A match needs no more words (the gold answer is shown above); a mismatch shows what was extracted.
  return html`<span class="verdict real-badge ${c.equal ? 'ok' : 'bad'}" title=${text} aria-label=${text}>${icon(c.equal ? 'check' : 'close')}${c.equal
    ? 'matches gold' : html`not gold: <code><bdi>${shown}</bdi></code>`}</span>`;
}
