// Webview entry (the review panel arrives with its own issue). It only talks to the extension
// through the messages of src/shared/protocol.ts; it never touches the database.
import type { HostToWebview, WebviewToHost } from '../src/shared/protocol';

declare function acquireVsCodeApi(): { postMessage(m: WebviewToHost): void };

const vscode = acquireVsCodeApi();
window.addEventListener('message', (e: MessageEvent<HostToWebview>) => {
  const root = document.getElementById('root');
  if (root && e.data.type === 'init') root.textContent = `${e.data.state.datasets.length} datasets`;
});
vscode.postMessage({ type: 'ready' });
