// The keys overlay ('?'): the default bindings, which a person may rebind in VS Code. Escape or its button closes it.
// It takes the focus when it opens (focusable, tabindex -1: a screen reader reads the dialog) and gives it back after.
import { html } from 'lit';

/** `advance`: accept / reject move on to the next sample (distillery.review.advanceAfterDecision). */
export function keysHelp(close: () => void, advance: boolean) {
  return html`<aside class="help" role="dialog" aria-label="Keys" tabindex="-1">
    <button class="help-close" title="Close (Escape)" aria-label="Close" @click=${close}><i class="codicon codicon-close" aria-hidden="true"></i></button>
    <h3>Keys</h3>
    <p><kbd>j</kbd>/<kbd>k</kbd> or <kbd>↓</kbd>/<kbd>↑</kbd> next / previous · <kbd>Home</kbd>/<kbd>End</kbd> first / last · <kbd>PgUp</kbd>/<kbd>PgDn</kbd> a screenful</p>
    <p><kbd>a</kbd> accept · <kbd>r</kbd> reject${advance ? ' (then on to the next sample)' : ''} · <kbd>f</kbd> flag · <kbd>u</kbd> undo</p>
    <p><kbd>1</kbd>–<kbd>9</kbd> toggle labels · <kbd>/</kbd> search · <kbd>n</kbd> note · <kbd>d</kbd> diff two traces (Compare… on a trace header: any two) · <kbd>?</kbd> this help · <kbd>Esc</kbd> close this help or the diff</p>
    <p>Rebind the letter keys in Keyboard Shortcuts (search "distillery.review"); the setting <code>distillery.review.advanceAfterDecision</code> says whether a decision moves on.</p>
  </aside>`;
}
