// The one protocol file: message shapes shared by the extension host, the engine process and the webview.
// Engine calls are JSON-RPC requests (vscode-jsonrpc) named by the keys of EngineRequests;
// webview messages are the WebviewToHost / HostToWebview unions, answered by id.

// Preset names and descriptions live with the presets (core/ingest/catalog.ts, plain constants).
import type { PresetName } from '../core/ingest/catalog';
import type { ChartSpec } from '../core/report/charts';
import type { TeachersView } from '../core/dashboard/teachers-view';
export { PRESET_INFO, type PresetName } from '../core/ingest/catalog';

export interface ImportOptions {
  files: string[];
  dataset?: string;
  preset?: PresetName;
  skipBad?: boolean;
  /** field=column pairs that override the preset, e.g. {question: 'prompt'} */
  fieldMap?: Record<string, string>;
  teacher?: string;
  /** The source of samples whose rows name none (default: the file's name). */
  source?: string;
  maxFieldBytes?: number;
}

export interface ImportError {
  file: string;
  line: number;
  message: string;
  /** When no preset fits the file: the columns of its first row (the editor offers them to map by hand). */
  columns?: string[];
}

export interface ImportFileResult {
  file: string;
  preset: PresetName;
  rows: number;
  traces: number;
  new_samples: number;
  new_traces: number;
  skipped: number;
  ok: boolean;
  /** Rows whose gold filled a stored sample of the same question that had none. */
  gold_filled: number;
  /** Rows whose gold differs from the stored gold of the same question (the stored gold is kept). */
  gold_conflicts: number;
  /** Traces whose producer neither --teacher, a model column nor the path named (stored as 'unknown'). */
  unknown_producer_traces?: number;
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
  gold_filled: number;
  gold_conflicts: number;
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
  /** What `totals` and `fts` count: the whole database, or (stats --dataset) the one data set in `datasets`. */
  scope: 'database' | 'dataset';
  /** With scope 'dataset': its samples and traces, the annotations on them, the runs with a result or trace among
   *  them and those results. */
  totals: { samples: number; traces: number; annotations: number; runs: number; results: number };
  /** With scope 'dataset': its traces in the full-text index and those not yet in it. */
  fts: { indexedTraces: number; pendingTraces: number };
}

/**
 * A trace: a teacher's (or an evaluated model's) thinking and answer to one question. The one shape that
 * import's records, curation's pool, the replay server and the review panel derive theirs from.
 */
export interface TraceFields {
  producer: string;
  thinking: string;
  answer: string;
  thinkingTokens: number | null;
  finishReason: string | null;
  /** 1 correct, 0 wrong, null unknown: as the source (or a grader) graded it. */
  grade: number | null;
}

/** A trace as stored (its row id in the traces table). */
export interface StoredTrace extends TraceFields { id: number }

/** An evaluation run as `runs/list` and the Runs filter show it. */
export interface RunSummary {
  name: string;
  status: string;
  backend: string | null;
  results: number;
  /** The model the run evaluated, as its configuration names it (null when it names none). */
  model: string | null;
  /** Method keys and budgets its results have (null: unlimited), budgets ascending. */
  methods: string[];
  budgets: (number | null)[];
}

export type ReviewStatus = 'unreviewed' | 'accepted' | 'rejected' | 'flagged';

/** The review panel's filters; every field narrows the list. */
export interface ReviewFilter {
  dataset?: string;
  status?: ReviewStatus;
  label?: string;
  source?: string;
  domain?: string;
  /** Free text searched in questions and traces (FTS5, prefix match on the last word); the list is then ranked by bm25. */
  search?: string;
  /** Who labelled: a person, any detector, or a verifier (`distillery verify`'s verdicts). */
  origin?: 'human' | 'detector' | 'verifier';
  /** Samples with a trace graded correct / wrong (as the source or a grader recorded it). */
  grade?: 'correct' | 'wrong';
  /** Samples of a named selection (its latest version, or name@N). */
  selection?: string;
  /** Questions answered in an evaluation run (its results are traces of the question). */
  run?: string;
  /** With `run` (or alone): results of this method key ("truncation", "budget-forcing/wait=2", …) and budget (null = unlimited). */
  method?: string;
  budget?: number | null;
  /** Longest thinking, in characters. */
  minChars?: number;
  maxChars?: number;
  /** Only these samples (the runs dashboard's paired difference: questions right in one run and wrong in another). */
  ids?: number[];
}

