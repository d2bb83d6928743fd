// Untrusted strings (data set names, labels, sources, file names) in quick picks and tree items: plain text that
// cannot isolate its parts, so the bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E/F) are removed and the
// string is marked, instead of letting "U+202E" reverse what is shown around it. No vscode import.

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/g;

export function hasBidiControls(s: string): boolean {
  return /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/.test(s);
}

/** `s` without bidi controls; marked with a trailing "⚠" (as plain text can show it) when it had any. */
export function safeLabel(s: string): string {
  return hasBidiControls(s) ? `${s.replace(BIDI_CONTROLS, '')} \u26A0` : s;
}
