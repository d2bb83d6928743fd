// The engine client: starts `node out/engine.js --db DB` as a child process, talks JSON-RPC over its stdio
// (vscode-jsonrpc), restarts it with backoff when it dies and gives up after a few quick crashes.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as rpc from 'vscode-jsonrpc/node';
import * as vscode from 'vscode';
import {
  ENGINE_ERROR_CODES, ENGINE_EXIT, ENGINE_PROTOCOL_VERSION,
  type EngineMethod, type EngineNotifications, type EngineRequests, type NativeModuleFailure, type PingResult,
} from '../shared/protocol';
import { setContext } from './commands';
import { Config } from './config';
import { CONTEXT } from './contexts';
import { nativeModuleMessage, parseNativeFailure, protocolMismatchMessage } from './engineMessages';
import { findExecutable } from './findNode';

export type EngineState = 'stopped' | 'starting' | 'ready' | 'restarting' | 'failed';

/** A failure that a restart will not fix (no Node, no engine bundle): shown once with its fix. */
export class EngineSetupError extends Error {
  constructor(message: string, readonly fix?: { label: string; run: () => unknown }) {
    super(message);
  }
}

/** JSON-RPC error code of a cancelled request (LSP's RequestCancelled). */
export const REQUEST_CANCELLED = ENGINE_ERROR_CODES.Cancelled;

const PING_TIMEOUT_MS = 20_000;
const READY_WAIT_MS = 60_000;
/** A crash counts as "quick" when it happens within this time of the previous one. */
const QUICK_CRASH_WINDOW_MS = 60_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 10_000;