export interface ReviewListRow {
  id: number;
  status: ReviewStatus;
  source: string | null;
  domain: string | null;
  preview: string;
  /** Characters of the longest trace's thinking. */
  traceChars: number;
  labels: string[];
  /** With search text: FTS5's snippet of the sample's best match (its question or a trace), the matched words marked. Plain text pieces, never HTML. */
  snippet?: { from: 'question' | 'trace'; parts: { text: string; hit?: true }[] };
}

/** `totalAtLeast`: a search's first page came from its best rows only, and `total` is a lower bound (a later page gives the count). */
export interface ReviewListResult { total: number; offset: number; rows: ReviewListRow[]; totalAtLeast?: boolean }

export interface ReviewSampleDetail {
  id: number;
  dataset: string;
  question: string;
  solution: string | null;
  answer: string | null;
  source: string | null;
  domain: string | null;
  status: ReviewStatus;
  metadata: string | null;
  traces: (StoredTrace & {
    /** Distillery's own check against the gold answer, when the sample has a short gold answer. */
    check: { extracted: string | null; equal: boolean; reason: string } | null;
  })[];
  annotations: { id: number; traceId: number | null; label: string; origin: string; evidence: unknown; note: string | null; updatedAt: string }[];
}

export interface PingResult { version: string; pid: number; db: string; node: string; /** ENGINE_PROTOCOL_VERSION of the engine's build. */ protocol: number }
export interface IndexResult { indexed: number; seconds: number }

/** Engine JSON-RPC requests: method name → params and result. */
export interface EngineRequests {
  /** Also the start-up handshake: the extension sends its protocol version and checks the engine's. */
  'engine/ping': { params: { protocol?: number }; result: PingResult };
  'datasets/list': { params: Record<string, never>; result: DatasetSummary[] };
  'stats/get': { params: { dataset?: string }; result: StatsResult };
  'import/run': { params: ImportOptions & { token: string }; result: ImportResult };
  'index/build': { params: Record<string, never>; result: IndexResult };
  /**
   * The database file changed on disk (the extension's file watcher): whether another process committed since the
   * engine last looked (SQLite's data_version; the engine's own writes do not count). When one did, the engine also
   * sends db/changed with reason 'external'.
   */
  'db/checkForeign': { params: Record<string, never>; result: { changed: boolean } };
  'review/list': { params: { filter: ReviewFilter; offset?: number; limit?: number }; result: ReviewListResult };
  'review/get': { params: { id: number }; result: ReviewSampleDetail | null };
  'review/setStatus': { params: { id: number; status: ReviewStatus }; result: { previous: ReviewStatus } };
  'review/toggleLabel': { params: { sampleId: number; label: string; traceId?: number | null; note?: string }; result: { set: boolean } };
  /** Every selection, every version; `datasets`: the data sets its samples come from (a mix spans several). */
  'selections/list': { params: Record<string, never>; result: { name: string; version: number; count: number; datasets: string[] }[] };
  /** `name` or `name@version` (the latest version without one); `datasets`: the data sets its samples come from. */
  'selections/get': { params: { name: string }; result: { name: string; version: number; count: number; datasets: string[]; recipe: unknown; funnel: { stage: string; type?: string; kept: number; dropped?: number; picked?: number; reason?: string; overridden?: number }[] } | null };
  'runs/list': { params: Record<string, never>; result: RunSummary[] };
  /** The backend's /v1/models, for the status bar's health check (the key travels only over the engine's stdio). */
  'backend/models': { params: { url: string; apiKey?: string; /** Gives up after this long (default 10 s). */ timeoutMs?: number }; result: { id: string; replay: boolean }[] };
  'review/saveSelection': { params: { name: string; filter: ReviewFilter }; result: { name: string; version: number; count: number } };
  'review/trace': { params: { id: number }; result: (Pick<StoredTrace, 'id' | 'producer' | 'thinking' | 'answer'> & { sampleId: number }) | null };
  /** Accuracy per method and budget of an evaluation run (the `metrics` command's table), null when no such run. */
  'runs/metrics': { params: { name: string }; result: RunMetrics | null };
  /** What the tree shows under a data set: its selections (latest versions) and the runs that answered its questions. */
  'datasets/children': { params: { name: string }; result: { selections: { name: string; version: number; count: number }[]; runs: RunSummary[] } };
  /** The generation runs that made traces of a data set's questions (the tree lists them under it). */
  'datasets/generations': { params: { name: string }; result: GenerationRunSummary[] };
  'datasets/rename': { params: { name: string; to: string }; result: { name: string } };
  'datasets/delete': { params: { name: string }; result: { samples: number } };
  /** Every label on a data set's samples (all data sets without one), detectors' included: the label filter's choices. */
  'review/labels': { params: { dataset?: string }; result: string[] };
  /** A training run's loss curve (the dashboard's loss chart and the train task's follower); null when no such run. */
  'train/metrics': { params: { name: string }; result: TrainMetrics | null };
  /** Training runs with their finished checkpoints (stored when the run ended, and found in its output folder now): the Models view. */
  'train/models': { params: Record<string, never>; result: TrainRunInfo[] };
  /** The runs dashboard: every run with its progress, and the metrics and charts of the evaluation runs named. */
  'runs/dashboard': { params: { runs: string[] }; result: RunsDashboard };
  /** The samples behind one chart point (a datum's run, benchmark, method and budget), as a review filter. */
  'runs/samples': { params: ChartPoint; result: PointSamples };
  /** Two evaluation runs' paired difference: per benchmark, method and budget, the questions right in one and wrong in the other. */
  'runs/compare': { params: { a: string; b: string }; result: RunComparison };
  /** Teachers compared on the questions all their runs answered (`distillery teachers`' figures) and their thinking-length chart. */
  'runs/teachers': { params: { runs: string[] }; result: TeachersView };
  /** The verifier verdicts on a run's, a selection's or a data set's traces (exactly one named): Verify Traces… reports them. */
  'verify/summary': { params: VerifyScopeRef; result: VerdictSummary };
}

