// Engine failures as typed JSON-RPC errors (protocol.ts ENGINE_ERROR_CODES): a person's mistake travels as
// InvalidInput / NotFound / Busy / Unavailable with its file and line, a cancelled request as Cancelled, and
// anything else as Internal (a crash: main.ts logs its stack).
import OpenAI from 'openai';
import { ENGINE_ERROR_CODES, type EngineErrorData, type EngineErrorKind } from '../shared/protocol';
import { InvalidInputError, NotFoundError } from '../core/errors';
import { BackendError } from '../core/backend/client';
import { ImportCancelled } from '../core/ingest/importer';
import { SchemaTooNewError } from '../core/store/db';
import { UnknownDatasetError } from '../core/store/stats';
import { redact } from '../core/redact';

export interface EngineError { code: number; message: string; data: EngineErrorData }

/** Classes of core errors that are a person's mistake, by kind. */
// (Row and file errors of an import do not land here: importFiles reports them in its result.)
const BY_CLASS: [abstract new (...args: never[]) => Error, EngineErrorKind][] = [
  [ImportCancelled, 'Cancelled'],
  [NotFoundError, 'NotFound'], [UnknownDatasetError, 'NotFound'],
  [InvalidInputError, 'InvalidInput'], [SchemaTooNewError, 'InvalidInput'],
  [BackendError, 'Unavailable'], [OpenAI.APIError, 'Unavailable'],
];

/** Node's file errors (they carry the path) and SQLite's lock errors, by code. */
const BY_CODE: Record<string, EngineErrorKind> = {
  ENOENT: 'NotFound', EISDIR: 'InvalidInput', ENOTDIR: 'InvalidInput', EACCES: 'InvalidInput', EPERM: 'InvalidInput',
  SQLITE_BUSY: 'Busy', SQLITE_LOCKED: 'Busy', SQLITE_BUSY_SNAPSHOT: 'Busy',
};
/** AbortSignal.timeout's and fetch's errors, by name: a backend that did not answer. */
const BY_NAME: Record<string, EngineErrorKind> = { TimeoutError: 'Unavailable', AbortError: 'Unavailable' };

export function classifyError(e: unknown): EngineErrorKind {
  for (const [cls, kind] of BY_CLASS) if (e instanceof cls) return kind;
  const { code, name } = (e ?? {}) as { code?: unknown; name?: unknown };
  return (typeof code === 'string' && BY_CODE[code]) || (typeof name === 'string' && BY_NAME[name]) || 'Internal';
}

/** The JSON-RPC error for a failed request: code, message and data (kind, file, line). */
export function toEngineError(e: unknown): EngineError {
  const kind = classifyError(e);
  const err = (typeof e === 'object' && e !== null ? e : {}) as { message?: unknown; path?: unknown; file?: unknown; line?: unknown; place?: { file?: unknown; line?: unknown } };
  const file = [err.place?.file, err.file, err.path].find((f): f is string => typeof f === 'string');
  const line = [err.place?.line, err.line].find((l): l is number => typeof l === 'number' && l > 0);
  // A backend's error may echo its request headers; nothing sent to the extension carries a key.
  const message = redact(typeof err.message === 'string' ? err.message : String(e));
  return { code: ENGINE_ERROR_CODES[kind], message, data: { kind, ...(file ? { file } : {}), ...(line ? { line } : {}) } };
}