export class EngineClient implements vscode.Disposable {
  private proc: ChildProcess | undefined;
  private conn: rpc.MessageConnection | undefined;
  private _state: EngineState = 'stopped';
  private generation = 0;
  private crashTimes: number[] = [];
  private restartTimer: NodeJS.Timeout | undefined;
  /** A restart by hand or by settings, from the stop of the old process to the launch of the new one. */
  private restarting: Promise<void> | undefined;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];

  /** The last engine error, for the status bar tooltip and failed requests. */
  lastError: string | undefined;
  /** The running engine's answer to engine/ping. */
  info: PingResult | undefined;
  /** The database the current process serves. */
  dbPath: string | undefined;
  /** Automatic restarts since the last start by hand (or settings change). */
  autoRestarts = 0;

  private readonly stateEmitter = new vscode.EventEmitter<EngineState>();
  readonly onDidChangeState = this.stateEmitter.event;
  private readonly notificationEmitter = new vscode.EventEmitter<EngineNotificationEvent>();
  /** Every engine notification (db/changed, import/progress, log). */
  readonly onNotification = this.notificationEmitter.event;

  constructor(
    private readonly config: Config,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(this.stateEmitter, this.notificationEmitter);
  }

  get state(): EngineState {
    return this._state;
  }

  private setState(s: EngineState): void {
    if (this._state === s) return;
    this._state = s;
    this.log.info(`engine: ${s}${s === 'failed' && this.lastError ? ` (${this.lastError})` : ''}`);
    setContext(CONTEXT.engineState, s);
    this.stateEmitter.fire(s);
  }

  /** Starts the engine if it is not running. Never throws; failures land in `state`/`lastError`. */
  start(): void {
    // During a restart the old process is stopping (state 'stopped', no process): the restart launches the new one.
    if (this.disposed || this.proc || this.restarting) return;
    this.launch(false);
  }

  /**
   * Stops and starts again, forgetting earlier crashes (user action or settings change). One at a time: a restart
   * asked for while the old process is still stopping joins it (the launch reads the settings as they are then),
   * so that neither it nor a request in between (whenReady) starts a second process that nothing would stop.
   */
  restart(reason: string): Promise<void> {
    this.log.info(`engine: restart (${reason})`);
    this.crashTimes = [];
    this.autoRestarts = 0;
    this.restarting ??= this.stop().catch(() => undefined).then(() => {
      this.restarting = undefined;
      if (!this.disposed) this.launch(false);
    });
    return this.restarting;
  }

  private launch(isRestart: boolean): void {
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const gen = ++this.generation;
    // Never two processes on one database: one still here (a path that launches twice) is stopped, not forgotten.
    if (this.proc) {
      this.conn?.dispose();
      this.proc.kill();
      this.proc = undefined;
      this.conn = undefined;
    }
    this.info = undefined;
    this.setState(isRestart ? 'restarting' : 'starting');
    let node: string, enginePath: string, dbPath: string;
    try {
      ({ node, enginePath, dbPath } = this.resolveLaunch());
    } catch (e) {
      this.fail(e);
      return;
    }
    this.dbPath = dbPath;
    this.log.info(`engine: starting ${node} ${enginePath} --db ${dbPath}`);
    const started = Date.now();
    let proc: ChildProcess;
    try {
      proc = spawn(node, [enginePath, '--db', dbPath], {
        cwd: this.config.extensionPath,
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined, ...this.config.tokenizerEnv },
        windowsHide: true,
      });
    } catch (e) {
      this.fail(e);
      return;
    }
    this.proc = proc;
    const conn = rpc.createMessageConnection(
      new rpc.StreamMessageReader(proc.stdout!),
      new rpc.StreamMessageWriter(proc.stdin!),
    );
    this.conn = conn;
    // A native module this Node cannot load: the engine says why in one JSON line before exiting (preflight.ts).
    let nativeFailure: NativeModuleFailure | undefined;
    const stderrDone = new Promise<void>((resolve) => proc.stderr!.once('close', resolve));
    forEachLine(proc.stderr!, (line) => {
      nativeFailure ??= parseNativeFailure(line);
      this.log.info(`[engine] ${line}`);
    });
    for (const method of ['db/changed', 'import/progress', 'log'] as const) {
      conn.onNotification(method, (params: EngineNotifications[typeof method]) => {
        if (method === 'log') {
          const p = params as EngineNotifications['log'];
          this.log[p.level](`[engine] ${p.message}`);
        }
        this.notificationEmitter.fire({ method, params } as EngineNotificationEvent);
      });
    }
    conn.onError(([err]) => this.log.warn(`engine: connection error: ${err.message}`));
    conn.listen();

    let exited = false;
    const onGone = (why: string) => {
      if (exited) return;
      exited = true;
      conn.dispose();
      if (gen !== this.generation) return; // a process we stopped on purpose
      this.proc = undefined;
      this.conn = undefined;
      if (nativeFailure) this.fail(this.nativeModuleError(nativeFailure));
      else this.crashed(why, Date.now() - started);
    };
    proc.on('error', (err) => onGone(`could not run ${node}: ${err.message}`));
    proc.on('exit', (code, signal) => {
      const why = signal ? `killed by ${signal}` : `exited with code ${code}`;
      // Its report may still be in the pipe when the process is gone: read stderr to the end first (1 s at most).
      if (code === ENGINE_EXIT.nativeModule) void Promise.race([stderrDone, new Promise((r) => setTimeout(r, 1000))]).then(() => onGone(why));
      else onGone(why);
    });
    // writes to a dead process's stdin must not become uncaught errors
    proc.stdin!.on('error', (err) => this.log.warn(`engine: stdin: ${err.message}`));

    const timeout = new rpc.CancellationTokenSource();
    const timer = setTimeout(() => timeout.cancel(), PING_TIMEOUT_MS);
    // The handshake: engine/ping carries the protocol versions; a mismatch is not fixed by restarting.
    const hello: EngineRequests['engine/ping']['params'] = { protocol: ENGINE_PROTOCOL_VERSION };
    withTimeout(conn.sendRequest<PingResult>('engine/ping', hello, timeout.token), PING_TIMEOUT_MS, 'engine/ping')
      .then((info) => {
        if (gen !== this.generation) return;
        const mismatch = protocolMismatchMessage(info.protocol, ENGINE_PROTOCOL_VERSION);
        if (mismatch) {
          void this.stop().then(() => this.fail(new EngineSetupError(mismatch, {
            label: 'Reload Window', run: () => vscode.commands.executeCommand('workbench.action.reloadWindow'),
          })));
          return;
        }
        this.info = info;
        this.log.info(`engine: ready in ${Date.now() - started} ms (pid ${info.pid}, node ${info.node}, engine ${info.version}, db ${info.db})`);
        this.lastError = undefined;
        this.setState('ready');
      })
      .catch((e: unknown) => {
        if (gen !== this.generation || exited) return;
        this.log.error(`engine: no answer to engine/ping: ${errorMessage(e)}; stopping it`);
        proc.kill();
      })
      .finally(() => clearTimeout(timer));
  }

  private resolveLaunch(): { node: string; enginePath: string; dbPath: string } {
    const nodeSetting = this.config.nodePath;
    const node = findExecutable(nodeSetting);
    if (!node) {
      throw new EngineSetupError(
        nodeSetting === 'node'
          ? 'Distillery needs Node.js 20 or newer to run its engine, and there is no `node` on PATH. ' +
              'Install Node.js 20+, or set "distillery.nodePath" to the full path of a node executable.'
          : `Distillery cannot run its engine: the Node.js executable "${nodeSetting}" from the setting ` +
              '"distillery.nodePath" does not exist or is not executable. Set it to the full path of Node.js 20+.',
        { label: 'Open Setting', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'distillery.nodePath') },
      );
    }
    const enginePath = this.config.enginePath;
    if (!fs.existsSync(enginePath)) {
      throw new EngineSetupError(`Distillery's engine bundle is missing (${enginePath}). Run "npm run build" in the extension folder.`);
    }
    // The engine creates the database (and its folder) on the first write: opening a workspace writes nothing.
    const dbPath = this.config.databasePath;
    return { node, enginePath, dbPath };
  }

  private fail(e: unknown): void {
    this.lastError = errorMessage(e);
    this.log.error(`engine: ${this.lastError}`);
    this.setState('failed');
    const fix = e instanceof EngineSetupError ? e.fix : undefined;
    const actions = [fix?.label, 'Show Output'].filter((a): a is string => !!a);
    void vscode.window.showErrorMessage(this.lastError, ...actions).then((choice) => {
      if (choice && choice === fix?.label) fix.run();
      else if (choice === 'Show Output') this.log.show(true);
    });
  }

  private nativeModuleError(f: NativeModuleFailure): EngineSetupError {
    const msg = nativeModuleMessage(f, { nodeSetting: this.config.nodePath, extensionPath: this.config.extensionPath });
    return new EngineSetupError(msg, {
      label: 'Open Setting', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'distillery.nodePath'),
    });
  }

  private crashed(why: string, livedMs: number): void {
    const now = Date.now();
    this.crashTimes = this.crashTimes.filter((t) => now - t < QUICK_CRASH_WINDOW_MS);
    this.crashTimes.push(now);
    this.lastError = `engine ${why} after ${(livedMs / 1000).toFixed(1)} s`;
    this.log.error(`engine: ${this.lastError}`);
    const n = this.crashTimes.length;
    if (n > this.config.maxQuickRestarts) {
      this.lastError = `the engine stopped ${n} times within ${QUICK_CRASH_WINDOW_MS / 1000} s (last: ${why}); not restarting it`;
      this.setState('failed');
      void vscode.window
        .showErrorMessage(`Distillery: ${this.lastError}. See the output for its errors.`, 'Show Output', 'Restart Engine')
        .then((c) => {
          if (c === 'Show Output') this.log.show(true);
          else if (c === 'Restart Engine') void this.restart('user');
        });
      return;
    }
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (n - 1));
    this.log.info(`engine: restarting in ${delay} ms (crash ${n} of ${this.config.maxQuickRestarts + 1} allowed within ${QUICK_CRASH_WINDOW_MS / 1000} s)`);
    this.setState('restarting');
    this.autoRestarts++;
    this.restartTimer = setTimeout(() => this.launch(true), delay);
  }

  /** Resolves when the engine is ready; rejects when it failed or does not get ready in time. */
  whenReady(timeoutMs = READY_WAIT_MS): Promise<void> {
    if (this._state === 'ready') return Promise.resolve();
    if (this._state === 'failed') return Promise.reject(new Error(`Distillery engine is not running: ${this.lastError ?? 'failed'}`));
    if (this._state === 'stopped') this.start();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(`Distillery engine did not get ready within ${timeoutMs / 1000} s (state: ${this._state})`));
      }, timeoutMs);
      const sub = this.onDidChangeState((s) => {
        if (s !== 'ready' && s !== 'failed') return;
        clearTimeout(timer);
        sub.dispose();
        if (s === 'ready') resolve();
        else reject(new Error(`Distillery engine is not running: ${this.lastError ?? 'failed'}`));
      });
    });
  }

  /** A typed engine request; waits for the engine to be ready first. Cancelling sends $/cancelRequest. */
  async request<M extends EngineMethod>(
    method: M,
    params: EngineRequests[M]['params'],
    token?: vscode.CancellationToken,
  ): Promise<EngineRequests[M]['result']> {
    await this.whenReady();
    const conn = this.conn;
    if (!conn) throw new Error('Distillery engine is not running');
    const source = new rpc.CancellationTokenSource();
    const sub = token?.onCancellationRequested(() => source.cancel());
    if (token?.isCancellationRequested) source.cancel();
    try {
      return await conn.sendRequest<EngineRequests[M]['result']>(method, params, source.token);
    } finally {
      sub?.dispose();
      source.dispose();
    }
  }

  /** Stops the process (SIGTERM, then SIGKILL after 3 s). */
  async stop(): Promise<void> {
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.generation++;
    const proc = this.proc;
    const conn = this.conn;
    this.proc = undefined;
    this.conn = undefined;
    this.info = undefined;
    if (!this.disposed) this.setState('stopped');
    if (!proc) return;
    conn?.dispose();
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => proc.kill('SIGKILL'), 3000);
      proc.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      proc.stdin?.end();
      proc.kill('SIGTERM');
    });
  }

  /** Process id of the running engine (tests use it to simulate a crash). */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  dispose(): void {
    void this.stop();
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
  }
}

export type EngineNotificationEvent = {
  [K in keyof EngineNotifications]: { method: K; params: EngineNotifications[K] };
}[keyof EngineNotifications];

/** True for the JSON-RPC error of a request that was cancelled (duck-typed: bundles may hold other copies of ResponseError). */
/**
 * Calls `back` each time the engine is ready again after this subscription saw it not ready (Restart Engine, a crash,
 * another database in the settings): a view showing what the old process answered reads it again.
 */
export function onEngineBack(engine: Pick<EngineClient, 'onDidChangeState'>, back: () => void, disposables: vscode.Disposable[]): void {
  let wasDown = false;
  engine.onDidChangeState((state) => {
    if (state !== 'ready') { wasDown = true; return; }
    if (wasDown) back();
    wasDown = false;
  }, undefined, disposables);
}

export function isCancelledError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === REQUEST_CANCELLED;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

function forEachLine(stream: NodeJS.ReadableStream, fn: (line: string) => void): void {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buf += chunk;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i).replace(/\r$/, '');
      buf = buf.slice(i + 1);
      if (line) fn(line);
    }
  });
  stream.on('end', () => {
    if (buf) fn(buf);
  });
}
