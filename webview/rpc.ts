// Requests from the webview to the engine, relayed by the extension and answered by id.
import type { EngineRequestMessage, HostToWebview, WebviewMethod, WebviewRequests, WebviewToHost } from '../src/shared/protocol';

export interface VsCodeApi<S> {
  postMessage(m: WebviewToHost): void;
  getState(): S | undefined;
  setState(s: S): void;
}

export type Result<M extends WebviewMethod> = WebviewRequests[M]['result'];

export class Rpc {
  private nextId = 1;
  /** Each resolver is typed for its own method when it is made; a response only carries the id. */
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly post: (m: WebviewToHost) => void) {}

  /** Only the methods the extension relays for a webview; params and result are those of the method named. */
  request<M extends WebviewMethod>(method: M, params: WebviewRequests[M]['params']): Promise<Result<M>> {
    const id = this.nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      // The host answers with its method's result (EngineRequests), so this is where `unknown` becomes typed.
      this.pending.set(id, { resolve: (v) => resolve(v as Result<M>), reject });
      // Checked against this method's variant; TypeScript cannot widen a generic variant to the union by itself.
      this.post({ type: 'request', id, method, params } satisfies EngineRequestMessage<M> as WebviewToHost);
    });
  }

  /** Feeds a host message; returns true when it was a response. */
  handle(m: HostToWebview): boolean {
    if (m.type !== 'response') return false;
    const p = this.pending.get(m.id);
    if (!p) return true;
    this.pending.delete(m.id);
    if (m.error !== undefined) p.reject(new Error(m.error));
    else p.resolve(m.result);
    return true;
  }
}