export type { TeachersView };

/** A scope of traces as a person names it: exactly one of a run, a selection (NAME or NAME@N) or a data set. */
export interface VerifyScopeRef { run?: string; selection?: string; dataset?: string }

/** The verifier verdicts on a scope's traces (annotations of origin verifier:*), as Verify Traces… reports them. */
export interface VerdictSummary {
  /** How messages name the scope: "run gen-a", "selection s1k:x@2", "data set x". */
  scope: string;
  traces: number;
  verified: number;
  failed: number;
  errors: number;
  /** Traces with no verifier verdict yet. */
  unverified: number;
  /** Why traces could not be verified, commonest first (at most five). */
  errorReasons: { reason: string; traces: number }[];
}

/** A generation run as the Datasets tree lists it under a data set (counts on that data set's questions). */
export interface GenerationRunSummary {
  name: string;
  status: string;
  backend: string | null;
  /** The teacher model its configuration names (null when it names none). */
  teacher: string | null;
  traces: number;
  questions: number;
  /** Traces with each verifier verdict (`distillery verify`). */
  verified: number;
  failed: number;
  errors: number;
}

/** One logged training step. */
export interface TrainPointInfo { step: number; epoch: number | null; loss: number | null; learningRate: number | null; gradNorm: number | null; extra?: Record<string, number> }

export interface TrainMetrics { run: string; status: string; points: TrainPointInfo[] }

export interface TrainCheckpointInfo { path: string; step: number | null; final: boolean }

export interface TrainRunInfo {
  name: string;
  status: string;
  error: string | null;
  trainer: string;
  /** The base model the run started from (the comparison of Evaluate). */
  model: string;
  selection: string;
  runDir: string;
  outputDir: string;
  gpus: number;
  steps: number;
  lastLoss: number | null;
  finishedAt: string | null;
  checkpoints: TrainCheckpointInfo[];
}

/** An evaluation run's accuracy rows, as `runs/metrics` returns them. */
export interface RunMetrics {
  run: string;
  status: string;
  /** What the run recorded when it failed. */
  error: string | null;
  /** The data sets holding the run's questions (eval:<benchmark>), for opening its traces in the review panel. */
  datasets: string[];
  /** True when the backend was Distillery's replay server: the numbers are recorded traces', not a model's. */
  replay: boolean;
  rows: { benchmark: string; method: string; budget: number | null; n: number; accuracy: number; stderr: number; meanThinkingTokens: number }[];
}

