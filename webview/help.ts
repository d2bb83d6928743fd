// The keys overlay ('?'): the default bindings, which a person may rebind in VS Code.
import { html } from 'lit';

export function keysHelp() {
  return html`<aside class="help" role="dialog" aria-label="Keys">
    <h3>Keys</h3>
    <p><kbd>j</kbd>/<kbd>k</kbd> next / previous · <kbd>a</kbd> accept · <kbd>r</kbd> reject · <kbd>f</kbd> flag · <kbd>u</kbd> undo</p>
    <p><kbd>1</kbd>–<kbd>9</kbd> toggle labels · <kbd>/</kbd> search · <kbd>n</kbd> note · <kbd>d</kbd> diff two traces · <kbd>?</kbd> this help</p>
    <p>Rebind them in Keyboard Shortcuts (search "distillery.review").</p>
  </aside>`;
}
