// Output containers by file extension: JSON Lines, a JSON array, or Parquet. Each writes to a temporary file
// beside its destination (renamed into place only when the whole export succeeded) and hashes its bytes as they
// are written, so a 500 MB export is never read back for its SHA-256.
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import { adoptRowGroup, columnsOf, DEFAULT_PARQUET_COMPRESSION, encodeRowGroup, recycleBlocks, writerOptions, type EncodedGroup, type ParquetCompression, type ParquetLayout, type Row } from './parquet-groups';

export type { ParquetLayout, Row } from './parquet-groups';

export const CONTAINERS = ['jsonl', 'json', 'parquet'] as const;
export type Container = (typeof CONTAINERS)[number];

export function containerOf(path: string): Container | undefined {
  const m = /\.(jsonl|json|parquet)$/i.exec(path);
  return m ? (m[1].toLowerCase() as Container) : undefined;
}

export interface Sink {
  write(row: Row): void;
  /** One row already serialised as JSON (JSON containers). */
  writeJson(json: string): void;
  /** Rows already encoded (JSON containers): JSON Lines each ending in a newline, a JSON array's joined by ",\n". */
  writeEncoded(chunk: string | Uint8Array): void;
  /** One Parquet row group encoded elsewhere (an export worker), appended after the rows written so far; its parts
   *  are written (or copied) before this returns, so their memory may then be reused. */
  writeGroup(g: EncodedGroup): void;
  /** Flushes and closes; returns the bytes written and their SHA-256. */
  finish(): { bytes: number; sha256: string };
  /** Closes without finishing (the caller deletes the file). */
  close(): void;
}

/** A file written in large synchronous chunks, hashed on the way. Text is encoded straight into one reused buffer. */
class HashedFile {
  private readonly fd: number;
  private readonly hash: Hash = createHash('sha256');
  private readonly buf: Buffer;
  private used = 0;
  bytes = 0;
  private closed = false;

  constructor(path: string, chunk = 16 << 20) {
    this.fd = openSync(path, 'w');
    this.buf = Buffer.allocUnsafe(chunk);
  }

  put(chunk: string | Uint8Array): void {
    if (typeof chunk === 'string') this.text(chunk); else this.bytesOut(chunk);
  }

  text(s: string): void {
    // A UTF-16 code unit is at most 3 UTF-8 bytes: a text that might not fit flushes first.
    if (s.length * 3 > this.buf.length - this.used) {
      this.flush();
      if (s.length * 3 > this.buf.length) { this.raw(Buffer.from(s, 'utf8')); return; }
    }
    this.used += this.buf.write(s, this.used, 'utf8');
  }

  bytesOut(b: Uint8Array): void {
    this.flush();
    this.raw(b);
  }

  /** One piece of a row group: a small one (a page header, levels) is gathered in the buffer, a large one written as it is. */
  piece(b: Uint8Array): void {
    if (b.length >= 64 << 10) { this.bytesOut(b); return; }
    if (b.length > this.buf.length - this.used) this.flush();
    this.buf.set(b, this.used);
    this.used += b.length;
  }

  flush(): void {
    if (!this.used) return;
    const n = this.used;
    this.used = 0;
    this.raw(this.buf.subarray(0, n));
  }

  private raw(b: Uint8Array): void {
    this.hash.update(b);
    let off = 0;
    while (off < b.length) off += writeSync(this.fd, b, off, b.length - off);
    this.bytes += b.length;
  }

