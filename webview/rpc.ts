// Requests from the webview to the engine, relayed by the extension and answered by id.
import type { EngineMethod, EngineRequests, HostToWebview, WebviewToHost } from '../src/shared/protocol';

export interface VsCodeApi<S> {
  postMessage(m: WebviewToHost): void;
  getState(): S | undefined;
  setState(s: S): void;
}

export class Rpc {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly api: VsCodeApi<unknown>) {}

  request<M extends EngineMethod>(method: M, params: EngineRequests[M]['params']): Promise<EngineRequests[M]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.api.postMessage({ type: 'request', id, method, params });
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
