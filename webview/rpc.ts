// Requests from the webview to the engine, relayed by the extension and answered by id.
import type { EngineMethod, EngineRequestMessage, EngineRequests, WebviewMethod, WebviewToHost } from '../src/shared/protocol';

/** The page's VS Code API: `Out` is what the page may post (the review panel's messages by default). */
export interface VsCodeApi<S, Out = WebviewToHost> {
  postMessage(m: Out): void;
  getState(): S | undefined;
  setState(s: S): void;
}

export type Result<M extends EngineMethod> = EngineRequests[M]['result'];

/** A host message: a response to a request (type 'response', its id), or another one left to the page. */
type HostMessage = { type: string; id?: number; result?: unknown; error?: string; [k: string]: unknown };

/** `Methods`: what the page may call (the review panel's by default; the runs dashboard has its own list). */
export class Rpc<Methods extends EngineMethod = WebviewMethod> {
  private nextId = 1;
  /** Each resolver is typed for its own method when it is made; a response only carries the id. */
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly post: (m: EngineRequestMessage<Methods>) => void) {}

  /** Only the methods the extension relays for this page; params and result are those of the method named. */
  request<M extends Methods>(method: M, params: EngineRequests[M]['params']): Promise<Result<M>> {
    const id = this.nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      // The host answers with its method's result (EngineRequests), so this is where `unknown` becomes typed.
      this.pending.set(id, { resolve: (v) => resolve(v as Result<M>), reject });
      // Checked against this method's variant; TypeScript cannot widen a generic variant to the union by itself.
      this.post({ type: 'request', id, method, params } satisfies EngineRequestMessage<M> as EngineRequestMessage<Methods>);
    });
  }

  /** Feeds a host message; returns true when it was a response. */
  handle(m: HostMessage): boolean {
    if (m.type !== 'response') return false;
    const id = m.id ?? -1;
    const p = this.pending.get(id);
    if (!p) return true;
    this.pending.delete(id);
    if (m.error !== undefined) p.reject(new Error(m.error));
    else p.resolve(m.result);
    return true;
  }
}