  finish(): { bytes: number; sha256: string } {
    this.flush();
    this.close();
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

class JsonlSink implements Sink {
  constructor(private readonly f: HashedFile) {}
  write(row: Row): void { this.writeJson(JSON.stringify(row)); }
  writeJson(json: string): void { this.f.text(json); this.f.text('\n'); }
  writeEncoded(chunk: string | Uint8Array): void { this.f.put(chunk); }
  writeGroup(): void { throw new Error('JSON Lines rows are not row groups'); }
  finish() { return this.f.finish(); }
  close() { this.f.close(); }
}

class JsonArraySink implements Sink {
  private first = true;
  constructor(private readonly f: HashedFile) { f.text('['); }
  write(row: Row): void { this.writeJson(JSON.stringify(row)); }
  writeJson(json: string): void {
    this.f.text(this.first ? '\n' : ',\n');
    this.f.text(json);
    this.first = false;
  }
  writeEncoded(chunk: string | Uint8Array): void {
    if (!chunk.length) return;
    this.f.text(this.first ? '\n' : ',\n');
    this.f.put(chunk);
    this.first = false;
  }
  writeGroup(): void { throw new Error('JSON rows are not row groups'); }
  finish() {
    this.f.text(this.first ? ']\n' : '\n]\n');
    return this.f.finish();
  }
  close() { this.f.close(); }
}

/** hyparquet-writer's buffer, emptied into the hashed file whenever it grows past a few MB and after each row group. */
class FileByteWriter extends ByteWriter {
  constructor(private readonly f: HashedFile) { super(1 << 20); }
  override ensure(size: number): void {
    if (this.index > 4 << 20) this.flush();
    super.ensure(size);
  }
  flush(): void {
    if (!this.index) return;
    this.f.bytesOut(new Uint8Array(this.buffer, 0, this.index));
    this.index = 0;
  }
  override finish(): void { this.flush(); }
}

/**
 * Rows gathered into row groups of at most `groupRows` rows or about `groupBytes` of text, whichever comes first:
 * long traces make row count a poor measure (1,000 s1 rows can be 10 MB or 100 MB).
 */
class ParquetSink implements Sink {
  private readonly writer: ParquetWriter;
  private readonly out: FileByteWriter;
  private batch: Row[] = [];
  private batchBytes = 0;
  private bytes: boolean | undefined;

  constructor(private readonly f: HashedFile, private readonly layout: ParquetLayout, private readonly compression: ParquetCompression,
    private readonly groupRows = 10_000, private readonly groupBytes = 64 << 20) {
    this.out = new FileByteWriter(f);
    this.writer = new ParquetWriter({ writer: this.out, ...writerOptions(layout, compression) });
  }

  write(row: Row): void {
    this.batch.push(row);
    this.batchBytes += approxChars(row);
    if (this.batch.length >= this.groupRows || this.batchBytes >= this.groupBytes) this.flushGroup();
  }

  writeJson(): void { throw new Error('Parquet rows are written as objects'); }
  writeEncoded(): void { throw new Error('Parquet rows are written as objects'); }

  writeGroup(g: EncodedGroup): void {
    this.flushGroup();
    this.appendGroup(g);
  }

  private appendGroup(g: EncodedGroup): void {
    this.out.flush();
    adoptRowGroup(this.writer, g, this.out.offset);
    // Straight to the file (a group can be tens of MB: not copied into the writer's buffer).
    for (const p of g.parts) this.f.piece(p);
    this.out.offset += g.length;
  }

  private flushGroup(): void {
    if (!this.batch.length) return;
    const rows = this.batch;
    // Byte rows are encoded by the direct page writer (parquet-pages.ts via encodeRowGroup), others by hyparquet-writer.
    this.bytes ??= rows.some((r) => Object.values(r).some((v) => v instanceof Uint8Array));
    if (this.bytes) {
      const g = encodeRowGroup(this.layout, rows, this.compression);
      this.appendGroup(g);
      // Written: its page memory takes the next group's pages.
      if (g.blocks) recycleBlocks(g.blocks);
    } else void this.writer.write({ columnData: columnsOf(this.layout, rows), rowGroupSize: rows.length });
    this.batch = [];
    this.batchBytes = 0;
  }

  finish() {
    this.flushGroup();
    void this.writer.finish();
    return this.f.finish();
  }
  close() { this.f.close(); }
}

function approxChars(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (v instanceof Uint8Array) return v.length;
  if (Array.isArray(v)) { let n = 0; for (const x of v) n += approxChars(x); return n; }
  if (v && typeof v === 'object') { let n = 0; for (const x of Object.values(v)) n += approxChars(x); return n; }
  return 8;
}

export function openSink(container: Container, tmpPath: string, layout: ParquetLayout, compression: ParquetCompression = DEFAULT_PARQUET_COMPRESSION): Sink {
  const f = new HashedFile(tmpPath);
  switch (container) {
    case 'jsonl': return new JsonlSink(f);
    case 'json': return new JsonArraySink(f);
    case 'parquet': return new ParquetSink(f, layout, compression);
  }
}

// Parquet schema pieces: nullable UTF-8 strings, lists of strings, lists of two-string structs.
export const pqString = (name: string): SchemaElement => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });
export const pqStringList = (name: string): SchemaElement[] => [
  { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  pqString('element'),
];
export const pqPairList = (name: string, a: string, b: string): SchemaElement[] => [
  { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
  pqString(a), pqString(b),
];

/** A schema whose top-level columns are `parts` (each one element, or a list's elements). */
export function parquetLayout(parts: (SchemaElement | SchemaElement[])[]): ParquetLayout {
  const tops = parts.map((p) => (Array.isArray(p) ? p : [p]));
  return {
    schema: [{ name: 'schema', num_children: tops.length }, ...tops.flat()],
    columns: tops.map((t) => t[0].name),
  };
}
