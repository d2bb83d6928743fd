// Where a long thinking is cut into the slices the panel renders one at a time (trace-view.ts), and warms ahead
// (prerender.ts).

/** Thinking is rendered in slices: a small first one so the first screen appears at once, then larger ones. */
const FIRST_SLICE_CHARS = 2_000;
const SLICE_CHARS = 4_000;

/** Where the slice of `thinking` that starts at `from` ends: at a paragraph break when one is near, so math is rarely split. */
export function sliceEnd(thinking: string, from: number): number {
  let next = Math.min(thinking.length, from + (from === 0 ? FIRST_SLICE_CHARS : SLICE_CHARS));
  const para = thinking.indexOf('\n\n', next);
  if (next < thinking.length && para >= 0 && para - next <= SLICE_CHARS) next = para;
  return next;
}
