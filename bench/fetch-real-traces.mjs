#!/usr/bin/env node
// bench/fetch-real-traces: real long-CoT text for bench/tokenize.mjs, written to bench/data/real-traces.jsonl
// (one {"source", "text"} per line; bench/data is kept out of git).
//
// The text: every response (`code[0]`) of three public evaluation-output files of NovaSky-AI/SkyThought (Apache-2.0),
// the Sky-T1 models' long chains of thought on MATH500 and AIME24 (about 9.5 MB), at a pinned commit:
//   https://github.com/NovaSky-AI/SkyThought/tree/f7bcf0b4e7d429e798a39524acd4a68031c905ba/skythought/Qwen2.5-Math/evaluation/outputs
//
//   node bench/fetch-real-traces.mjs                 # downloads the three files from raw.githubusercontent.com
//   node bench/fetch-real-traces.mjs --git DIR       # or reads them from a local clone / bare mirror of SkyThought
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const COMMIT = 'f7bcf0b4e7d429e798a39524acd4a68031c905ba';
const DIR = 'skythought/Qwen2.5-Math/evaluation/outputs/home/ubuntu/skyov1-dl';
const FILES = [
  'Sky-T1-math-correct-5K-27B/math500_eval/math500/test_Sky-T1_-1_seed0_t0.0_s0_e-1.jsonl',
  'Sky-T1-math-wrong-5K-14B/aime24_eval/aime24/test_Sky-T1_-1_seed0_t0.0_s0_e-1.jsonl',
  'Sky-T1-math-correct-5K-14B/aime24_eval/aime24/test_Sky-T1_-1_seed0_t0.0_s0_e-1.jsonl',
];
const arg = (name) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : undefined; };
const git = arg('--git');
const out = arg('--out') ?? join(HERE, 'data', 'real-traces.jsonl');

async function read(path) {
  if (git) return execFileSync('git', ['--git-dir', git, 'show', `${COMMIT}:${path}`], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const url = `https://raw.githubusercontent.com/NovaSky-AI/SkyThought/${COMMIT}/${path}`;
  const res = await globalThis.fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

const lines = [];
let bytes = 0;
for (const f of FILES) {
  const source = `NovaSky-AI/SkyThought@${COMMIT.slice(0, 7)}:${f.split('/')[0]}/${f.split('/')[2]}`;
  for (const l of (await read(`${DIR}/${f}`)).split('\n')) {
    if (!l.trim()) continue;
    const text = JSON.parse(l).code?.[0];
    if (typeof text !== 'string' || !text) continue;
    lines.push(JSON.stringify({ source, text }));
    bytes += Buffer.byteLength(text);
  }
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, lines.join('\n') + '\n');
console.log(`${out}: ${lines.length} responses, ${(bytes / 1e6).toFixed(1)} MB of text`);
