// The spare pane. While a person reads one sample, the likeliest next one is rendered and laid out in a second,
// hidden pane on idle time; the key that shows it swaps the panes (a class and a visibility change) instead of
// building, styling and laying out the sample inside the key's task, which was most of a key's time (bench/panel).
// This holds which pane is shown and what the spare holds; the app renders both and keeps the focus and the
// reference solution's open state in step. A sample that changed is a new object in the detail cache, so a spare
// holding an older copy is never swapped in.
import type { ReviewSampleDetail } from '../src/shared/protocol';

export interface PaneContent { detail: ReviewSampleDetail | null; showing: number }

export class SparePane {
  /** Which of the two pane elements is shown (0 or 1); the other is the spare. */
  front = 0;
  /** What the spare holds. */
  content: PaneContent = { detail: null, showing: 0 };
  /** Whether the spare was rendered afresh for its sample (not the sample just left, with its thinking as it was). */
  private ready = false;

  /**
   * Shows `detail` by a swap when the spare holds exactly it, ready: the shown pane's content becomes the spare's
   * and the spare's is returned, to be shown. Null: no swap (the caller renders `detail` in the shown pane).
   */
  take(detail: ReviewSampleDetail | null, shown: PaneContent): PaneContent | null {
    if (!this.ready || !detail || this.content.detail !== detail) return null;
    const next = this.content;
    this.content = shown;
    this.front = 1 - this.front;
    this.ready = false;
    return next;
  }

  /** Whether the spare should be filled with `detail` (it holds something else, or not ready). */
  wants(detail: ReviewSampleDetail): boolean {
    return !this.ready || this.content.detail !== detail;
  }

  fill(detail: ReviewSampleDetail, showing: number): void {
    this.content = { detail, showing };
    this.ready = true;
  }
}
