// Turns parsed source rows into stored-ready samples; the same code runs in the parse worker and inline.
import { checkFieldSizes, typeName, type Row } from './fields';
import { prepareSample } from './hash';
import { presetByName } from './presets';
import type { PreparedSample } from './record';
import type { PresetName } from '../../shared/protocol';

export interface MapOptions {
  preset: Exclude<PresetName, 'auto'>;
  fieldMap?: Record<string, string>;
  teacher?: string;
  maxFieldChars: number;
}

export interface LineError { line: number; message: string }

export interface MappedBatch {
  samples: PreparedSample[];
  errors: LineError[];
  /** Rows that parsed (stored or merged), and their traces. */
  rows: number;
  traces: number;
}

export function emptyBatch(): MappedBatch {
  return { samples: [], errors: [], rows: 0, traces: 0 };
}

/** Maps one parsed value; returns an error message instead of throwing. */
export function mapRow(value: unknown, line: number, opts: MapOptions, out: MappedBatch): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    out.errors.push({ line, message: `expected a JSON object, got ${typeName(value)}` });
    return;
  }
  try {
    checkFieldSizes(value as Row, opts.maxFieldChars);
    const record = presetByName(opts.preset)!.map(value as Row, opts);
    const s = prepareSample(record, line);
    out.samples.push(s);
    out.rows++;
    out.traces += s.traces.length;
  } catch (e) {
    out.errors.push({ line, message: (e as Error).message });
  }
}

const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Parses a chunk of complete JSONL lines. Lines are numbered from firstLine; blank lines are skipped.
 * Invalid UTF-8 is found per line so the error names the line and the good lines still count.
 */
export function mapJsonlChunk(bytes: Uint8Array, firstLine: number, opts: MapOptions): MappedBatch & { lines: number } {
  const out = emptyBatch();
  let text: string | null = null;
  try {
    text = fatalDecoder.decode(bytes);
  } catch {
    text = null;
  }
  let lines = 0;
  if (text !== null) {
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      parseLine(text.slice(start, end), firstLine + lines, opts, out);
      lines++;
      start = end + 1;
    }
    return { ...out, lines };
  }
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    const lineBytes = bytes.subarray(start, end);
    let lineText: string | null = null;
    try {
      lineText = fatalDecoder.decode(lineBytes);
    } catch {
      out.errors.push({ line: firstLine + lines, message: `invalid UTF-8 at byte ${firstInvalidUtf8(lineBytes)} of the line` });
    }
    if (lineText !== null) parseLine(lineText, firstLine + lines, opts, out);
    lines++;
    start = end + 1;
  }
  return { ...out, lines };
}

function parseLine(line: string, lineNo: number, opts: MapOptions, out: MappedBatch): void {
  if (line.length === 0 || /^\s*$/.test(line)) return;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    out.errors.push({ line: lineNo, message: `invalid JSON: ${(e as Error).message}` });
    return;
  }
  mapRow(value, lineNo, opts, out);
}

/** Byte offset of the first invalid UTF-8 sequence (for the error message). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    if (n === 0 || i + n > b.length) return i;
    for (let k = 1; k < n; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    i += n;
  }
  return -1;
}
