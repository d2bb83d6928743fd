// An export worker's JSON chunks are joined into memory that comes back once written (chunk-blocks.ts): the bytes
// must be those of Buffer.concat whatever the block held before, and a written block must be used again.
import assert from 'node:assert/strict';
import { ChunkBlocks, CHUNK_BLOCK_BYTES } from '../../../src/core/export/chunk-blocks';
import { seededString } from '../helpers';

const ALPHABET = [' ', '\n', 'é', 'x', '\\"', '😀', 'Answer:', '{"question":', 'the ', '日本'];
const pieces = (seed: number, n: number) => Array.from({ length: n }, (_, i) => Buffer.from(seededString(ALPHABET, seed * 1000 + i, 1 + ((seed + i) % 300))));

describe('export: JSON chunk memory (ChunkBlocks)', () => {
  it('joins pieces into the bytes Buffer.concat gives, a view at the start of a block of its own', () => {
    const blocks = new ChunkBlocks();
    for (const parts of [[], [Buffer.alloc(0)], pieces(1, 1), pieces(2, 500)]) {
      const out = blocks.join(parts);
      assert.ok(Buffer.from(out).equals(Buffer.concat(parts)));
      assert.equal(out.byteOffset, 0, 'the whole ArrayBuffer can be transferred');
      assert.ok(out.buffer.byteLength >= CHUNK_BLOCK_BYTES);
    }
  });

  it('a written block is used again, and a shorter chunk in it has exactly its own bytes (nothing of the one before)', () => {
    const blocks = new ChunkBlocks();
    const long = pieces(3, 4000);
    const first = blocks.join(long);
    const memory = first.buffer as ArrayBuffer;
    blocks.recycle([memory]);
    assert.equal(blocks.size, 1);
    const short = pieces(4, 20);
    const second = blocks.join(short);
    assert.equal(second.buffer, memory, 'the same memory, no new pages');
    assert.equal(blocks.size, 0);
    assert.equal(second.length, Buffer.concat(short).length);
    assert.ok(Buffer.from(second).equals(Buffer.concat(short)));
  });

  it('a chunk larger than a block gets a block of its size; small or detached buffers are not kept; the pool is bounded', () => {
    const blocks = new ChunkBlocks();
    const big = [Buffer.alloc(CHUNK_BLOCK_BYTES + 5, 0x61)];
    const out = blocks.join(big);
    assert.ok(Buffer.from(out).equals(big[0]));
    blocks.recycle([new ArrayBuffer(1024)]);
    const gone = new ArrayBuffer(CHUNK_BLOCK_BYTES);
    structuredClone(gone, { transfer: [gone] }); // detached: its byteLength is 0
    blocks.recycle([gone]);
    assert.equal(blocks.size, 0);
    blocks.recycle(Array.from({ length: 20 }, () => new ArrayBuffer(CHUNK_BLOCK_BYTES)));
    blocks.recycle([out.buffer as ArrayBuffer]);
    assert.ok(blocks.size <= 12, `${blocks.size} blocks kept`);
    // The largest was kept: a chunk of its size needs no new memory.
    assert.equal(blocks.join(big).buffer, out.buffer);
  });
});
