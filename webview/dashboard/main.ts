// The runs dashboard's entry (its own bundle, out/dashboard.js, so the review panel does not carry Vega). It
// only talks to the extension through the messages of src/shared/protocol.ts; it never touches the database.
import './dashboard.css';
import type { DashboardToHost, DashboardViewState } from '../../src/shared/protocol';
import './dashboard-app'; // defines <distillery-dashboard>
import type { DashboardApp } from './dashboard-app';
import type { VsCodeApi } from '../rpc';

declare function acquireVsCodeApi(): VsCodeApi<DashboardViewState, DashboardToHost>;

const init = JSON.parse(document.getElementById('distillery-init')!.textContent!) as DashboardViewState;
const app = document.querySelector('distillery-dashboard') as unknown as DashboardApp;
app.start(acquireVsCodeApi(), init);