/** A run of any kind (eval, generate, train) as the runs dashboard lists it. */
export interface DashboardRun {
  name: string;
  kind: string;
  /** pending | running | done | failed | cancelled */
  status: string;
  backend: string | null;
  /** Results (or traces) written so far, and how many the run planned when it recorded that (else null). */
  done: number;
  planned: number | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A chart: a Vega-Lite spec (data inline) with an id and a title, as the report draws it. Points whose datum has
 *  run, benchmark, method and budget open their samples in the review panel. */
export type DashboardChart = ChartSpec;

export interface RunsDashboard {
  runs: DashboardRun[];
  /** The metrics of the evaluation runs asked for that exist, in the order asked. */
  metrics: RunMetrics[];
  charts: DashboardChart[];
}

/** What a chart point stands for: one run's results on one benchmark with one method (key or its display form) and budget. */
export interface ChartPoint { run: string; benchmark: string; method: string; budget: number | null }

/** The review filter that lists a point's samples, and how many it lists. */
export interface PointSamples { filter: ReviewFilter; samples: number }

/** One benchmark, method and budget both runs answered: questions paired by sample (a question's repeats averaged;
 *  right at one half or more, as in the report). */
export interface PairedGroup {
  benchmark: string;
  /** Run a's method; `methodB` is run b's when the runs share no method and were paired by benchmark and budget. */
  method: string;
  methodB?: string;
  budget: number | null;
  /** Questions both runs answered here. */
  paired: number;
  bothRight: number;
  bothWrong: number;
  /** Sample ids right in run a and wrong in run b, and the reverse. */
  onlyA: number[];
  onlyB: number[];
  accuracyA: number;
  accuracyB: number;
}

export interface RunComparison {
  a: string;
  b: string;
  groups: PairedGroup[];
  /** "benchmark · method · budget" answered by one run only (nothing to pair them with). */
  onlyInA: string[];
  onlyInB: string[];
}

/** The engine requests a webview may make (the extension refuses any other). */
const WEBVIEW_METHODS = ['datasets/list', 'runs/list', 'selections/list', 'selections/get', 'review/list', 'review/get', 'review/setStatus', 'review/toggleLabel', 'review/saveSelection', 'review/labels'] as const satisfies readonly EngineMethod[];
export const WEBVIEW_ALLOWED_METHODS: readonly EngineMethod[] = WEBVIEW_METHODS;
export type WebviewMethod = (typeof WEBVIEW_METHODS)[number];
/** The webview's part of the one method map: `request('review/list', params)` is typed by its method. */
export type WebviewRequests = Pick<EngineRequests, WebviewMethod>;
/** A relayed engine request: one variant per method, so params match the method named (no cast to forward it). */
export type EngineRequestMessage<M extends EngineMethod = EngineMethod> = { [K in M]: { type: 'request'; id: number; method: K; params: EngineRequests[K]['params'] } }[M];
export type EngineMethod = keyof EngineRequests;

/** The engine requests the runs dashboard may make (all read-only; the extension refuses any other). */
const DASHBOARD_METHODS = ['runs/dashboard', 'runs/samples', 'runs/compare', 'runs/teachers'] as const satisfies readonly EngineMethod[];
export const DASHBOARD_ALLOWED_METHODS: readonly EngineMethod[] = DASHBOARD_METHODS;
export type DashboardMethod = (typeof DASHBOARD_METHODS)[number];

/** Runs dashboard → host. */
export type DashboardToHost =
  | { type: 'ready' }
  /** Open (or point) the review panel at these samples. */
  | { type: 'openReview'; filter: ReviewFilter }
  | EngineRequestMessage<DashboardMethod>;

/** Host → runs dashboard. */
export type HostToDashboard =
  | { type: 'response'; id: number; result?: unknown; error?: string }
  /**
   * The database changed (an engine write, or another process such as a running eval task): reload. Reason
   * 'engine': a new engine process is ready (a restart, a crash, another database): the runs ticked may be gone.
   */
  | { type: 'refresh'; reason: string }
  /** Show these runs (the dashboard was opened again from a run). */
  | { type: 'showRuns'; runs: string[] };

/** The dashboard's page state: the runs chosen (kept by the webview, given back after a reload). */
export interface DashboardViewState { runs: string[] }

/** Engine → extension notifications. */
export interface EngineNotifications {
  'import/progress': ImportProgress;
  /**
   * The database changed: a write by the engine (its reason: 'review', 'selection', 'import', 'rename', 'delete'), the
   * end of its background index build ('index': no sample changed, search results may), or a commit by another
   * process ('external', found by db/checkForeign).
   */
  'db/changed': { reason: string };
  'log': { level: 'info' | 'warn' | 'error'; message: string };
}

/** Webview → host messages; requests carry an id and get exactly one response with that id. */
export type WebviewToHost =
  | { type: 'ready' }
  /**
   * Where the keyboard focus is: the panel's one-key bindings fire only when the panel has focus and it is
   * not in a text field (`when` contexts distillery.reviewHasFocus and distillery.reviewTyping).
   */
  | { type: 'focus'; panel: boolean; typing: boolean }
  /** Open VS Code's own diff editor on two traces (read-only virtual documents). */
  | { type: 'openDiff'; left: number; right: number }
  /** The funnel bar's Export button: `Distillery: Export Selection…` on the selection shown (NAME@VERSION). */
  | { type: 'exportSelection'; selection: string }
  | EngineRequestMessage;

/** Host → webview messages. */
export type HostToWebview =
  | { type: 'init'; state: WebviewInitState }
  | { type: 'response'; id: number; result?: unknown; error?: string }
  /** The database changed (db/changed's reason, 'file', 'verify'); 'engine': a new engine process is ready, perhaps on another database. */
  | { type: 'dbChanged'; reason: string }
  | { type: 'command'; command: ReviewCommand }
  /** Show another data set (or filter) in the open panel. */
  | { type: 'setFilter'; filter: ReviewFilter }
  /** The review settings changed while the panel is open. */
  | { type: 'settings'; settings: Pick<WebviewInitState, 'labels' | 'advanceAfterDecision'> };

/** Panel actions that VS Code keybindings (rebindable) send to the webview. */
export type ReviewCommand = 'next' | 'previous' | 'accept' | 'reject' | 'flag' | 'undo' | 'search' | 'note' | 'diff' | 'help'
  | `label:${number}`;

export interface WebviewInitState {
  datasets: DatasetSummary[];
  /** Labels in key order (1-9 toggle the first nine). */
  labels: string[];
  /** Where the panel was: restored after a reload. */
  view: ReviewViewState;
  /** `distillery.review.advanceAfterDecision`: accept / reject move on to the next sample (absent: true). */
  advanceAfterDecision?: boolean;
}

/** The panel's position, kept by the webview (setState) and given back on restore. */
export interface ReviewViewState { filter: ReviewFilter; selectedId: number | null; index: number }

/** Bumped when a request, notification or error shape changes; checked by the extension at engine start. */
export const ENGINE_PROTOCOL_VERSION = 6;

// ---- Extension ↔ engine contract: writes, typed errors, exit codes (kept together, one block) ----

/** Engine requests that write the database: refused in Restricted Mode wherever they could come from (the review panel checks this list). */
export const WRITE_METHODS: readonly EngineMethod[] = ['import/run', 'index/build', 'review/setStatus', 'review/toggleLabel', 'review/saveSelection', 'datasets/rename', 'datasets/delete'];

/**
 * JSON-RPC error codes of engine failures, so that the extension tells a person's mistake (a warning) from a crash
 * (an error with the output). Application codes sit outside JSON-RPC's reserved -32768..-32000, except Cancelled
 * (LSP's RequestCancelled) and Internal (JSON-RPC's InternalError).
 */
export const ENGINE_ERROR_CODES = {
  /** The request or its file is wrong: bad arguments, a malformed file, an unknown preset. */
  InvalidInput: 1001,
  /** What the request names does not exist: a file, a data set, a sample. */
  NotFound: 1002,
  /** The database is locked by another process; trying again later may work. */
  Busy: 1003,
  /** An outside service (an evaluation backend) did not answer. */
  Unavailable: 1004,
  Cancelled: -32800,
  Internal: -32603,
} as const;
export type EngineErrorKind = keyof typeof ENGINE_ERROR_CODES;

/** The `data` of an engine error response: the kind again, and where in a file the problem is when known. */
export interface EngineErrorData { kind: EngineErrorKind; file?: string; line?: number }

/** Exit codes of the engine process that a restart cannot fix. */
export const ENGINE_EXIT = { databaseOpen: 3, nativeModule: 4 } as const;

/** The JSON line the engine writes to stderr before exiting with ENGINE_EXIT.nativeModule. */
export interface NativeModuleFailure {
  distillery: 'native-module-error';
  /** abi: built for another Node ABI; platform: another OS or CPU; missing: no binary; other: anything else. */
  kind: 'abi' | 'platform' | 'missing' | 'other';
  /** NODE_MODULE_VERSION the module was built for (kind abi). */
  builtAbi?: number;
  /** process.versions.modules of the Node that runs the engine. */
  nodeAbi: number;
  /** process.version of that Node, e.g. "v22.3.0". */
  node: string;
  /** Where that Node runs, e.g. "linux-x64". */
  runtime: string;
  /** What the binary was built for, read from its header when it could be (kind platform), e.g. "darwin-arm64". */
  builtFor?: string;
  modulePath?: string;
  message: string;
}
