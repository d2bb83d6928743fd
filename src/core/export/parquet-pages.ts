// Row groups of byte rows (parquet-rows.ts) encoded without hyparquet-writer's per-value buffers: every column is a
// nullable UTF-8 string or a list of them, so each page (PLAIN values, run-length levels, a DATA_PAGE_V2 header in
// Thrift's compact protocol) is written straight into reused memory (PageBlocks), its values compressed into it.
// The result is the EncodedGroup hyparquet-writer's own groups give (parquet-groups.ts), so files, footers and
// page indexes are assembled the same way; a layout or row it cannot take goes to hyparquet-writer.
import type { ColumnChunk, CompressionCodec, OffsetIndex, SchemaElement } from 'hyparquet';
import type { EncodedGroup, ParquetLayout, Row } from './parquet-groups';
import type { CompressInto } from './snappy';

/** Pages end at the first row boundary past this many value bytes (hyparquet-writer's and pyarrow's 1 MB). */
const PAGE_BYTES = 1 << 20;

type Leaf = { name: string; path: string[]; list: boolean };

/** The layout's columns as byte-row leaves, or null when some column is not a nullable string or a list of them. */
export function byteLeaves(layout: ParquetLayout): Leaf[] | null {
  const s = layout.schema;
  const leaves: Leaf[] = [];
  const str = (e: SchemaElement | undefined) => e?.type === 'BYTE_ARRAY' && e.repetition_type === 'OPTIONAL' && !e.num_children;
  for (let i = 1; i < s.length;) {
    const e = s[i];
    if (str(e)) { leaves.push({ name: e.name, path: [e.name], list: false }); i++; continue; }
    const list = s[i + 1], el = s[i + 2];
    if (e.converted_type === 'LIST' && e.repetition_type === 'OPTIONAL' && e.num_children === 1 && list?.repetition_type === 'REPEATED' && list.num_children === 1 && str(el)) {
      leaves.push({ name: e.name, path: [e.name, list.name, el.name], list: true });
      i += 3;
      continue;
    }
    return null;
  }
  return leaves.length === layout.columns.length ? leaves : null;
}

/** Whether every value of `rows` is bytes or null (lists: of bytes or null), so encodeByteGroup takes them. */
export function byteValues(leaves: readonly Leaf[], rows: readonly Row[]): boolean {
  for (const r of rows) {
    for (const l of leaves) {
      const v = r[l.name];
      if (v === null || v === undefined) continue;
      if (l.list) { if (!Array.isArray(v) || !v.every((x) => x === null || x instanceof Uint8Array)) return false; }
      else if (!(v instanceof Uint8Array)) return false;
    }
  }
  return true;
}

/** How a page's values are compressed: into the page's own memory (`into`, writing at most `bound(n)` bytes), into a
 *  new buffer that is then copied (`compress`), or not at all (null: the values are written in place). */
export type PageCodec = { into: CompressInto; bound: (n: number) => number } | { compress: (b: Uint8Array) => Uint8Array } | null;

/** A block's size: a few pages (about a megabyte each, half that compressed); a group (1,024 questions) takes a few. */
const BLOCK_BYTES = 4 << 20;
/** Blocks kept for reuse per thread: about the groups a worker has in flight (two in hand, a few being written). */
const MAX_FREE = 24;

/**
 * The memory a thread writes its groups' pages into: blocks handed out in regions, one group's pages after another's.
 * A group's blocks go with it to the thread that writes the file and come back (`recycle`) to be written into again:
 * new memory costs a page fault per 4 KB on first use (the system maps it zeroed, and the allocator returns freed
 * blocks to it), which reused blocks do not. Each group starts a block of its own, so its blocks can be handed on.
 */
export class PageBlocks {
  private readonly free: ArrayBuffer[] = [];
  private block: Uint8Array | null = null;
  private used = 0;
  private group: ArrayBuffer[] = [];

  /** `n` contiguous bytes from `at` in `buf`. */
  region(n: number): { buf: Uint8Array; at: number } {
    if (!this.block || this.used + n > this.block.length) {
      const i = this.free.findIndex((b) => b.byteLength >= n);
      const ab = i >= 0 ? this.free.splice(i, 1)[0] : new ArrayBuffer(Math.max(n, BLOCK_BYTES));
      this.block = new Uint8Array(ab);
      this.used = 0;
      this.group.push(ab);
    }
    const at = this.used;
    this.used += n;
    return { buf: this.block, at };
  }

