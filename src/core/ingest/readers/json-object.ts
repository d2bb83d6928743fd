// A .json file holding one top-level object (SkyThought's results file: problems keyed by id or text). Each
// entry whose value is an object is a row, its key kept as `_key`; an object of plain values is one row.
import { readFile, stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import type { RawItem } from './json-array';
import { LineError } from '../record';
import type { FileDigest } from '../file-digest';

/** Read whole: one object cannot be split into rows before it is parsed. */
const MAX_BYTES = 1 << 30;

export async function* readJsonObject(path: string, batchSize = 256, digest?: FileDigest): AsyncGenerator<RawItem[]> {
  const { size } = await stat(path);
  if (size > MAX_BYTES) throw new LineError(0, `a single JSON object of ${(size / 2 ** 30).toFixed(1)} GB is too large to read; write it as JSONL (one object per line)`);
  const bytes = await readFile(path);
  digest?.update(bytes);
  if (!isUtf8(bytes)) throw new LineError(0, 'invalid UTF-8');
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new LineError(0, `invalid JSON: ${(e as Error).message} (a .json file holds one JSON array or object; for one object per line use .jsonl)`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new LineError(0, 'expected a JSON object at the top level');
  const entries = Object.entries(value as Record<string, unknown>);
  const keyed = entries.length > 0 && entries.every(([, v]) => v && typeof v === 'object' && !Array.isArray(v));
  if (!keyed) {
    yield [{ line: 1, value }];
    return;
  }
  // "line" is the entry's 1-based position in the object.
  for (let i = 0; i < entries.length; i += batchSize) {
    yield entries.slice(i, i + batchSize).map(([key, v], j) => ({ line: i + j + 1, value: { _key: key, ...(v as object) } }));
  }
}
