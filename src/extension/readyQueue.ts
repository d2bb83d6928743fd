// Messages to a webview wait until its script says `ready` (as vscode-pull-request-github's _waitForReady):
// posted earlier, while the page still loads, they would be dropped. No vscode import, so unit tests run it.

export class ReadyQueue<T> {
  private isReady = false;
  private readonly waiting: T[] = [];

  constructor(private readonly send: (message: T) => void) {}

  get ready(): boolean {
    return this.isReady;
  }

  /** Sends now when the webview is ready, else keeps the message, in order, until it is. */
  post(message: T): void {
    if (this.isReady) this.send(message);
    else this.waiting.push(message);
  }

  /** The webview's `ready`: sends what waited, in order. */
  markReady(): void {
    this.isReady = true;
    for (const m of this.waiting.splice(0)) this.send(m);
  }

  /** New HTML is loading (a reload of the page): wait for its `ready` again. */
  reset(): void {
    this.isReady = false;
  }
}