  /** Hands back the last `n` bytes of the last region (it was taken for a worst case). */
  unused(n: number): void { this.used -= n; }

  /** The blocks of the group written since the last call; the next group starts a new block. */
  endGroup(): ArrayBuffer[] {
    const g = this.group;
    this.group = [];
    this.block = null;
    this.used = 0;
    return g;
  }

  /** Blocks whose pages are written (a detached one, whose memory went elsewhere, is left). */
  recycle(blocks: readonly ArrayBuffer[]): void {
    for (const b of blocks) if (b.byteLength >= BLOCK_BYTES && this.free.length < MAX_FREE) this.free.push(b);
  }
}

/**
 * `rows` as one row group at file offset 4, each column chunk PLAIN in pages of about 1 MB, values compressed by
 * `codec`. Each page (header, levels, values) is one part, a view into `blocks`; the group's blocks are in `blocks`.
 */
export function encodeByteGroup(leaves: readonly Leaf[], rows: readonly Row[], codecName: CompressionCodec, codec: PageCodec, blocks: PageBlocks): EncodedGroup {
  const out: Uint8Array[] = [];
  let offset = 4;
  const columns: ColumnChunk[] = [];
  const offsetIndexes: (OffsetIndex | undefined)[] = [];
  let uncompressedTotal = 0n;
  for (const leaf of leaves) {
    const start = offset;
    let uncompressed = 0;
    let values = 0;
    const pages: { offset: bigint; compressed_page_size: number; first_row_index: bigint }[] = [];
    for (let r = 0; r < rows.length;) {
      const page = encodePage(leaf, rows, r, codec, blocks);
      pages.push({ offset: BigInt(offset), compressed_page_size: page.bytes.length, first_row_index: BigInt(r) });
      out.push(page.bytes);
      offset += page.bytes.length;
      uncompressed += page.uncompressed;
      values += page.values;
      r = page.end;
    }
    columns.push({
      file_offset: BigInt(start),
      meta_data: {
        type: 'BYTE_ARRAY', encodings: ['PLAIN', 'RLE'], path_in_schema: leaf.path, codec: codecName,
        num_values: BigInt(values), total_uncompressed_size: BigInt(uncompressed), total_compressed_size: BigInt(offset - start),
        data_page_offset: BigInt(start),
      },
    });
    offsetIndexes.push(pages.length > 1 ? { page_locations: pages } : undefined);
    uncompressedTotal += BigInt(uncompressed);
  }
  return {
    parts: out, length: offset - 4, blocks: blocks.endGroup(), offsetIndexes,
    rowGroup: { columns, total_byte_size: uncompressedTotal, num_rows: BigInt(rows.length), total_compressed_size: BigInt(offset - 4) },
  };
}

/** The uncompressed values of the page being compressed, reused from page to page (the codec writes elsewhere). */
let scratch = new Uint8Array(0);

/** Room before a page's levels for its header (at most 58 bytes: nine 5-byte varints with their field bytes). */
const HEADER_ROOM = 64;

