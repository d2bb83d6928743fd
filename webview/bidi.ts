// Untrusted strings (labels, data set and source names, producers) may carry bidi controls (U+202E) that
// reverse the text around them. In markup they go in <bdi> (or an element with unicode-bidi: isolate); in
// plain text that cannot hold markup (<option>) they are wrapped in FSI…PDI, which closes any override inside.

/** `s` as an isolate for plain text: its own isolate controls are dropped so none can close the wrapper early. */
export function isolateText(s: string): string {
  return `\u2068${s.replace(/[\u2066-\u2069]/g, '')}\u2069`;
}
