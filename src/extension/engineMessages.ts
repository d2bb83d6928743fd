// What the person reads when the engine fails: typed engine errors, a protocol mismatch at start, and a native
// module that the configured Node cannot load. Pure (no vscode import), so unit tests check the wording.
import * as path from 'node:path';
import { ENGINE_ERROR_CODES, type EngineErrorData, type EngineErrorKind, type NativeModuleFailure } from '../shared/protocol';

const KIND_BY_CODE = new Map<number, EngineErrorKind>(Object.entries(ENGINE_ERROR_CODES).map(([k, c]) => [c, k as EngineErrorKind]));
const USER_ERRORS: ReadonlySet<EngineErrorKind> = new Set(['InvalidInput', 'NotFound', 'Busy', 'Unavailable']);

export interface EngineErrorView {
  kind: EngineErrorKind;
  /** A mistake or a situation the person can fix (shown as a warning), not a crash. */
  userError: boolean;
  /** The message, with the file and line when the engine gave them and the message lacks them. */
  message: string;
  file?: string;
  line?: number;
}

/**
 * vscode-jsonrpc's codes for a request that the connection dropped: the engine process ended (a crash, a kill,
 * a restart) before it answered (PendingResponseRejected, ConnectionInactive) or before it could be sent (MessageWriteError).
 */
const CONNECTION_GONE_CODES: ReadonlySet<number> = new Set([-32097, -32096, -32099]);
export const ENGINE_GONE_MESSAGE = 'the engine process stopped before it answered';

/** Whether a request failed only because the engine process went away before it answered (a crash, a restart): the
 *  restarted engine is asked again, so a view keeps what it showed rather than showing nothing meanwhile. */
export function engineWentAway(e: unknown): boolean {
  return describeEngineError(e).message === ENGINE_GONE_MESSAGE;
}

/** Reads a failed request (vscode-jsonrpc's ResponseError: code, message, data; duck-typed) or any other error. */
export function describeEngineError(e: unknown): EngineErrorView {
  const err = (typeof e === 'object' && e !== null ? e : {}) as { code?: unknown; message?: unknown; data?: unknown };
  if (typeof err.code === 'number' && CONNECTION_GONE_CODES.has(err.code)) return { kind: 'Internal', userError: false, message: ENGINE_GONE_MESSAGE };
  const message = typeof err.message === 'string' ? err.message : String(e);
  const kind = (typeof err.code === 'number' && KIND_BY_CODE.get(err.code)) || 'Internal';
  const data = (typeof err.data === 'object' && err.data !== null ? err.data : {}) as Partial<EngineErrorData>;
  const file = typeof data.file === 'string' ? data.file : undefined;
  const line = typeof data.line === 'number' && data.line > 0 ? data.line : undefined;
  const where = file ? `${path.basename(file)}${line ? `:${line}` : ''}` : '';
  const shown = where && !message.includes(path.basename(file!)) ? `${where}: ${message}` : message;
  return { kind, userError: USER_ERRORS.has(kind), message: shown, file, line };
}

/** Undefined when the engine speaks the extension's protocol; otherwise what happened and what to do. */
export function protocolMismatchMessage(engineProtocol: number | undefined, expected: number): string | undefined {
  if (engineProtocol === expected) return undefined;
  const engine = engineProtocol === undefined ? 'an engine from an older build (no protocol version)' : `an engine speaking protocol ${engineProtocol}`;
  return `Distillery started ${engine}, but this window's extension speaks protocol ${expected}: the extension was updated or rebuilt ` +
    'while the window was open. Reload the window (Developer: Reload Window); if the message comes back, run "npm run build" in the extension folder.';
}

/** The engine's NativeModuleFailure line on stderr, or undefined for any other line. */
export function parseNativeFailure(line: string): NativeModuleFailure | undefined {
  if (!line.startsWith('{"distillery":"native-module-error"')) return undefined;
  try {
    return JSON.parse(line) as NativeModuleFailure;
  } catch {
    return undefined;
  }
}

/** NODE_MODULE_VERSION → Node.js major version (https://nodejs.org/en/download/releases, "NODE_MODULE_VERSION"). */
const NODE_BY_ABI: Record<number, number> = { 93: 16, 108: 18, 111: 19, 115: 20, 120: 21, 127: 22, 131: 23, 137: 24, 141: 25 };

function abiName(abi: number): string {
  const major = NODE_BY_ABI[abi];
  return major ? `Node ABI ${abi} (Node ${major})` : `Node ABI ${abi}`;
}

/**
 * The one notification for a SQLite module the configured Node cannot load: what it was built for, what runs it,
 * and the command that fixes it.
 */
export function nativeModuleMessage(f: NativeModuleFailure, ctx: { nodeSetting: string; extensionPath: string }): string {
  const runs = `distillery.nodePath ("${ctx.nodeSetting}") runs Node ${f.node.replace(/^v/, '')}`;
  const rebuild = `run \`npm rebuild better-sqlite3\` with that Node in the extension folder (${ctx.extensionPath})`;
  switch (f.kind) {
    case 'abi': {
      const built = f.builtAbi ? abiName(f.builtAbi) : 'another Node ABI';
      const wanted = f.builtAbi && NODE_BY_ABI[f.builtAbi] ? `a Node ${NODE_BY_ABI[f.builtAbi]}` : 'the Node it was built for';
      return `Distillery's SQLite module was built for ${built} but ${runs} (ABI ${f.nodeAbi}): set distillery.nodePath to ${wanted}, or ${rebuild}.`;
    }
    case 'platform':
      return `Distillery's SQLite module was built for ${f.builtFor ?? 'another platform or CPU'} but ${runs} on ${f.runtime}: ` +
        `install the Distillery package built for ${f.runtime}, or ${rebuild}.`;
    case 'missing':
      return `Distillery's SQLite module (better_sqlite3.node) is missing from the extension folder: ${rebuild}.`;
    default:
      return `Distillery's SQLite module cannot be loaded: ${runs} on ${f.runtime}, and loading it said "${f.message.split('\n')[0]}". ` +
        `Set distillery.nodePath to another Node.js 20+, or ${rebuild}.`;
  }
}
