// What the review panel does when the engine process is replaced (Restart Engine, a crash, or another database in
// distillery.databasePath): the filter it shows on the new process's database, and the words for a person's
// decision that the old process never saved. Pure, unit-tested under Node.
import type { DatasetSummary, ReviewFilter, ReviewSampleDetail, ReviewStatus } from '../src/shared/protocol';
import type { Action } from './review-model';

/**
 * The filter to show after a new engine process started: the same one while its data set is there; when it is not
 * (another database), the new database's first data set, as the panel opens on (a run, a selection or a search of
 * the old database means nothing there). A filter without a data set (all data sets, a mix's selection) stays.
 */
export function filterAfterRestart(filter: ReviewFilter, datasets: readonly Pick<DatasetSummary, 'name'>[]): ReviewFilter {
  if (!filter.dataset || datasets.some((d) => d.name === filter.dataset)) return filter;
  return datasets.length ? { dataset: datasets[0].name } : {};
}

/** The write a key makes, in words ("accept of sample 12"), or null for a key that writes nothing. */
export function writeOf(a: Action, sampleId: number | undefined, status: ReviewStatus | undefined): string | null {
  if (sampleId === undefined) return a.kind === 'undo' ? 'undo' : null;
  if (a.kind === 'status') {
    const word = status === a.status ? `taking back the ${a.status} status` : { accepted: 'accept', rejected: 'reject', flagged: 'flag', unreviewed: 'taking back' }[a.status];
    return `${word} of sample ${sampleId}`;
  }
  if (a.kind === 'label') return `label ${a.label} on sample ${sampleId}`;
  if (a.kind === 'undo') return 'undo';
  return null;
}

/** The panel's message for a write that failed: it stays until a later write is saved (a reload keeps it). */
export function notSavedMessage(what: string, reason: string): string {
  return `Not saved: ${what} (${reason.replace(/[.\s]+$/, '')}). Press the key again.`;
}

/**
 * A status or label write whose answer never came: the engine may have saved it before its process ended. What the
 * sample shows once it landed (the status asked for; the label's human annotation the other way round).
 */
export type UnansweredWrite = { id: number; question: string } & ({ status: ReviewStatus } | { label: string; had: boolean });

type Shown = Pick<ReviewSampleDetail, 'id' | 'question' | 'status' | 'annotations'>;

const hasHumanLabel = (d: Shown, label: string) => d.annotations.some((a) => a.origin === 'human' && a.label === label);

export function unansweredWrite(a: Action, d: Shown): UnansweredWrite | null {
  if (a.kind === 'status') return { id: d.id, question: d.question, status: d.status === a.status ? 'unreviewed' : a.status };
  if (a.kind === 'label') return { id: d.id, question: d.question, label: a.label, had: hasHumanLabel(d, a.label) };
  return null;
}

/**
 * Whether the sample, read again from the new engine, shows the write done: then it was saved after all. The same
 * id with another question is another database's sample (the restart was a switch of databasePath): it says nothing.
 */
export function landed(w: UnansweredWrite, d: Shown): boolean {
  if (d.id !== w.id || d.question !== w.question) return false;
  return 'status' in w ? d.status === w.status : hasHumanLabel(d, w.label) !== w.had;
}
