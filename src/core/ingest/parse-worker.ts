// Worker thread: decodes, parses, maps and hashes JSONL chunks while the main thread writes to SQLite.
// Text goes back as views into one transferred buffer, so the writing thread does not copy it again.
import { parentPort } from 'node:worker_threads';
import { mapJsonlChunk, type MapOptions } from './map-rows';
import { TextPacker } from './pack-text';

export interface ChunkRequest { seq: number; bytes: Uint8Array; opts: MapOptions }

parentPort?.on('message', (req: ChunkRequest) => {
  try {
    const packer = new TextPacker(req.bytes.length);
    const result = mapJsonlChunk(req.bytes, 0, req.opts, packer);
    parentPort!.postMessage({ seq: req.seq, result }, packer.buffers);
  } catch (e) {
    parentPort!.postMessage({ seq: req.seq, error: (e as Error).stack ?? String(e) });
  }
});
