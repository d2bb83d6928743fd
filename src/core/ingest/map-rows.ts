// Turns parsed source rows into stored-ready samples; the same code runs in the parse worker and inline.
import { isUtf8 } from 'node:buffer';
import { checkFieldSizes, typeName, type Row } from './fields';
import { prepareSample } from './hash';
import { mapWithPreset, presetByName } from './presets';
import { UNKNOWN_PRODUCER } from './preset-types';
import type { PreparedSample } from './record';
import type { TextPacker } from './pack-text';
import type { PresetName } from '../../shared/protocol';

export interface MapOptions {
  preset: Exclude<PresetName, 'auto'>;
  fieldMap?: Record<string, string>;
  teacher?: string;
  /** `--source`: the source of samples whose rows name none (else the file's name). */
  source?: string;
  /** The file the rows come from (its name and folders may name the source and the model). */
  file?: string;
  maxFieldChars: number;
}

/** A row that could not be read or mapped: plain data, so it crosses from the parse worker as it is. */
export interface BadRow { line: number; message: string }

export interface MappedBatch {
  samples: PreparedSample[];
  errors: BadRow[];
  /** Rows that parsed (stored or merged), and their traces. */
  rows: number;
  traces: number;
  /** Traces whose producer neither the user, the rows nor the path named. */
  unknownProducer?: number;
}

export function emptyBatch(): MappedBatch {
  return { samples: [], errors: [], rows: 0, traces: 0, unknownProducer: 0 };
}

/**
 * Maps one parsed value; returns an error message instead of throwing. `packed`: the sample goes to a TextPacker
 * next, which hashes its keys from the packed bytes (prepareSample's keysFromBytes).
 */
export function mapRow(value: unknown, line: number, opts: MapOptions, out: MappedBatch, packed = false, sourceBytes = Infinity): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    out.errors.push({ line, message: `expected a JSON object, got ${typeName(value)}` });
    return;
  }
  try {
    // A string parsed from JSON text has at most as many UTF-16 units as the text has bytes: a row no longer than
    // the limit holds no field over it, and its fields need no walk.
    if (sourceBytes > opts.maxFieldChars) checkFieldSizes(value as Row, opts.maxFieldChars);
    const record = mapWithPreset(presetByName(opts.preset)!, value as Row, opts);
    const s = prepareSample(record, line, packed);
    out.samples.push(s);
    out.rows++;
    out.traces += s.traces.length;
    for (const t of s.traces) if (t.producer === UNKNOWN_PRODUCER) out.unknownProducer = (out.unknownProducer ?? 0) + 1;
  } catch (e) {
    out.errors.push({ line, message: (e as Error).message });
  }
}

/**
 * Parses a chunk of complete JSONL lines. Lines are numbered from firstLine; blank lines are skipped.
 * Each line is decoded on its own (a line of ASCII stays a one-byte string, which V8 parses faster);
 * invalid UTF-8 is reported per line so the error names it and the good lines still count.
 * With a packer, each sample's text is packed as soon as it is mapped (pack-text.ts says why).
 */
export function mapJsonlChunk(bytes: Uint8Array, firstLine: number, opts: MapOptions, packer?: TextPacker): MappedBatch & { lines: number } {
  const out = emptyBatch();
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const valid = isUtf8(buf);
  let lines = 0;
  let start = 0;
  while (start < buf.length) {
    let end = buf.indexOf(10, start);
    if (end < 0) end = buf.length;
    const lineNo = firstLine + lines;
    if (valid || isUtf8(buf.subarray(start, end))) {
      const before = out.samples.length;
      parseLine(buf.toString('utf8', start, end), lineNo, opts, out, !!packer, end - start);
      if (packer && out.samples.length > before) packer.pack(out.samples[before]);
    } else {
      out.errors.push({ line: lineNo, message: `invalid UTF-8 at byte ${firstInvalidUtf8(buf.subarray(start, end))} of the line` });
    }
    lines++;
    start = end + 1;
  }
  return { ...out, lines };
}

function parseLine(line: string, lineNo: number, opts: MapOptions, out: MappedBatch, packed: boolean, bytes: number): void {
  if (isBlank(line)) return;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    out.errors.push({ line: lineNo, message: `invalid JSON: ${(e as Error).message}` });
    return;
  }
  mapRow(value, lineNo, opts, out, packed, bytes);
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 13 && c !== 9) return false;
  }
  return true;
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
