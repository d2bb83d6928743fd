#!/usr/bin/env node
// Same rows after an import change: an md5 of every column of samples, traces and dataset_files (less the file's
// path, mtime and import time) and of the schema text, plus the integrity check, as one JSON line. Import one slice
// with the old build and the new one into two fresh databases and compare the lines:
//   node OLD/out/cli.js --db old.db import SLICE --dataset pool --preset s1 --json
//   node out/cli.js --db new.db import SLICE --dataset pool --preset s1 --json
//   node bench/hash-import.mjs old.db; node bench/hash-import.mjs new.db
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const Database = createRequire(join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json'))('better-sqlite3');
if (process.argv.length !== 3) throw new Error('usage: node bench/hash-import.mjs DB');
const db = new Database(process.argv[2], { readonly: true });
const out = {};
for (const [table, skip] of [['samples', []], ['traces', []], ['dataset_files', ['imported_at', 'path', 'mtime_ms']]]) {
  const h = createHash('md5');
  let n = 0;
  for (const r of db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).iterate()) {
    for (const [k, v] of Object.entries(r)) {
      if (!skip.includes(k)) h.update(`${k}=${v === null ? '\u0000NULL' : Buffer.isBuffer(v) ? v.toString('hex') : String(v)}\u0001`);
    }
    n++;
  }
  out[table] = `${n} ${h.digest('hex')}`;
}
out.schema = createHash('md5').update(db.prepare(`SELECT group_concat(type || ' ' || name || ' ' || ifnull(sql, ''), char(10))
  FROM (SELECT * FROM sqlite_schema ORDER BY name)`).pluck().get()).digest('hex');
out.integrity = db.pragma('integrity_check', { simple: true });
console.log(JSON.stringify(out));
