#!/usr/bin/env node
// bench/artclf: leave-one-repository-out figures of a learned ASCII-art classifier (bench/artclf.ts has the
// details). Bundles bench/artclf.ts with esbuild into out/bench-artclf.js and runs it; arguments pass through.
//   node bench/artclf.mjs                       # both models, grouped by repository: the LORO table
//   node bench/artclf.mjs --model gbdt --group family
//   node bench/artclf.mjs --model gbdt --write /tmp/ascii-model.json  # also writes the model trained on every row
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(ROOT, 'out', 'bench-artclf.js');
await esbuild.build({ entryPoints: [join(ROOT, 'bench', 'artclf.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'warning', external: ['vscode'] });
const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
process.exit(r.status ?? 1);
