// The field limit (`--max-field-mb`) counts characters, whatever the row's bytes: a short row skips the walk over
// its fields, so these pin what the limit lets through and what it refuses, at its edge.
import assert from 'node:assert/strict';
import { mapJsonlChunk } from '../../../src/core/ingest/map-rows';

const map = (rows: object[], maxFieldChars: number) => mapJsonlChunk(
  new TextEncoder().encode(rows.map((r) => JSON.stringify(r)).join('\n') + '\n'), 1, { preset: 'qa', maxFieldChars });

describe('import: the field limit at its edge', () => {
  it('lets a field of exactly the limit through and refuses one character more, naming the field', () => {
    const r = map([{ question: 'q'.repeat(100), answer: '1' }, { question: 'q'.repeat(101), answer: '1' }], 100);
    assert.equal(r.rows, 1);
    assert.deepEqual(r.errors.map((e) => e.line), [2]);
    assert.match(r.errors[0].message, /field 'question': is 0\.0 M characters, over the limit/);
  });
  it('counts characters, not bytes: 60 three-byte characters pass a limit of 100, 101 escaped ones do not', () => {
    const wide = map([{ question: '日'.repeat(60), answer: '1' }], 100);
    assert.equal(wide.rows, 1, JSON.stringify(wide.errors));
    // "\u0041" is six bytes of JSON for one character: the row is long, the field 101 characters.
    const escaped = mapJsonlChunk(new TextEncoder().encode(`{"question":"${'\\u0041'.repeat(101)}","answer":"1"}\n`), 1,
      { preset: 'qa', maxFieldChars: 100 });
    assert.equal(escaped.rows, 0);
    assert.match(escaped.errors[0].message, /field 'question'/);
  });
  it('finds an over-long field nested in a list', () => {
    const r = map([{ question: 'q', answer: '1', extra: [{ note: 'n'.repeat(101) }] }], 100);
    assert.match(r.errors[0]?.message ?? '', /field 'extra\.0\.note'/);
  });
});
