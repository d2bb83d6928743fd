// Where the keyboard focus is, for the host: the panel's one-key bindings fire only while the panel has focus
// and it is not in a text field (`when` contexts distillery.reviewHasFocus and distillery.reviewTyping).
import type { WebviewToHost } from '../src/shared/protocol';

export function reportFocus(post: (m: WebviewToHost) => void): void {
  const report = (target: EventTarget | null) => {
    const t = target as HTMLElement | null;
    const typing = !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
    post({ type: 'focus', panel: document.hasFocus(), typing });
  };
  document.addEventListener('focusin', (e) => report(e.target));
  document.addEventListener('focusout', () => report(null));
  window.addEventListener('focus', () => report(document.activeElement));
  window.addEventListener('blur', () => post({ type: 'focus', panel: false, typing: false }));
}
