// Where the keyboard focus is, for the host: the panel's one-key bindings fire only while the panel has focus
// and it is not in a text field (`when` contexts distillery.reviewHasFocus and distillery.reviewTyping).
import type { WebviewToHost } from '../src/shared/protocol';

type FieldTarget = Pick<HTMLElement, 'tagName' | 'isContentEditable'>;

/** Where keys are text, not the panel's one-key bindings. */
export function isTextField(target: EventTarget | null): boolean {
  const t = target as FieldTarget | null;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable === true);
}

/**
 * A character typed into a text field, which must not reach VS Code: the webview forwards every keydown to the
 * workbench, whose one-key bindings (r rejects, a accepts, digits label) are turned off only once the host has heard
 * that the focus is in a field (distillery.reviewTyping), a message behind the first letters typed after a click
 * or `/`. Keys with Ctrl, Alt or Cmd and the named keys (Escape, F1, arrows) still go, for VS Code's own bindings.
 */
export function isTypedText(e: Pick<KeyboardEvent, 'key' | 'target' | 'altKey' | 'ctrlKey' | 'metaKey'>): boolean {
  return isTextField(e.target) && !e.altKey && !e.ctrlKey && !e.metaKey && [...e.key].length === 1;
}

export function reportFocus(post: (m: WebviewToHost) => void): void {
  const report = (target: EventTarget | null) => {
    post({ type: 'focus', panel: document.hasFocus(), typing: isTextField(target) });
  };
  document.addEventListener('focusin', (e) => report(e.target));
  document.addEventListener('focusout', () => report(null));
  window.addEventListener('focus', () => report(document.activeElement));
  window.addEventListener('blur', () => post({ type: 'focus', panel: false, typing: false }));
}
