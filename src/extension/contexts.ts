// The context keys the extension sets (setContext) and package.json's `when` clauses read: declared here once.
// No vscode import: scripts/gen-manifest.mjs and the unit tests read it under plain Node.

export const CONTEXT = {
  /** The engine's state: stopped | starting | ready | restarting | failed (the welcome views read it). */
  engineState: 'distillery.engineState',
  trusted: 'distillery.trusted',
  hasDatasets: 'distillery.hasDatasets',
  /** The review panel is the active editor: enables its commands in the palette. */
  reviewFocused: 'distillery.reviewFocused',
  /** The keyboard focus is inside the review panel. */
  reviewHasFocus: 'distillery.reviewHasFocus',
  /** The review panel's focus is in a text field: its one-key bindings must not fire. */
  reviewTyping: 'distillery.reviewTyping',
} as const;

export type ContextKey = (typeof CONTEXT)[keyof typeof CONTEXT];

/** The review panel's webview type (also in the `when` clause of its keybindings). */
export const REVIEW_VIEW_TYPE = 'distillery.review';

/** When the review panel's one-key bindings fire: the panel is active and the person is not typing. */
export const REVIEW_KEY_WHEN =
  `activeWebviewPanelId == '${REVIEW_VIEW_TYPE}' && !inQuickOpen && !${CONTEXT.reviewTyping} && (${CONTEXT.reviewHasFocus} || !inputFocus)`;
