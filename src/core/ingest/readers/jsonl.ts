// JSONL: read in large chunks cut at newlines (no readline), parsed by worker threads, results in order.
import { open, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { firstInvalidUtf8, mapJsonlChunk, type MapOptions, type MappedBatch } from '../map-rows';
import type { RawItem } from './json-array';
import { TextPacker } from '../pack-text';
import type { FileDigest } from '../file-digest';
import { defaultWorkers, takeParseWorker, workerScript } from './parse-workers';

export interface JsonlOptions {
  chunkBytes?: number;
  /** Parse workers; 0 parses on the calling thread. Default: one, or two for files over 32 MB on 2+ cores. */
  workers?: number;
  maxLineBytes?: number;
  signal?: AbortSignal;
  /** Fed with the file's bytes as they are read (its SHA-256 for the manifest). */
  digest?: FileDigest;
  /**
   * The caller is done with each batch when it asks for the next (the importer writes it first): its text buffers
   * go back to the worker to pack into again, and each chunk's bytes are read into again, instead of new memory
   * (a page fault per 4 KB on both threads). A batch's text views are empty after that.
   */
  recycle?: boolean;
}

export interface SourceBatch extends MappedBatch { bytes: number }

type ChunkResult = MappedBatch & { lines: number };
/** A parse worker's answer: the mapped chunk, the buffers its text is packed in, and the chunk's own bytes. */
interface ChunkReply {
  seq: number; result?: ChunkResult; error?: string; buffers?: ArrayBuffer[]; input?: ArrayBuffer;
  /** The answer to a DigestRequest: the SHA-256 of the chunks the worker hashed. */
  digest?: { hex: string; bytes: number };
}
/** Read buffers kept for reuse (recycle): as many as chunks can be in flight. */
const MAX_FREE_READS = 8;

/** A UTF-8 byte-order mark (as Windows editors write) at the start of the file is not part of the first row. */
const stripBom = (text: string, line: number) => (line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** Reads the first non-blank line (for preset detection) without reading the whole file. */
export async function readFirstJsonLine(path: string, maxBytes = 256 << 20): Promise<{ text: string; line: number } | null> {
  const fh = await open(path, 'r');
  try {
    const parts: Buffer[] = [];
    let size = 0;
    let line = 1;
    let pos = 0;
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      let chunk = buf.subarray(0, bytesRead);
      let nl: number;
      while ((nl = chunk.indexOf(10)) >= 0) {
        parts.push(Buffer.from(chunk.subarray(0, nl)));
        const text = stripBom(Buffer.concat(parts).toString('utf8'), line);
        if (text.trim() !== '') return { text, line };
        parts.length = 0; size = 0; line++;
        chunk = chunk.subarray(nl + 1);
      }
      parts.push(Buffer.from(chunk));
      size += chunk.length;
      if (size > maxBytes) throw new Error(`line ${line} is longer than ${maxBytes >> 20} MB`);
    }
    const text = stripBom(Buffer.concat(parts).toString('utf8'), line);
    return text.trim() === '' ? null : { text, line };
  } finally {
    await fh.close();
  }
}

export { workerScript, defaultWorkers } from './parse-workers';

/** Yields mapped batches in file order with absolute line numbers. */
export async function* readJsonl(path: string, mapOpts: MapOptions, o: JsonlOptions = {}): AsyncGenerator<SourceBatch> {
  const chunkBytes = o.chunkBytes ?? 4 << 20;
  const maxLine = o.maxLineBytes ?? 512 << 20;
  const script = workerScript();
  const nWorkers = script ? (o.workers ?? defaultWorkers((await stat(path)).size)) : 0;
  const pool = Array.from({ length: nWorkers }, () => takeParseWorker(script!));
  const pending = new Map<number, { resolve: (r: ChunkResult) => void; reject: (e: Error) => void }>();
  const recycle = !!o.recycle && nWorkers > 0;
  const freeReads: ArrayBuffer[] = [];
  const packedIn = new Map<ChunkResult, ArrayBuffer[]>();
  let digestReply: ((d: { hex: string; bytes: number }) => void) | null = null;
  for (const w of pool) {
    w.on('message', (m: ChunkReply) => {
      if (m.digest) { digestReply?.(m.digest); return; }
      const p = pending.get(m.seq)!;
      pending.delete(m.seq);
      if (recycle && m.input && freeReads.length < MAX_FREE_READS) freeReads.push(m.input);
      if (m.error) p.reject(new Error(`parse worker failed: ${m.error}`));
      else {
        if (recycle && m.buffers) packedIn.set(m.result!, m.buffers);
        p.resolve(m.result!);
      }
    });
    w.on('error', (e) => { for (const p of pending.values()) p.reject(e); pending.clear(); });
  }

  /** `bytes` must own its ArrayBuffer: it is transferred to the worker, not copied. */
  let digestInWorker = false;
  const submit = (seq: number, bytes: Uint8Array): Promise<ChunkResult> => {
    if (!nWorkers) {
      return Promise.resolve(mapJsonlChunk(bytes, 0, mapOpts, new TextPacker(bytes.length)));
    }
    return new Promise((resolve, reject) => {
      pending.set(seq, { resolve, reject });
      pool[seq % nWorkers].postMessage({ seq, bytes, opts: mapOpts, digest: digestInWorker }, [bytes.buffer as ArrayBuffer]);
    });
  };

  const fh = await open(path, 'r');
  // A UTF-8 byte-order mark (Windows editors write one) is not part of the first row: start after it.
  const head = Buffer.alloc(3);
  const bom = (await fh.read(head, 0, 3, 0)).bytesRead === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  if (bom) o.digest?.update(head);
  // One worker gets the chunks in file order, so it can hash them as it parses them: the file's SHA-256 (a tenth of
  // the writing thread's CPU) then runs beside the writer instead of on it. Chunks are contiguous from `pos` on.
  digestInWorker = !!o.digest && nWorkers === 1 && !bom;
  const inFlight: { bytes: number; seq: number; promise: Promise<ChunkResult> }[] = [];
  // Parsed ahead of the writer: while a batch's commit waits on fsync (the bulk journal syncs every batch) and
  // during the turn after it, the workers keep parsing instead of idling (32 MB ahead in all, at least).
  const maxInFlight = nWorkers ? Math.max(8, nWorkers * 4) : 2;
  let line = 1;
  let seq = 0;
  let pos = bom ? 3 : 0;
  /**
   * Starts reading the next chunk: the unfinished last line of the previous one, then new bytes. Each chunk gets its
   * own buffer (a worker's to keep until it gives it back). Started before the previous chunk's batches go to the
   * caller, so the read overlaps with their writing instead of waiting for it (a thread-pool round trip per 4 MB,
   * tens of ms each when the cores are busy).
   */
  const startRead = (carry: Uint8Array) => {
    const need = carry.length + chunkBytes;
    const reuse = freeReads.findIndex((b) => b.byteLength >= need);
    const buf = new Uint8Array(reuse >= 0 ? freeReads.splice(reuse, 1)[0] : Buffer.allocUnsafeSlow(need).buffer);
    buf.set(carry);
    const read = fh.read(buf, carry.length, chunkBytes, pos).then(({ bytesRead }) => ({ buf, carried: carry.length, bytesRead }));
    read.catch(() => undefined); // awaited below, unless the caller stops first
    return read;
  };
  let next = startRead(new Uint8Array(0));

  async function* drain(keep: number): AsyncGenerator<SourceBatch> {
    while (inFlight.length > keep) {
      const head = inFlight.shift()!;
      const r = await head.promise;
      const base = line;
      line += r.lines;
      for (const s of r.samples) s.line += base;
      for (const e of r.errors) e.line += base;
      yield { samples: r.samples, errors: r.errors, rows: r.rows, traces: r.traces, unknownProducer: r.unknownProducer, bytes: head.bytes };
      // Asked for the next batch: the caller is done with this one (recycle).
      const buffers = packedIn.get(r);
      if (buffers) {
        packedIn.delete(r);
        pool[head.seq % nWorkers].postMessage({ recycle: buffers }, buffers);
      }
    }
  }

  try {
    for (;;) {
      if (o.signal?.aborted) throw new Error('cancelled');
      const { buf, carried, bytesRead } = await next;
      pos += bytesRead;
      if (!digestInWorker) o.digest?.update(buf.subarray(carried, carried + bytesRead));
      const filled = carried + bytesRead;
      if (bytesRead === 0) {
        if (filled) inFlight.push({ bytes: filled, seq, promise: submit(seq++, buf.subarray(0, filled)) });
        yield* drain(0);
        if (digestInWorker) {
          const d = await new Promise<{ hex: string; bytes: number }>((resolve, reject) => {
            digestReply = resolve;
            pool[0].once('error', reject);
            pool[0].postMessage({ digestSeq: seq });
          });
          o.digest!.adopt(d.hex, d.bytes);
        }
        return;
      }
      const cut = buf.subarray(0, filled).lastIndexOf(10);
      if (cut < 0) {
        if (filled > maxLine) throw new Error(`line ${line} is longer than ${maxLine >> 20} MB; is this JSONL?`);
        next = startRead(buf.subarray(0, filled));
        continue;
      }
      next = startRead(buf.slice(cut + 1, filled));
      inFlight.push({ bytes: cut + 1, seq, promise: submit(seq++, buf.subarray(0, cut + 1)) });
      yield* drain(maxInFlight - 1);
    }
  } finally {
    await next.catch(() => undefined); // a read still under way ends before the file closes
    await fh.close();
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/**
 * Parsed rows of a JSONL file on the calling thread, for readers that keep every row (benchmarks, replay
 * traces, eval files); import uses readJsonl, which also maps and hashes in parse workers.
 */
export async function* readJsonlRows(path: string, batchSize = 512, digest?: FileDigest): AsyncGenerator<RawItem[]> {
  let carry: Buffer = Buffer.alloc(0);
  let line = 1;
  let batch: RawItem[] = [];
  const take = (bytes: Buffer) => {
    const lineNo = line++;
    if (!isUtf8(bytes)) { batch.push({ line: lineNo, error: `invalid UTF-8 at byte ${firstInvalidUtf8(bytes)} of the line` }); return; }
    let text = bytes.toString('utf8');
    if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === '') return;
    try {
      batch.push({ line: lineNo, value: JSON.parse(text) });
    } catch (e) {
      batch.push({ line: lineNo, error: `invalid JSON: ${(e as Error).message}` });
    }
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    digest?.update(chunk);
    let buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let nl: number;
    while ((nl = buf.indexOf(10)) >= 0) {
      take(buf.subarray(0, nl));
      buf = buf.subarray(nl + 1);
    }
    carry = Buffer.from(buf);
    if (batch.length >= batchSize) { yield batch; batch = []; }
  }
  if (carry.length) take(carry);
  if (batch.length) yield batch;
}
