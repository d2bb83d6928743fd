// Worker thread: decodes, parses, maps and hashes JSONL chunks while the main thread writes to SQLite.
// Text goes back as views into one transferred buffer, so the writing thread does not copy it again.
import { parentPort } from 'node:worker_threads';
import { createHash, type Hash } from 'node:crypto';
import { mapJsonlChunk, type MapOptions } from './map-rows';
import { TextPacker } from './pack-text';

/** `digest`: feed the chunk's bytes to the file's SHA-256 here (one worker: chunks arrive in file order). */
export interface ChunkRequest { seq: number; bytes: Uint8Array; opts: MapOptions; digest?: boolean }
/** The file's SHA-256 over every chunk sent with `digest`, answered after them. */
export interface DigestRequest { digestSeq: number }
/** Packed buffers the writer has written (readJsonl's recycle): packed into again instead of new memory. */
export interface RecycleRequest { recycle: ArrayBuffer[] }

/** Buffers given back, at most MAX_FREE (a few chunks' worth). */
const free: ArrayBuffer[] = [];
const MAX_FREE = 8;
let hash: Hash | null = null;
let hashed = 0;

parentPort?.on('message', (req: ChunkRequest | RecycleRequest | DigestRequest) => {
  if ('recycle' in req) {
    for (const b of req.recycle) if (free.length < MAX_FREE) free.push(b);
    return;
  }
  if ('digestSeq' in req) {
    parentPort!.postMessage({ seq: req.digestSeq, digest: { hex: (hash ?? createHash('sha256')).digest('hex'), bytes: hashed } });
    hash = null;
    hashed = 0;
    return;
  }
  try {
    if (req.digest) {
      (hash ??= createHash('sha256')).update(req.bytes);
      hashed += req.bytes.length;
    }
    const packer = new TextPacker(req.bytes.length, free);
    const result = mapJsonlChunk(req.bytes, 0, req.opts, packer);
    // The chunk's own bytes go back too: the reader reads the next chunk into them.
    const input = req.bytes.buffer as ArrayBuffer;
    parentPort!.postMessage({ seq: req.seq, result, buffers: packer.buffers, input }, [...packer.buffers, input]);
  } catch (e) {
    parentPort!.postMessage({ seq: req.seq, error: (e as Error).stack ?? String(e) });
  }
});
