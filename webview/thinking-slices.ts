// Where a long thinking is cut into the slices the panel renders one at a time (trace-view.ts), and warms ahead
// (prerender.ts).

/**
 * Thinking is rendered in slices: a small first one, about what the rest of the first screen shows under the
 * thinking's header (opening it lays out and paints only that), then larger ones. 1,200 characters was tried: on the
 * bench's long sample the first slice then showed under 1,000 characters of text and a screenful came only with the
 * second slice (435-459 ms against 160 ms with 2,000; bench/panel.mjs, quiet, 2026-12-02).
 */
const FIRST_SLICE_CHARS = 2_000;
const SLICE_CHARS = 4_000;

/** Where the slice of `thinking` that starts at `from` ends: at a paragraph break when one is near, so math is rarely split. */
export function sliceEnd(thinking: string, from: number): number {
  const size = from === 0 ? FIRST_SLICE_CHARS : SLICE_CHARS;
  let next = Math.min(thinking.length, from + size);
  const para = thinking.indexOf('\n\n', next);
  if (next < thinking.length && para >= 0 && para - next <= size) next = para;
  return next;
}
