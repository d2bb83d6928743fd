// Where the keyboard focus goes when something that held it closes: the note field (Enter, Escape), the keys overlay
// (Escape, its close button), the diff (Escape, d). Removed from the page, the focused element would leave the focus
// on the page's body: a screen reader says nothing, and Tab starts again from the top. The focus goes back to where
// it was before the thing opened, or else to the sample list (`.list`).

/** The element whose state shows the things that open and close (the review app). */
interface Host { readonly updateComplete: Promise<unknown>; querySelector<E extends HTMLElement>(selector: string): E | null }

export class FocusReturn {
  private held: HTMLElement | null = null;

  /** Remembers the focused element, before the focus moves into something that will close. */
  hold(): void {
    const a = document.activeElement;
    this.held = a instanceof HTMLElement && a !== document.body ? a : null;
  }

  /**
   * After something closed (its removal rendered): if the focus was left on nothing (it was inside what closed), it
   * goes back to the element held, or else to `fallback`. A focus that is somewhere (the person clicked elsewhere)
   * or outside the panel (in VS Code) is left alone.
   */
  restore(fallback: HTMLElement | null): void {
    const to = this.held?.isConnected ? this.held : fallback;
    this.held = null;
    const a = document.activeElement;
    if (!document.hasFocus() || (a && a !== document.body)) return;
    to?.focus({ preventScroll: true });
  }

  /** Shows something (`show` sets the host's state) and, once rendered, focuses `selector` in it. */
  async open(host: Host, show: () => void, selector: string): Promise<void> {
    this.hold();
    show();
    await host.updateComplete;
    host.querySelector<HTMLElement>(selector)?.focus();
  }

  /** Closes something (`hide` sets the host's state, at once) and, once rendered, gives the focus back. */
  async close(host: Host, hide: () => void): Promise<void> {
    hide();
    await host.updateComplete;
    this.restore(host.querySelector<HTMLElement>('.list'));
  }
}
