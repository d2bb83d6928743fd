// The fast JSON rows (texts JSON-escaped by SQLite, copied as bytes) against the string rows they stand in for:
// every format, delimiter style and system prompt gives the same bytes as JSON.stringify of formats.ts's rows.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { stripEscaped, utf16Length } from '../../../src/core/export/json-bytes';
import { pyStrip } from '../../../src/core/export/thinking';
import { chunkProcessor, type ChunkSettings } from '../../../src/core/export/chunk';
import { rowFormat } from '../../../src/core/export/formats';
import { conversationRenderer } from '../../../src/core/prompt/chat';
import { cutJsonArray, exportSamples, selectionAnnotations } from '../../../src/core/store/export-rows';
import { selectionSampleIds } from '../../../src/core/store/selections';
import { seededString, tempDir } from '../helpers';
import { trickyS1Rows } from './tricky-rows';
import { selectAll, world, type World } from './setup';

const quote = (() => {
  const db = new Database(':memory:');
  const q = db.prepare('SELECT CAST(json_quote(?) AS BLOB)').pluck();
  return (s: string) => q.get(s) as Buffer;
})();

// Characters that make escaping and stripping hard: Python's whitespace (escaped, raw, multi-byte), backslashes,
// quotes, the letters of escapes, control characters, astral characters.
const ALPHABET = [' ', '\t', '\n', '\r', '\f', '\v', '\x1c', '\x1f', '\x85', '\xa0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff',
  '\\', '"', 'n', 't', 'f', 'r', 'u', 'b', '0', '1', 'c', 'x', '\x01', '\b', '\x7f', 'é', '😀', 'Answer:'];

const random = (seed: number, n: number): string => seededString(ALPHABET, seed, n);

describe('export: fast JSON rows', function () {
  this.timeout(60_000);

  it("SQLite's json_quote writes what JSON.stringify writes, for every character", () => {
    let s = '';
    for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) s += String.fromCharCode(c);
    s += '😀𝔸\u{10ffff}';
    assert.ok(quote(s).equals(Buffer.from(JSON.stringify(s))));
  });

  it("strips escaped text as Python's strip() strips the text, and measures it in UTF-16 units", () => {
    for (let seed = 1; seed < 4000; seed++) {
      const s = random(seed, seed % 13);
      const j = quote(s);
      assert.equal(JSON.parse(`"${stripEscaped(j).toString()}"`), pyStrip(s), JSON.stringify(s));
      // Only the end: what s1's "Answer: " + attempt strips.
      assert.equal(JSON.parse(`"${stripEscaped(j, false).toString()}"`), pyStrip(`A${s}`).slice(1), JSON.stringify(s));
      assert.equal(utf16Length(j), s.length);
    }
  });

  it("cuts SQLite's json_array of texts into each text's json_quote bytes (backslash runs before quotes, nulls, the last unscanned)", () => {
    const db = new Database(':memory:');
    const arr = db.prepare('SELECT CAST(json_array(?, ?, ?, ?) AS BLOB)').pluck();
    const hard = ['\\', '"', '\\"', 'x', '\\\\"', '😀', '\n'];
    for (let seed = 1; seed < 3000; seed++) {
      const texts = [0, 1, 2, 3].map((k) => ((seed + k) % 9 === 0 ? null : seededString(hard, seed * 4 + k, seed % 11)));
      const parts: Buffer[] = [];
      cutJsonArray(arr.get(...texts) as Buffer, 4, parts);
      assert.deepEqual(parts.map((p) => p.toString()), texts.map((t) => (t === null ? 'null' : quote(t).toString())), JSON.stringify(texts));
    }
  });

  describe('rows equal the string rows', () => {
    let w: World;
    before(async () => {
      const t = tempDir();
      const file = join(t.dir, 'tricky.jsonl');
      const rows = trickyS1Rows(random);
      writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      w = await world([file]);
      selectAll(w.db);
      // Metadata kept raw (not a Python dict) is s1's string column again on the way out.
      assert.ok((w.db.prepare(`SELECT count(*) FROM samples WHERE metadata LIKE '{"raw":%'`).pluck().get() as number) > 0);
    });
    after(() => w.cleanup());

    const cases: [ChunkSettings['format'], ChunkSettings['style'], string | undefined][] = [
      ['s1', 's1', undefined], ['s1', 's1', 'Be brief.'], ['s1', 'think-tags', undefined], ['messages', 'think-tags', undefined], ['messages', 's1', '"sys"\n'],
      ['sharegpt', 'think-tags', 'S'], ['sharegpt', 'sky', undefined], ['stratos', 'sky', undefined],
    ];
    for (const [format, style, system] of cases) {
      for (const container of ['jsonl', 'json'] as const) {
        it(`${format} (${style}${system ? ', system' : ''}) as .${container}`, () => {
          const settings: ChunkSettings = { format, container, style, system, teacherPairs: false, choice: 'best', seed: 42, tokenizer: 'qwen3' };
          const sel = w.db.prepare("SELECT id FROM selections WHERE name = 'sel'").pluck().get() as number;
          const ids = selectionSampleIds(w.db, sel);
          const anns = selectionAnnotations(w.db, sel);
          const got = chunkProcessor(settings)(w.db, ids, anns).out.all!;
          assert.ok(got.chunk, 'the fast rows were taken');
          const fmt = rowFormat(format, { style, system, chat: conversationRenderer(undefined), teacherPairs: false });
          const want = [...exportSamples(w.db, ids, anns)].filter((s) => s.traces.length).map((s) => JSON.stringify(fmt.rows(s, [s.traces[0]])[0]));
          assert.equal(Buffer.from(got.chunk).toString('utf8'), container === 'jsonl' ? want.map((r) => r + '\n').join('') : want.join(',\n'));
          assert.equal(got.rows, want.length);
        });
      }
    }
  });
});
