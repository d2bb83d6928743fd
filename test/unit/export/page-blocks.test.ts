// The Parquet page writer's memory (parquet-pages.ts PageBlocks) and Snappy a 64 KB block per call (snappy.ts): the
// bytes must be those of a fresh buffer and of one whole-page call, whatever memory they were written into.
import assert from 'node:assert/strict';
import { snappyUncompress } from 'hyparquet';
import { snappyBound, snappyCodec } from '../../../src/core/export/snappy';
import { byteLeaves, encodeByteGroup, PageBlocks, type PageCodec } from '../../../src/core/export/parquet-pages';
import { parquetLayout, pqString, pqStringList } from '../../../src/core/export/containers';
import { seededString } from '../helpers';

const ALPHABET = [' ', '\n', 'é', 'x', '"', '😀', 'Answer:', 'Step ', '= 42', 'the ', 'of '];
const text = (seed: number, n: number) => Buffer.from(seededString(ALPHABET, seed, n));
const joinParts = (parts: readonly Uint8Array[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));

describe('export: Parquet page memory and block-wise Snappy', function () {
  this.timeout(60_000);
  const codec = snappyCodec();

  it('Snappy a 64 KB block per call writes the bytes of one call on the whole input, within its bound, at the offset given', () => {
    assert.equal(codec.native, true, codec.note);
    let x = 11;
    const noise = Buffer.from(Array.from({ length: 200_000 }, () => { x = (x * 1103515245 + 12345) & 0x7fffffff; return x >> 16; }));
    const long = text(3, 400_000);
    // Block edges: exactly one block, one byte past it, a last block too short to hold a copy (< 17 bytes), pages past 1 MB.
    const sizes = [0, 1, 16, 65_535, 65_536, 65_537, 65_536 + 5, 3 * 65_536 + 100, long.length];
    const inputs = [...sizes.map((n) => long.subarray(0, n)), noise, Buffer.concat([long, noise, long]), long.subarray(12_345, 12_345 + 2 * 65_536 + 7)];
    for (const input of inputs) {
      const room = snappyBound(input.length);
      const out = new Uint8Array(7 + room + 9).fill(0xaa);
      const n = codec.compressInto(input, out, 7);
      assert.ok(n <= room, `${input.length} bytes: ${n} written, bound ${room}`);
      assert.ok(out.subarray(0, 7).every((b) => b === 0xaa) && out.subarray(7 + n).every((b) => b === 0xaa), 'nothing written outside its part');
      assert.ok(Buffer.from(out.subarray(7, 7 + n)).equals(Buffer.from(codec.compress(input))), `${input.length} bytes: the whole-input call's bytes`);
      const back = new Uint8Array(input.length);
      snappyUncompress(out.subarray(7, 7 + n), back);
      assert.ok(Buffer.from(back).equals(input));
    }
  });

  const layout = parquetLayout([pqString('question'), pqStringList('thinking_trajectories'), pqString('text')]);
  const leaves = byteLeaves(layout)!;
  // Rows past a page (1 MB) in all, nulls and empty lists among them.
  const rows = (seed: number, n: number) => Array.from({ length: n }, (_, i) => ({
    question: i % 7 === 3 ? null : text(seed * 1000 + i, 40 + (i % 5) * 30),
    thinking_trajectories: i % 11 === 5 ? [] : [text(seed * 1000 + i + 1, 20_000 + (i % 3) * 9_000)],
    text: text(seed * 1000 + i + 2, 30_000),
  }));
  const codecs: [string, PageCodec][] = [['SNAPPY', { into: codec.compressInto, bound: snappyBound }], ['UNCOMPRESSED', null]];

  for (const [name, pageCodec] of codecs) {
    it(`a group's pages stay intact while later groups are written, and reused memory gives a fresh buffer's bytes (${name})`, () => {
      const blocks = new PageBlocks();
      const a = encodeByteGroup(leaves, rows(1, 60), name as 'SNAPPY', pageCodec, blocks);
      const aBytes = joinParts(a.parts);
      assert.equal(aBytes.length, a.length);
      assert.ok(a.parts.every((p) => a.blocks!.includes(p.buffer as ArrayBuffer)), 'every part is a view of the group\'s own blocks');
      const b = encodeByteGroup(leaves, rows(2, 60), name as 'SNAPPY', pageCodec, blocks);
      assert.ok(!b.blocks!.some((x) => a.blocks!.includes(x)), 'a new group never writes into a group not yet given back');
      assert.ok(joinParts(a.parts).equals(aBytes), 'the first group unchanged');
      // Given back (its pages written): the next group's pages go into that memory, with the bytes fresh memory gives.
      blocks.recycle(a.blocks!);
      const c = encodeByteGroup(leaves, rows(3, 60), name as 'SNAPPY', pageCodec, blocks);
      assert.ok(c.blocks!.some((x) => a.blocks!.includes(x)), 'memory given back is reused');
      const fresh = encodeByteGroup(leaves, rows(3, 60), name as 'SNAPPY', pageCodec, new PageBlocks());
      assert.ok(joinParts(c.parts).equals(joinParts(fresh.parts)));
      assert.deepEqual(c.rowGroup, fresh.rowGroup);
      assert.deepEqual(c.offsetIndexes, fresh.offsetIndexes);
      assert.ok(c.offsetIndexes.some((o) => o && o.page_locations.length > 1), 'columns of several pages');
    });
  }

  it('memory given back after it was handed to another thread (detached) is not reused', () => {
    const blocks = new PageBlocks();
    const a = encodeByteGroup(leaves, rows(4, 5), 'SNAPPY', { into: codec.compressInto, bound: snappyBound }, blocks);
    structuredClone(a.blocks, { transfer: a.blocks });
    blocks.recycle(a.blocks!);
    const b = encodeByteGroup(leaves, rows(5, 5), 'SNAPPY', { into: codec.compressInto, bound: snappyBound }, blocks);
    assert.ok(b.blocks!.every((x) => x.byteLength > 0));
    assert.ok(joinParts(b.parts).equals(joinParts(encodeByteGroup(leaves, rows(5, 5), 'SNAPPY', { into: codec.compressInto, bound: snappyBound }, new PageBlocks()).parts)));
  });
});
