#!/usr/bin/env node
// bench/replicate-pool: a pool N times as large from one already generated, in minutes instead of hours
// (gen-s1-pool writes ~1-2 MB/s on the shared machine: 1.2M short-trace rows would take 1-1.5 h). Copy 0 is the
// input verbatim; copy k shifts every lowercase ASCII letter of the question, solution, traces and attempt by k
// places (a -> b for k = 1, z wraps), so no row repeats another's sample or question hash and each copy brings its
// own words (the vocabulary grows with the copies, the text keeps its shape: lengths, LaTeX, Unicode, lines).
// Other columns (metadata, grades, domain) are copied as they are. Deterministic: the same input gives the same bytes.
//
//   node bench/replicate-pool.mjs --in bench/data/s1-pool-300000-t0.25.jsonl --copies 4 --out /tmp/x/pool-1200000.jsonl
import { createReadStream, createWriteStream, renameSync } from 'node:fs';

function parseArgs(argv) {
  const o = { in: null, out: null, copies: 4 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--in') o.in = argv[++i];
    else if (a === '--out') o.out = argv[++i];
    else if (a === '--copies') o.copies = Number(argv[++i]);
    else if (a === '-h' || a === '--help') {
      console.log('usage: node bench/replicate-pool.mjs --in POOL.jsonl --out OUT.jsonl [--copies 4]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!o.in || !o.out) throw new Error('--in and --out are required');
  if (!Number.isInteger(o.copies) || o.copies < 1 || o.copies > 26) throw new Error('--copies: 1 to 26');
  return o;
}

// The text columns as gen-s1-pool writes them (JSON.stringify, this key order): each value runs from after its key
// to the next key. A key's bytes `,"name":` cannot occur inside a JSON string (its quotes would be escaped).
const REGIONS = [['{"question":', ',"solution":'], [',"solution":', ',"cot_type":'],
  [',"thinking_trajectories":', ',"attempt":'], [',"attempt":', ',"domain":']].map(([a, z]) => [Buffer.from(a), Buffer.from(z)]);
const NULL = Buffer.from('null');

/** Shifts the letters of one JSON line's text values in place, on the bytes: escapes (\n, \uXXXX) are kept whole. */
function shiftLine(line, k) {
  for (const [key, next] of REGIONS) {
    const a = line.indexOf(key);
    const z = a < 0 ? -1 : line.indexOf(next, a + key.length);
    if (z < 0) throw new Error(`replicate-pool: a line without ${key} ... ${next}: not gen-s1-pool's shape`);
    const from = a + key.length;
    if (z - from === 4 && line.compare(NULL, 0, 4, from, z) === 0) continue;
    for (let i = from; i < z; i++) {
      const c = line[i];
      if (c === 92) i += line[i + 1] === 117 ? 5 : 1; // \uXXXX or \x: not letters of the text
      else if (c >= 97 && c <= 122) line[i] = 97 + ((c - 97 + k) % 26);
    }
  }
}

async function copy(inPath, k, write) {
  let rows = 0;
  let rest = Buffer.alloc(0);
  for await (const chunk of createReadStream(inPath, { highWaterMark: 1 << 22 })) {
    const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let at = 0;
    for (let nl = buf.indexOf(10, at); nl >= 0; nl = buf.indexOf(10, at)) {
      if (nl > at) { if (k) shiftLine(buf.subarray(at, nl), k); rows++; }
      at = nl + 1;
    }
    // copy 0 keeps the bytes; the others were shifted in place (the chunk is ours: the stream does not reuse it)
    await write(buf.subarray(0, at));
    rest = Buffer.from(buf.subarray(at));
  }
  if (rest.length) throw new Error('replicate-pool: the input does not end with a newline');
  return rows;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const tmp = `${o.out}.tmp`;
  const ws = createWriteStream(tmp, { highWaterMark: 1 << 22 });
  let bytes = 0;
  const write = async (b) => { bytes += b.length; if (!ws.write(b)) await new Promise((r) => ws.once('drain', r)); };
  const t0 = Date.now();
  let rows = 0;
  for (let k = 0; k < o.copies; k++) {
    rows += await copy(o.in, k, write);
    process.stderr.write(`replicate-pool: copy ${k + 1}/${o.copies}, ${rows} rows\n`);
  }
  await new Promise((res, rej) => ws.end((e) => (e ? rej(e) : res())));
  renameSync(tmp, o.out);
  console.log(JSON.stringify({ path: o.out, rows, bytes, copies: o.copies, seconds: (Date.now() - t0) / 1000 }));
}

await main();
