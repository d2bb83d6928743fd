// Rendered HTML parsed ahead of the task that shows it (html-nodes.ts inserts the nodes): a background job parses the
// next sample's question and gold answer, or the shown sample's first slice of thinking, so that a key or a click only
// inserts them. Without a DOM (unit tests under Node) nothing is parsed ahead.

/** Parsed and not used yet, newest last. A fragment is used once (its nodes move into the page). */
const parsed = new Map<string, DocumentFragment>();
const MAX_PARSED = 16;

export function parseHtml(html: string): DocumentFragment {
  const t = document.createElement('template');
  t.innerHTML = html;
  return t.content;
}

/** Parses `html` now, for the next htmlNodes(html) to insert without parsing. Returns whether it parsed anything. */
export function parseAhead(html: string): boolean {
  if (typeof document === 'undefined' || parsed.has(html)) return false;
  parsed.set(html, parseHtml(html));
  for (const key of parsed.keys()) {
    if (parsed.size <= MAX_PARSED) break;
    parsed.delete(key);
  }
  return true;
}

/** The nodes of `html`: parsed ahead (taken: a second use parses again), else parsed now. */
export function takeParsed(html: string): DocumentFragment {
  const ahead = parsed.get(html);
  if (!ahead) return parseHtml(html);
  parsed.delete(html);
  return ahead;
}
