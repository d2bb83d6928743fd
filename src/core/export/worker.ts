// Export worker thread: reads its chunks of the selection through its own read-only connection, builds and
// encodes their rows, and hands the bytes back (transferred, not copied) for the main thread to write in order.
import { parentPort } from 'node:worker_threads';
import { openDatabase, type Db } from '../store/db';
import { selectionAnnotations, type SelectionAnnotations } from '../store/export-rows';
import { chunkProcessor, type ChunkResult, type ChunkSettings } from './chunk';
import { conversationRenderer } from '../prompt/chat';
import { rowFormat } from './formats';
import { ChunkBlocks } from './chunk-blocks';
import { adoptTables } from '../tokenize/tables';
import { encodeRowGroup, recycleBlocks, type EncodedGroup, type ParquetCompression, type ParquetLayout } from './parquet-groups';

export type WorkerRequest =
  | { type: 'init'; dbPath: string; selectionId: number; settings: ChunkSettings; deferCounts?: boolean }
  /** The tokenizer's tables the main thread loaded (shared), for chunks it asks this thread to count; after `init`. */
  | { type: 'tables'; tables: SharedArrayBuffer }
  /** `count`: count this chunk's questions and answers here although counts are deferred (the counting thread is behind). */
  | { type: 'chunk'; seq: number; items: number[]; container: string; count?: boolean }
  /** Memory of chunks this worker sent (Parquet groups' pages, JSON rows), now written to the file: to be written into again. */
  | { type: 'recycle'; blocks: ArrayBuffer[] };

export type WorkerReply =
  | { seq: number; result: Omit<ChunkResult, 'out'>; bytes: { key: string; rows: number; data: Uint8Array }[]; groups?: { key: string; rows: number; group: EncodedGroup }[] }
  | { seq: number; error: string };

let db: Db | null = null;
let anns: SelectionAnnotations | null = null;
let proc: ReturnType<typeof chunkProcessor> | null = null;
let layout: ParquetLayout | null = null;
let compression: ParquetCompression | undefined;
let tokenizer = '';
const encoder = new TextEncoder();
/** JSON chunks' memory, back from the main thread once written (no fresh pages per chunk). */
const chunkBlocks = new ChunkBlocks();

/** Bytes with an ArrayBuffer of their own (a small Buffer shares Node's pool, which must not be transferred; zlib's
 *  output is a view into a larger chunk; hyparquet-writer's group a view past its first 4 bytes). */
const owned = (b: Uint8Array): Uint8Array => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b));

parentPort?.on('message', (m: WorkerRequest) => {
  if (m.type === 'tables') {
    adoptTables(tokenizer, m.tables);
    return;
  }
  if (m.type === 'init') {
    tokenizer = m.settings.tokenizer;
    db = openDatabase(m.dbPath, { readonly: true });
    anns = selectionAnnotations(db, m.selectionId);
    // Parquet rows are encoded here before the next chunk comes: their joined values may share memory (RowArena).
    proc = chunkProcessor(m.settings, m.deferCounts, m.settings.container === 'parquet', (parts) => chunkBlocks.join(parts));
    const s = m.settings;
    compression = s.parquetCompression;
    if (s.container === 'parquet') layout = rowFormat(s.format, { style: s.style, system: s.system, chat: conversationRenderer(s.chatTemplate), teacherPairs: s.teacherPairs }).parquet;
    return;
  }
  if (m.type === 'recycle') {
    if (layout) recycleBlocks(m.blocks); else chunkBlocks.recycle(m.blocks);
    return;
  }
  try {
    const { out, ...rest } = proc!(db!, m.items, anns!, m.count);
    if (layout) {
      // Parquet: the chunk's rows of each file encoded and compressed here as one row group.
      const groups = Object.entries(out).filter(([, o]) => o!.rows > 0).map(([key, o]) => ({ key, rows: o!.rows, group: encodeRowGroup(layout!, o!.objects!, compression) }));
      // The page writer's parts are views of its blocks, which go as they are; hyparquet-writer's each get a buffer of their own.
      for (const g of groups) if (!g.group.blocks) g.group.parts = g.group.parts.map(owned);
      parentPort!.postMessage({ seq: m.seq, result: rest, bytes: [], groups } satisfies WorkerReply,
        groups.flatMap((g) => g.group.blocks ?? g.group.parts.map((p) => p.buffer as ArrayBuffer)));
      return;
    }
    // One transferable buffer per file: JSON Lines rows each end in a newline, a JSON array's are joined by ",\n".
    const sep = m.container === 'json' ? ',\n' : '\n';
    // A fast chunk is a view at the start of a block of its own (ChunkBlocks): its whole memory is transferred.
    const bytes = Object.entries(out).map(([key, o]) => ({ key, rows: o!.rows, data: o!.chunk ?? encoder.encode(o!.json!.join(sep) + (sep === '\n' ? '\n' : '')) }));
    parentPort!.postMessage({ seq: m.seq, result: rest, bytes } satisfies WorkerReply, bytes.map((b) => b.data.buffer as ArrayBuffer));
  } catch (e) {
    parentPort!.postMessage({ seq: m.seq, error: (e as Error).stack ?? String(e) } satisfies WorkerReply);
  }
});
