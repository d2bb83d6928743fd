// Webview entry. It only talks to the extension through the messages of src/shared/protocol.ts;
// it never touches the database.
import 'katex/dist/katex.min.css';
// Icons of the panel's own badges and buttons (a font that rendered trace text cannot use).
import '@vscode/codicons/dist/codicon.css';
import './review.css';
import type { ReviewViewState, WebviewInitState } from '../src/shared/protocol';
import './review-app'; // defines <distillery-review>
import type { ReviewApp } from './review-app';
import type { VsCodeApi } from './rpc';

declare function acquireVsCodeApi(): VsCodeApi<ReviewViewState>;

const init = JSON.parse(document.getElementById('distillery-init')!.textContent!) as WebviewInitState;
const app = document.querySelector('distillery-review') as unknown as ReviewApp;
const api = acquireVsCodeApi();
// For bench/panel: the same (allow-listed) path the panel's own requests take.
(window as unknown as { __distilleryPost: VsCodeApi<ReviewViewState>['postMessage'] }).__distilleryPost = (m) => api.postMessage(m);
app.start(api, init);
