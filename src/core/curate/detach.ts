// Evidence a curation keeps for the whole run (findings, drops) must not hold a slice of a sample's text: V8 keeps
// a substring of 13 or more characters as a view of its parent, so a 200-character span of a solution or a trace
// kept the whole text alive (at 1.2M rows, ~0.5 GB of solutions held by the wrong-answer findings' `gold`).
// `detached` copies the strings of a finding's evidence, once, into strings of their own; values are unchanged.

/** A copy of `s` that shares no memory with the string it was cut from (same UTF-16 code units, lone surrogates too). */
export function ownString(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** `v` with every string in it (in arrays and plain objects, any depth) replaced by its own copy; keys keep their order. */
export function detached<T>(v: T): T {
  if (typeof v === 'string') return ownString(v) as T;
  if (Array.isArray(v)) return v.map(detached) as T;
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = detached((v as Record<string, unknown>)[k]);
    return out as T;
  }
  return v;
}
