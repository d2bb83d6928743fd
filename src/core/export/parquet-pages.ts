// Row groups of byte rows (parquet-rows.ts) encoded without hyparquet-writer's per-value buffers: every column is a
// nullable UTF-8 string or a list of them, so each page is written straight into one buffer of its known size
// (PLAIN values, run-length levels, a DATA_PAGE_V2 header in Thrift's compact protocol) and its values compressed.
// The result is the EncodedGroup hyparquet-writer's own groups give (parquet-groups.ts), so files, footers and
// page indexes are assembled the same way; a layout or row it cannot take goes to hyparquet-writer.
import type { ColumnChunk, CompressionCodec, OffsetIndex, SchemaElement } from 'hyparquet';
import type { EncodedGroup, ParquetLayout, Row } from './parquet-groups';

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

/** `rows` as one row group at file offset 4, each column chunk PLAIN in pages of about 1 MB, values compressed by `compress`. */
export function encodeByteGroup(leaves: readonly Leaf[], rows: readonly Row[], codec: CompressionCodec, compress: (b: Uint8Array) => Uint8Array): EncodedGroup {
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
      const page = encodePage(leaf, rows, r, codec, compress);
      pages.push({ offset: BigInt(offset), compressed_page_size: page.length, first_row_index: BigInt(r) });
      for (const b of page.parts) if (b.length) out.push(b);
      offset += page.length;
      uncompressed += page.uncompressed;
      values += page.values;
      r = page.end;
    }
    columns.push({
      file_offset: BigInt(start),
      meta_data: {
        type: 'BYTE_ARRAY', encodings: ['PLAIN', 'RLE'], path_in_schema: leaf.path, codec,
        num_values: BigInt(values), total_uncompressed_size: BigInt(uncompressed), total_compressed_size: BigInt(offset - start),
        data_page_offset: BigInt(start),
      },
    });
    offsetIndexes.push(pages.length > 1 ? { page_locations: pages } : undefined);
    uncompressedTotal += BigInt(uncompressed);
  }
  return { parts: out, length: offset - 4, rowGroup: { columns, total_byte_size: uncompressedTotal, num_rows: BigInt(rows.length), total_compressed_size: BigInt(offset - 4) }, offsetIndexes };
}

/** The uncompressed values of the page being written, reused from page to page (the codec's output is a new buffer,
 *  and uncompressed values are copied out before the next page): a megabyte less to allocate and collect per page. */
let scratch = new Uint8Array(0);

/** One page from row `from`: its bytes (header, levels, values, in pieces), uncompressed size, level entries and the row it ends before. */
function encodePage(leaf: Leaf, rows: readonly Row[], from: number, codec: CompressionCodec, compress: (b: Uint8Array) => Uint8Array) {
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
  if (scratch.length < size) scratch = new Uint8Array(Math.max(size, 2 << 20));
  const plain = scratch.subarray(0, size);
  const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  let p = 0;
  let nulls = 0;
  for (let r = from; r < end; r++) {
    const v = rows[r][leaf.name] as Uint8Array | (Uint8Array | null)[] | null | undefined;
    for (const x of leaf.list ? (v as (Uint8Array | null)[] | null) ?? [] : [v as Uint8Array | null]) {
      if (!x) continue;
      view.setUint32(p, x.length, true);
      plain.set(x, p + 4);
      p += 4 + x.length;
    }
  }
  for (const d of defs) if (d < maxDef) nulls++;
  const repBytes = leaf.list ? runLengths(reps, 1) : new Uint8Array(0);
  const defBytes = runLengths(defs, leaf.list ? 2 : 1);
  // Uncompressed values are copied out of the scratch buffer before the next page reuses it.
  const values = codec === 'UNCOMPRESSED' ? plain.slice() : compress(plain);
  const levels = repBytes.length + defBytes.length;
  const header = pageHeader({
    uncompressed: levels + plain.length, compressed: levels + values.length, values: defs.length, nulls, rows: end - from,
    defBytes: defBytes.length, repBytes: repBytes.length, compressed_: codec !== 'UNCOMPRESSED',
  });
  return { parts: [header, repBytes, defBytes, values], length: header.length + levels + values.length, uncompressed: header.length + levels + plain.length, values: defs.length, end };
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
