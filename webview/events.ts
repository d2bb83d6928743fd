// What the panel's elements tell the app (events up); the app answers by setting their properties (down).
import type { ReviewFilter } from '../src/shared/protocol';

export interface ReviewEvents {
  /** A filter control changed: the whole new filter. */
  'filter-change': ReviewFilter;
  /** Keep what the filter shows as a named selection. */
  'save-selection': { name: string };
  /** A row was clicked. */
  'sample-select': { index: number };
  /** Rows [from, to) are on screen but not loaded yet. */
  'rows-needed': { from: number; to: number };
  /** The note being written was confirmed (Enter) or abandoned (Escape, note null). */
  'note-done': { label: string; note: string | null };
  /** The diff now compares these two traces. */
  'diff-change': { left: number; right: number };
  /** A trace header's Compare button: mark this trace, or diff it with the one marked. */
  'trace-compare': { id: number };
  /** Open the two traces in VS Code's diff editor. */
  'open-diff': { left: number; right: number };
  'export-selection': { selection: string };
}

export type ReviewEvent<K extends keyof ReviewEvents> = CustomEvent<ReviewEvents[K]>;

export function emit<K extends keyof ReviewEvents>(from: HTMLElement, name: K, detail: ReviewEvents[K]): void {
  // Light DOM throughout, so bubbling is enough for the app to hear an element nested in another.
  from.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
}
