// The file formats Distillery reads: the one registry that import, the replay server, evaluation benchmarks and
// decontamination's eval files go through. Names and extensions are in catalog.ts (the extension host and the
// manifest need them without the readers); a format here adds how to recognise and read it.
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { FORMAT_INFO, type FormatName } from './catalog';
import { readCsv } from './readers/csv';
import { readJsonArray, type RawItem } from './readers/json-array';
import { readJsonObject } from './readers/json-object';
import { readJsonlRows } from './readers/jsonl';
import { readParquet } from './readers/parquet';
import type { FileDigest } from './file-digest';

/** A row of a file with its place: `line` is the 1-based line (the row number for Parquet); `error` when it did not parse. */
export type { RawItem } from './readers/json-array';

export interface FileFormat {
  name: FormatName;
  label: string;
  extensions: readonly string[];
  /** For an extension two formats share: whether the file's first characters are this format's. */
  sniff?: (head: string) => boolean;
  /** Rows in file order, in batches; a problem with the file as a whole throws (a LineError when it has a place).
   *  A reader that reads the file from start to end feeds `digest` (Parquet, read in ranges, does not). */
  read: (path: string, digest?: FileDigest) => AsyncGenerator<RawItem[]>;
}


const READERS: Record<FormatName, Pick<FileFormat, 'sniff' | 'read'>> = {
  jsonl: { read: (p, d) => readJsonlRows(p, undefined, d) },
  // A .json file is a JSON array ('[') or one JSON object (a '{' whose first line is not a whole object, or a file
  // of one line that is an object of objects); else one object per line (JSONL).
  json: { sniff: (head) => head.startsWith('[') || isOneObject(head), read: readJson },
  parquet: { read: (p) => readParquet(p) },
  csv: { read: (p, d) => readCsv(p, undefined, d) },
};

export const FORMATS: readonly FileFormat[] = FORMAT_INFO.map((f) => ({ name: f.name, label: f.label, extensions: f.extensions, ...READERS[f.name] }));

export const formatByName = (name: FormatName): FileFormat => FORMATS.find((f) => f.name === name)!;

/** What a file no format claims is read as (any other extension, or a .json that is not an array). */
const FALLBACK = formatByName('jsonl');

/** The format of a file: by its extension, checked by the format's sniff on the first 64 KB where it has one. */
export async function formatOf(path: string): Promise<FileFormat> {
  const ext = extname(path).slice(1).toLowerCase();
  const candidates = FORMATS.filter((f) => f.extensions.includes(ext));
  for (const f of candidates) {
    if (!f.sniff || f.sniff(await head(path))) return f;
  }
  return FALLBACK;
}

const HEAD_BYTES = 64 << 10;

function isOneObject(head: string): boolean {
  if (!head.startsWith('{')) return false;
  const nl = head.indexOf('\n');
  // A first line longer than the head: JSONL with a long row (a huge one-line object is read as one row).
  if (nl < 0 && head.length >= HEAD_BYTES) return false;
  const firstLine = nl < 0 ? head : head.slice(0, nl);
  let first: unknown;
  try {
    first = JSON.parse(firstLine);
  } catch {
    return true; // a pretty-printed object
  }
  // One line that is an object of objects, and nothing after it: SkyThought's results written without indent.
  const rest = nl < 0 ? '' : head.slice(nl + 1).trim();
  const values = Object.values(first as object);
  return rest === '' && head.length < HEAD_BYTES && values.length > 1 && values.every((v) => v && typeof v === 'object' && !Array.isArray(v));
}

async function* readJson(path: string, digest?: FileDigest): AsyncGenerator<RawItem[]> {
  yield* ((await head(path)).startsWith('[') ? readJsonArray(path, undefined, digest) : readJsonObject(path, undefined, digest));
}

async function head(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  } finally {
    await fh.close();
  }
}
