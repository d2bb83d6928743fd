#!/usr/bin/env node
// The evaluation part of `npm run demo`: start the replay server on the bundled MATH500 and AIME24 samples,
// evaluate the first 20 MATH500 questions and AIME24 with truncation and budget forcing, and print the metrics
// table. Everything here is a REPLAY of recorded reference solutions: it shows the pipeline working, not a
// model's accuracy. (GPQA-Diamond is not shipped, so the demo's plots have two panels, not three.)
//   node scripts/demo-eval.mjs [--cli out/cli.js] [--db .distillery/demo.db] [--run NAME]
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };
const CLI = arg('--cli', join('out', 'cli.js'));
const db = arg('--db', join('.distillery', 'demo.db'));
const run = arg('--run', 'demo-replay');

const server = spawn(process.execPath, [CLI, '--json', 'serve-replay', '--traces', 'samples/math500.jsonl,samples/aime24.jsonl', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const line = await new Promise((resolveP, reject) => {
    createInterface({ input: server.stdout }).once('line', resolveP);
    server.once('exit', (code) => reject(new Error(`replay server exited with ${code}`)));
  });
  const { url, model } = JSON.parse(line);
  console.log(`\nReplay server (recorded traces, NOT a model) serving ${model} at ${url}`);
  const cli = (...args) => execFileSync(process.execPath, [CLI, '--db', db, ...args], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  for (const benchmark of ['math500:20', 'aime24']) {
    for (const [method, extra] of [['truncation', []], ['budget-forcing', ['--wait', '1']]]) {
      const args = ['eval', '--backend', url, '--model', model, '--benchmark', benchmark, '--method', method, '--budgets', '100,200,500,1000,inf', ...extra, '--run', run];
      process.stdout.write(`\n$ distillery --db ${db} ${args.join(' ')}\n`);
      process.stdout.write(cli(...args));
    }
  }
  process.stdout.write(`\n$ distillery --db ${db} metrics --run ${run}\n`);
  process.stdout.write(cli('metrics', '--run', run) + '\n');
  console.log('(Replay numbers: the replay answers correctly only after reading its whole recorded solution, so accuracy rises with the budget by construction.)');
} finally {
  server.kill('SIGTERM');
}
