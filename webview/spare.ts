// The spare pane. While a person reads one sample, the likeliest next one is rendered and laid out in a second
// pane under the one shown, a block at a time in background slices (slices.ts); the key that shows it swaps the
// panes' stacking order instead of building, styling and laying out the sample inside the key's task, which was
// most of a key's time (bench/panel). A key that comes before the last block is laid out adds the blocks left
// (finishes the job) and swaps all the same.
// This holds which pane is shown and what the spare holds; the app renders both and keeps the focus and the
// reference solution's open state in step. A sample that changed is a new object in the detail cache, so a spare
// holding an older copy is never swapped in.
import type { ReviewSampleDetail } from '../src/shared/protocol';

/** What a pane shows: a sample, its showing (a new one starts with every thinking closed), and how many blocks of it. */
export interface PaneContent { detail: ReviewSampleDetail | null; showing: number; blocks?: number }

/**
 * A sample's blocks, as the spare adds them: the head (status, labels, annotations) with the question, the gold
 * answer and solution, then each trace.
 */
export function blockCount(d: ReviewSampleDetail): number {
  return 2 + d.traces.length;
}

export class SparePane {
  /** Which of the two pane elements is shown (0 or 1); the other is the spare. */
  front = 0;
  /** What the spare holds. */
  content: PaneContent = { detail: null, showing: 0 };
  /** Whether the spare holds all of its sample's blocks, rendered afresh (not the sample just left, with its thinking as it was). */
  private ready = false;

  /**
   * Shows `detail` by a swap when the spare holds exactly it, ready: the shown pane's content becomes the spare's
   * and the spare's is returned, to be shown. Null: no swap (the caller renders `detail` in the shown pane).
   */
  take(detail: ReviewSampleDetail | null, shown: PaneContent): PaneContent | null {
    if (!this.ready || !detail || this.content.detail !== detail) return null;
    const next = { detail, showing: this.content.showing };
    this.content = shown;
    this.front = 1 - this.front;
    this.ready = false;
    return next;
  }

  /** Whether the spare should be filled with `detail` (it holds something else, or not all of it). */
  wants(detail: ReviewSampleDetail): boolean {
    return !this.ready || this.content.detail !== detail;
  }

  /** Whether the spare holds (part of) exactly this copy of the sample. */
  holds(detail: ReviewSampleDetail | null): boolean {
    return !!detail && this.content.detail === detail;
  }

  /** Starts filling the spare with `detail`: its first `blocks` blocks (all of them: ready to swap in). */
  fill(detail: ReviewSampleDetail, showing: number, blocks = blockCount(detail)): void {
    this.content = { detail, showing, blocks };
    this.ready = blocks >= blockCount(detail);
  }
}
