// Where a trace's answer is cut into the parts the panel inserts one per background slice after the sample's
// first screen is painted (trace-view.ts), and warms ahead (prerender.ts). Cuts fall only at blank lines where
// markdown starts a new block anyway, so the parts rendered one after another make the same HTML as the whole.

/** An answer this long or shorter is one part; longer ones are cut about this often. */
export const ANSWER_PART_CHARS = 1_000;

/** Whether `text` may be cut at the blank line at `at` (`text[at..at+2]` is "\n\n"): outside code, math and lists. */
function safeCut(text: string, at: number): boolean {
  const before = text.slice(0, at);
  // Inside a code fence, display math ($$, \[ \], an environment) or a list item's continuation, a blank line does
  // not end the block: the cut would change what markdown makes of the text around it.
  if ((before.match(/^ {0,3}(?:```|~~~)/gm)?.length ?? 0) % 2) return false;
  if ((before.match(/(?<!\\)\$\$/g)?.length ?? 0) % 2) return false;
  if ((before.match(/\\\[/g)?.length ?? 0) !== (before.match(/\\\]/g)?.length ?? 0)) return false;
  if ((before.match(/\\begin\{/g)?.length ?? 0) !== (before.match(/\\end\{/g)?.length ?? 0)) return false;
  const after = text.slice(at).replace(/^\n+/, '');
  // An indented or list-marked paragraph belongs to the block above it (a loose list, an item's second paragraph).
  if (!after || /^[ \t]/.test(after) || /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/.test(after)) return false;
  const last = before.slice(before.lastIndexOf('\n') + 1);
  if (/^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]/.test(last) || /^[ \t]/.test(last)) return false;
  return true;
}

/** The answer's parts, in order; joined they are the text exactly. */
export function answerParts(text: string, size = ANSWER_PART_CHARS): string[] {
  if (text.length <= size) return [text];
  const parts: string[] = [];
  let from = 0;
  let at = text.indexOf('\n\n', from + size);
  while (at >= 0 && text.length - at > size / 4) {
    if (safeCut(text, at)) {
      parts.push(text.slice(from, at));
      from = at;
      at = text.indexOf('\n\n', from + size);
    } else {
      at = text.indexOf('\n\n', at + 2);
    }
  }
  parts.push(text.slice(from));
  return parts;
}