/** One page from row `from`: its bytes (header, levels, values), uncompressed size, level entries and the row it ends before. */
function encodePage(leaf: Leaf, rows: readonly Row[], from: number, codec: PageCodec, blocks: PageBlocks) {
  // Levels per entry (a list has one per element, or one for an empty or null list) and the values' size.
  const defs: number[] = [];
  const reps: number[] = [];
  let size = 0;
  let end = from;
  while (end < rows.length && (end === from || size < PAGE_BYTES)) {
    const v = rows[end++][leaf.name] as Uint8Array | (Uint8Array | null)[] | null | undefined;
    if (!leaf.list) {
      if (v) { defs.push(1); size += 4 + (v as Uint8Array).length; } else defs.push(0);
      continue;
    }
    const list = v as (Uint8Array | null)[] | null | undefined;
    if (!list) { defs.push(0); reps.push(0); continue; }
    if (!list.length) { defs.push(1); reps.push(0); continue; }
    list.forEach((x, i) => { reps.push(i ? 1 : 0); defs.push(x ? 3 : 2); if (x) size += 4 + x.length; });
  }
  const maxDef = leaf.list ? 3 : 1;
  let nulls = 0;
  for (const d of defs) if (d < maxDef) nulls++;
  const repBytes = leaf.list ? runLengths(reps, 1) : new Uint8Array(0);
  const defBytes = runLengths(defs, leaf.list ? 2 : 1);
  const levels = repBytes.length + defBytes.length;
  // The values: written in place when not compressed, else into the scratch buffer and compressed into the page.
  let page: { buf: Uint8Array; at: number };
  let valueBytes: number;
  if (codec === null) {
    page = blocks.region(HEADER_ROOM + levels + size);
    writeValues(leaf, rows, from, end, page.buf, page.at + HEADER_ROOM + levels);
    valueBytes = size;
  } else {
    if (scratch.length < size) scratch = new Uint8Array(Math.max(size, 2 << 20));
    const plain = scratch.subarray(0, size);
    writeValues(leaf, rows, from, end, plain, 0);
    if ('into' in codec) {
      const room = codec.bound(size);
      page = blocks.region(HEADER_ROOM + levels + room);
      valueBytes = codec.into(plain, page.buf, page.at + HEADER_ROOM + levels);
      blocks.unused(room - valueBytes);
    } else {
      const packed = codec.compress(plain);
      page = blocks.region(HEADER_ROOM + levels + packed.length);
      page.buf.set(packed, page.at + HEADER_ROOM + levels);
      valueBytes = packed.length;
    }
  }
  page.buf.set(repBytes, page.at + HEADER_ROOM);
  page.buf.set(defBytes, page.at + HEADER_ROOM + repBytes.length);
  const header = pageHeader({
    uncompressed: levels + size, compressed: levels + valueBytes, values: defs.length, nulls, rows: end - from,
    defBytes: defBytes.length, repBytes: repBytes.length, compressed_: codec !== null,
  });
  if (header.length > HEADER_ROOM) throw new Error(`page header of ${header.length} bytes`);
  const first = page.at + HEADER_ROOM - header.length;
  page.buf.set(header, first);
  return { bytes: page.buf.subarray(first, page.at + HEADER_ROOM + levels + valueBytes), uncompressed: header.length + levels + size, values: defs.length, end };
}

/** Rows `from` to `end` of a column as PLAIN byte arrays (a 4-byte little-endian length, then the bytes) at `at` of `out`. */
function writeValues(leaf: Leaf, rows: readonly Row[], from: number, end: number, out: Uint8Array, at: number): void {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let p = at;
  for (let r = from; r < end; r++) {
    const v = rows[r][leaf.name] as Uint8Array | (Uint8Array | null)[] | null | undefined;
    for (const x of leaf.list ? (v as (Uint8Array | null)[] | null) ?? [] : [v as Uint8Array | null]) {
      if (!x) continue;
      view.setUint32(p, x.length, true);
      out.set(x, p + 4);
      p += 4 + x.length;
    }
  }
}

/** Levels in the RLE/bit-packing hybrid, as runs of equal values only (a run: varint count<<1, then the value). */
function runLengths(levels: readonly number[], bitWidth: number): Uint8Array {
  const out: number[] = [];
  const width = Math.ceil(bitWidth / 8);
  for (let i = 0; i < levels.length;) {
    let j = i + 1;
    while (j < levels.length && levels[j] === levels[i]) j++;
    varint(out, (j - i) << 1);
    for (let k = 0; k < width; k++) out.push((levels[i] >> (8 * k)) & 0xff);
    i = j;
  }
  return Uint8Array.from(out);
}

function varint(out: number[], n: number): void {
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
  out.push(n);
}

const zigzag = (n: number) => (n >= 0 ? 2 * n : -2 * n - 1);

/** A PageHeader (type DATA_PAGE_V2, encoding PLAIN) in Thrift's compact protocol: field headers are (delta << 4) | type. */
function pageHeader(h: { uncompressed: number; compressed: number; values: number; nulls: number; rows: number; defBytes: number; repBytes: number; compressed_: boolean }): Uint8Array {
  const out: number[] = [];
  const i32 = (delta: number, v: number) => { out.push((delta << 4) | 5); varint(out, zigzag(v)); };
  i32(1, 3); // type: DATA_PAGE_V2
  i32(1, h.uncompressed);
  i32(1, h.compressed);
  out.push((5 << 4) | 12); // field 8: data_page_header_v2
  i32(1, h.values);
  i32(1, h.nulls);
  i32(1, h.rows);
  i32(1, 0); // encoding: PLAIN
  i32(1, h.defBytes);
  i32(1, h.repBytes);
  if (!h.compressed_) out.push((1 << 4) | 2); // is_compressed: false (true is the default)
  out.push(0, 0); // end of both structs
  return Uint8Array.from(out);
}
