#!/usr/bin/env node
// Regenerates the review panel's entries of package.json (commands, palette, keybindings) from
// src/extension/reviewKeys.ts and src/extension/contexts.ts. `--check` only says whether package.json is current.
//
//   node scripts/gen-manifest.mjs          # rewrites package.json (deterministic: same input, same bytes)
//   node scripts/gen-manifest.mjs --check  # exit 1 when package.json is out of date
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = await esbuild.build({
  entryPoints: [join(root, 'src', 'extension', 'manifest.ts')], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'warning',
});
const { generateManifest, formatManifest } = await import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`);
const file = join(root, 'package.json');
const current = readFileSync(file, 'utf8');
const next = formatManifest(generateManifest(JSON.parse(current)));
if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error('package.json is out of date: run node scripts/gen-manifest.mjs');
    process.exit(1);
  }
} else if (next !== current) {
  writeFileSync(file, next);
  console.log('package.json updated');
} else {
  console.log('package.json is up to date');
}
