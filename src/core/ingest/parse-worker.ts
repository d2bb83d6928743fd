// Worker thread: decodes, parses, maps and hashes JSONL chunks while the main thread writes to SQLite.
import { parentPort } from 'node:worker_threads';
import { mapJsonlChunk, type MapOptions } from './map-rows';

export interface ChunkRequest { seq: number; bytes: Uint8Array; opts: MapOptions }

parentPort?.on('message', (req: ChunkRequest) => {
  try {
    const result = mapJsonlChunk(req.bytes, 0, req.opts);
    parentPort!.postMessage({ seq: req.seq, result });
  } catch (e) {
    parentPort!.postMessage({ seq: req.seq, error: (e as Error).stack ?? String(e) });
  }
});
