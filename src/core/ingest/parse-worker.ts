// Worker thread: decodes, parses, maps and hashes JSONL chunks while the main thread writes to SQLite.
// Text goes back as views into one transferred buffer, so the writing thread does not copy it again.
import { parentPort } from 'node:worker_threads';
import { mapJsonlChunk, type MapOptions } from './map-rows';
import { TextPacker } from './pack-text';

export interface ChunkRequest { seq: number; bytes: Uint8Array; opts: MapOptions }
/** Packed buffers the writer has written (readJsonl's recycle): packed into again instead of new memory. */
export interface RecycleRequest { recycle: ArrayBuffer[] }

/** Buffers given back, at most MAX_FREE (a few chunks' worth). */
const free: ArrayBuffer[] = [];
const MAX_FREE = 8;

parentPort?.on('message', (req: ChunkRequest | RecycleRequest) => {
  if ('recycle' in req) {
    for (const b of req.recycle) if (free.length < MAX_FREE) free.push(b);
    return;
  }
  try {
    const packer = new TextPacker(req.bytes.length, free);
    const result = mapJsonlChunk(req.bytes, 0, req.opts, packer);
    // The chunk's own bytes go back too: the reader reads the next chunk into them.
    const input = req.bytes.buffer as ArrayBuffer;
    parentPort!.postMessage({ seq: req.seq, result, buffers: packer.buffers, input }, [...packer.buffers, input]);
  } catch (e) {
    parentPort!.postMessage({ seq: req.seq, error: (e as Error).stack ?? String(e) });
  }
});
