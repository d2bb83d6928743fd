// The one protocol file: message shapes shared by the extension host, the engine process and the webview.
// Engine calls are JSON-RPC requests (vscode-jsonrpc) named by the keys of EngineRequests;
// webview messages are the WebviewToHost / HostToWebview unions, answered by id.

export type PresetName =
  | 'auto' | 's1' | 's1k' | 'stratos' | 'openthoughts' | 'skythought' | 'math500' | 'aime' | 'gpqa' | 'generic';

export interface ImportOptions {
  files: string[];
  dataset?: string;
  preset?: PresetName;
  skipBad?: boolean;
  /** field=column pairs that override the preset, e.g. {question: 'prompt'} */
  fieldMap?: Record<string, string>;
  teacher?: string;
  maxFieldBytes?: number;
}

export interface ImportError { file: string; line: number; message: string }

export interface ImportFileResult {
  file: string;
  preset: PresetName;
  rows: number;
  traces: number;
  newSamples: number;
  newTraces: number;
  skipped: number;
  ok: boolean;
}

/** The `distillery import --json` contract: dataset, rows, traces, skipped, errors are fixed; the rest is additive. */
export interface ImportResult {
  dataset: string;
  rows: number;
  traces: number;
  skipped: number;
  errors: ImportError[];
  new_samples: number;
  new_traces: number;
  files: ImportFileResult[];
  bytes: number;
  seconds: number;
}

export interface ImportProgress { token: string; file: string; bytes: number; totalBytes: number; rows: number }

export interface DatasetSummary {
  id: number;
  name: string;
  kind: string;
  samples: number;
  traces: number;
  files: number;
  presets: string[];
  reviewed: number;
  updatedAt: string;
}

export interface StatsResult {
  db: string;
  schemaVersion: number;
  datasets: DatasetSummary[];
  totals: { samples: number; traces: number; annotations: number; runs: number; results: number };
  fts: { indexedTraces: number; pendingTraces: number };
}

export interface PingResult { version: string; pid: number; db: string; node: string }
export interface IndexResult { indexed: number; seconds: number }

/** Engine JSON-RPC requests: method name → params and result. */
export interface EngineRequests {
  'engine/ping': { params: Record<string, never>; result: PingResult };
  'datasets/list': { params: Record<string, never>; result: DatasetSummary[] };
  'stats/get': { params: { dataset?: string }; result: StatsResult };
  'import/run': { params: ImportOptions & { token: string }; result: ImportResult };
  'index/build': { params: Record<string, never>; result: IndexResult };
}
export type EngineMethod = keyof EngineRequests;

/** Engine → extension notifications. */
export interface EngineNotifications {
  'import/progress': ImportProgress;
  'db/changed': { reason: string };
  'log': { level: 'info' | 'warn' | 'error'; message: string };
}

/** Webview → host messages; requests carry an id and get exactly one response with that id. */
export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'request'; id: number; method: EngineMethod; params: unknown };

/** Host → webview messages. */
export type HostToWebview =
  | { type: 'init'; state: WebviewInitState }
  | { type: 'response'; id: number; result?: unknown; error?: string }
  | { type: 'dbChanged'; reason: string };

export interface WebviewInitState { datasets: DatasetSummary[] }

export const ENGINE_PROTOCOL_VERSION = 1;
