// RowArena (parquet-rows.ts): an export worker's joined values (s1's `text`) share memory from chunk to chunk. A
// value must never change while its chunk's rows are in use, whatever the sizes, or a row would be written wrong.
import assert from 'node:assert/strict';
import { RowArena } from '../../../src/core/export/parquet-rows';

describe('export: RowArena', () => {
  // Each value filled with its own byte (native fill and compare: tens of megabytes).
  const fill = (b: Uint8Array, seed: number) => b.fill(seed & 0xff);
  const same = (b: Uint8Array, seed: number) => Buffer.from(b.buffer, b.byteOffset, b.length).equals(Buffer.alloc(b.length, seed & 0xff));

  it("keeps every value of a chunk intact until the next chunk, across blocks and values larger than a block", () => {
    const arena = new RowArena();
    // Sizes past the first 8 MB block and one value larger than any block so far: a chunk spans several blocks.
    const sizes = [10, 5 << 20, 4 << 20, 0, 1, 20 << 20, 3000, 7 << 20];
    for (let chunk = 0; chunk < 3; chunk++) {
      arena.reset();
      const values = sizes.map((n, i) => fill(arena.take(n), chunk * 10 + i + 1));
      values.forEach((v, i) => assert.equal(v.length, sizes[i]));
      values.forEach((v, i) => assert.ok(same(v, chunk * 10 + i + 1), `chunk ${chunk}, value ${i} unchanged`));
    }
  });

  it('reuses its memory from chunk to chunk once it is large enough', () => {
    const arena = new RowArena();
    const take = () => { arena.reset(); return [arena.take(3 << 20), arena.take(9 << 20)]; };
    take();
    const [a] = take();
    const [b] = take();
    assert.equal(a.buffer, b.buffer, 'the second and third chunks share one block');
  });
});
