#!/usr/bin/env node
// bench/artclf-frozen: the ascii-art answers of the rules as FROZEN for each held-out set's first run (sets 11-16,
// commits named in formatting.test.ts and NOTICE.md), row by row, so that bench/artclf.mjs can combine the classifier
// with rules that never saw the set (`--frozen FILE`). Needs this repository's git history; writes JSONL lines
// {file, sha1 of the text, rules: boolean}.
//   node bench/artclf-frozen.mjs > /tmp/artclf-frozen.jsonl
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FROZEN = [
  ['formatting-heldout9.jsonl', '8581893'], ['formatting-heldout10.jsonl', 'a8f068f'], ['formatting-heldout11.jsonl', '4d8bd3f'],
  ['formatting-heldout12.jsonl', '3649944'], ['formatting-heldout13.jsonl', '383ea73'], ['formatting-heldout14.jsonl', 'dd7e3fe'],
];
for (const [file, commit] of FROZEN) {
  const dir = mkdtempSync(join(tmpdir(), 'artclf-frozen-'));
  try {
    const tar = spawnSync('git', ['archive', '--format=tar', commit, 'src/core/curate'], { cwd: ROOT, maxBuffer: 1 << 28 });
    if (tar.status !== 0) throw new Error(`git archive ${commit}: ${tar.stderr}`);
    spawnSync('tar', ['-x', '-C', dir], { input: tar.stdout });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, 'run.ts'), `
      import { readFileSync } from 'node:fs';
      import { createHash } from 'node:crypto';
      import { formattingHits } from './src/core/curate/detectors/formatting';
      for (const line of readFileSync(${JSON.stringify(join(ROOT, 'test/fixtures/curate', file))}, 'utf8').split('\\n')) {
        if (!line.trim()) continue;
        const r = JSON.parse(line);
        const rules = formattingHits(r.text, r.source ?? null).some((h) => h.label === 'ascii-art');
        console.log(JSON.stringify({ file: ${JSON.stringify(file)}, commit: ${JSON.stringify(commit)}, sha1: createHash('sha1').update(r.text).digest('hex'), rules }));
      }`);
    await esbuild.build({ entryPoints: [join(dir, 'run.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: join(dir, 'run.js'), logLevel: 'error', external: ['vscode', 'better-sqlite3'] });
    const r = spawnSync(process.execPath, [join(dir, 'run.js')], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) process.exit(r.status ?? 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
