#!/usr/bin/env node
// Hostile input corpus: every reader (JSONL, JSON array, CSV, Parquet) and every CLI command that reads a file
// (import, curate --eval/--recipe, eval --benchmark, serve-replay --traces, grade --file, mix --recipe, export --out)
// fed broken, adversarial and odd files and paths. Each must end within its bound with either a correct import or one
// clear error on stderr naming the file (exit 1 for a file refused for what it holds, 2 for a path that is no file,
// as the README's exit codes say), and — when refused — leave the database's content unchanged and intact. Never an internal
// stack trace, never a hang.
//
//   node test/suites/hostile-inputs.mjs [--json]        (npm run suite:hostile)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { cli, finish, ROOT, withDb } from './lib.mjs';

const failures = [];
const tmp = mkdtempSync(join(tmpdir(), 'distillery-hostile-'));
const dir = join(tmp, 'in');
mkdirSync(dir);
const file = (name, content) => { const p = join(dir, name); writeFileSync(p, content); return p; };
const row = (o) => `${JSON.stringify(o)}\n`;
const good = (i) => ({ question: `What is ${i} + ${i}?`, solution: `${2 * i}`, thinking_trajectories: [`${i}+${i}=${2 * i}`], attempt: `\\boxed{${2 * i}}` });

// ---- the corpus: [name, path, expectation] where expectation is 'refuse' (exit 2) or 'either' (a clean import or a refusal)
const corpus = [];
const add = (name, path, expect = 'refuse') => corpus.push({ name, path, expect });
add('empty file', file('empty.jsonl', ''));
add('whitespace only', file('blank.jsonl', '\n\n   \n'));
add('binary garbage', file('garbage.jsonl', createHash('sha512').update('x').digest().toString('latin1').repeat(2000)));
add('invalid JSON on line 25', file('bad-line.jsonl', Array.from({ length: 24 }, (_, i) => row(good(i))).join('') + '{"question": "x", oops}\n'));
add('truncated last line', file('truncated.jsonl', row(good(1)) + '{"question": "What is'));
add('NUL bytes inside a row', file('nul.jsonl', row(good(1)).replace('What', 'Wh\u0000at')), 'either');
add('UTF-8 BOM', file('bom.jsonl', `\uFEFF${row(good(1))}${row(good(2))}`), 'either');
add('UTF-16 LE text', file('utf16.jsonl', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(row(good(1)), 'utf16le')])));
add('lone surrogate escapes', file('surrogate.jsonl', '{"question": "\\ud800 what?", "solution": "1", "thinking_trajectories": ["a"], "attempt": "1"}\n'), 'either');
add('1M-deep nesting', file('deep.jsonl', `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}\n`));
add('deep nesting in a field', file('deep-field.jsonl', `{"question": ${'['.repeat(200_000)}${']'.repeat(200_000)}, "solution": "1"}\n`));
add('null question', file('null-q.jsonl', row({ ...good(1), question: null })));
add('number question', file('num-q.jsonl', row({ ...good(1), question: 42 })), 'either');
add('array row', file('array-row.jsonl', '[1, 2, 3]\n'));
add('scalar rows', file('scalar.jsonl', '1\n"two"\ntrue\n'));
add('no known columns', file('unknown.jsonl', row({ foo: 1, bar: 2 })));
add('duplicate keys', file('dupkeys.jsonl', '{"question": "a?", "question": "b?", "solution": "1", "thinking_trajectories": ["t"], "attempt": "1"}\n'), 'either');
add('a 40 MB field', file('huge-field.jsonl', row({ ...good(1), thinking_trajectories: ['x'.repeat(40_000_000)] })));
add('CRLF line ends', file('crlf.jsonl', `${row(good(1))}${row(good(2))}`.replace(/\n/g, '\r\n')), 'either');
add('JSON array, minified, bad element 3', file('arr.json', `[${JSON.stringify(good(1))},${JSON.stringify(good(2))},{"question": 1,]`));
add('JSON scalar', file('scalar.json', '42'));
add('JSON object of nothing', file('obj.json', '{"a": 1}'));
add('CSV unbalanced quote', file('bad.csv', 'question,answer\n"What is 1+1?,2\n'));
add('CSV ragged rows', file('ragged.csv', 'question,answer\nWhat is 1+1?,2,extra,more\nWhat?\n'));
add('CSV empty header', file('nohead.csv', ',,\n1,2,3\n'));
add('Parquet: random bytes', file('random.parquet', createHash('sha256').update('p').digest().toString('latin1').repeat(100)));
add('Parquet: magic then garbage', file('magic.parquet', Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(200, 7), Buffer.from('PAR1')])));
add('Parquet: footer length past the file', file('footer.parquet', Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(16), Buffer.from([0xff, 0xff, 0xff, 0x7f]), Buffer.from('PAR1')])));
add('unknown extension, JSONL inside', file('data.xyz', row(good(1))), 'either');
add('unknown extension, text inside', file('notes.xyz', 'just some words\nand more\n'));
add('a folder', (() => { const p = join(dir, 'folder.jsonl'); mkdirSync(p); return p; })());
add('missing file', join(dir, 'does-not-exist.jsonl'));
add('symlink loop', (() => { const a = join(dir, 'loop-a.jsonl'); const b = join(dir, 'loop-b.jsonl'); symlinkSync(b, a); symlinkSync(a, b); return a; })());
add('named pipe', (() => { const p = join(dir, 'fifo.jsonl'); execFileSync('mkfifo', [p]); return p; })());
add('file name with a newline', file('new\nline.jsonl', row(good(1))), 'either');
add('file name with shell characters', file('$(touch pwned); `id` \'"x".jsonl', row(good(1))), 'either');

// ---- the database every input meets: real data and a person's label
const db = join(tmp, 'h.db');
const seed = await cli(['--db', db, 'import', join(ROOT, 'samples/s1k-sample-5.jsonl'), '--dataset', 's1k']);
if (seed.code !== 0) throw new Error(seed.stderr);
const content = () => withDb(db, (d) => {
  const h = createHash('sha256');
  for (const t of ['datasets', 'samples', 'traces', 'annotations', 'selections', 'selection_items', 'runs', 'results']) {
    for (const r of d.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).raw().all()) h.update(JSON.stringify(r));
  }
  return h.digest('hex');
});

const tried = { inputs: 0, refused: 0, imported: 0, commands: 0 };
/** One command on one input: bounded, exit 0, 1 or 2, a message naming the input, no stack trace, content kept when refused. */
async function attempt(command, name, args, expect, named, timeoutMs = 90_000) {
  const before = content();
  const r = await cli(['--db', db, ...args], { timeoutMs });
  tried.inputs++;
  const where = `${command} on ${name}`;
  if (r.hung) { failures.push(`${where}: still running after ${timeoutMs / 1000} s (killed): a hang, or a server started on a file it should refuse`); return; }
  if (r.code === 0) {
    tried.imported++;
    if (expect === 'refuse') failures.push(`${where}: accepted (exit 0); expected a refusal. stderr: ${r.stderr.trim().slice(0, 200)}`);
  } else {
    tried.refused++;
    // The README's exit codes: 1 for a file read and refused for what it holds, 2 for a path that is no file (a
    // mistake in the command); import may say either for a path, as it refuses one file of several.
    // An export's --out is a path the command names, not input: always 2.
    const pathCase = ['a folder', 'missing file', 'symlink loop', 'named pipe'].includes(name) || command.startsWith('export');
    const expectedCode = command === 'import' ? [1, 2] : pathCase ? [2] : [1];
    if (!expectedCode.includes(r.code)) failures.push(`${where}: exit ${r.code}, expected ${expectedCode.join(' or ')}: ${r.stderr.trim().slice(0, 300)}`);
    const after = content();
    if (after !== before) failures.push(`${where}: refused, but the database content changed`);
    if (named && !r.stderr.includes(named)) failures.push(`${where}: the message does not name ${JSON.stringify(named)}: ${r.stderr.trim().slice(0, 300)}`);
  }
  if (/^\s+at .+\(.*:\d+:\d+\)$/m.test(r.stderr)) failures.push(`${where}: a stack trace reached the user: ${r.stderr.trim().slice(0, 300)}`);
  const ok = withDb(db, (d) => d.pragma('integrity_check', { simple: true }));
  if (ok !== 'ok') failures.push(`${where}: integrity_check ${ok}`);
}

try {
  for (const c of corpus) {
    // The message names the file (for a name with a newline, its part before the newline is enough).
    await attempt('import', c.name, ['import', c.path, '--dataset', 'hostile'], c.expect, basename(c.path).split('\n')[0]);
  }
  tried.commands++;
  // The same corpus through every other command that reads a data or evaluation file (a subset: the ones that
  // can reach the reader differently: a refusal before anything is written, whatever the file).
  const subset = corpus.filter((c) => ['empty file', 'binary garbage', 'invalid JSON on line 25', '1M-deep nesting', 'Parquet: magic then garbage', 'missing file', 'named pipe', 'symlink loop', 'no known columns', 'CSV unbalanced quote'].includes(c.name));
  const replayUrl = 'http://127.0.0.1:9/v1'; // nothing listens: the benchmark file must be refused before any request
  for (const c of subset) {
    await attempt('curate --eval', c.name, ['curate', '--dataset', 's1k', '--recipe', 's1k', '--eval', c.path, '--target', '3'], 'refuse', basename(c.path));
    await attempt('eval --benchmark', c.name, ['eval', '--backend', replayUrl, '--model', 'm', '--benchmark', c.path, '--method', 'none', '--run', 'h'], 'refuse', basename(c.path));
    await attempt('serve-replay --traces', c.name, ['serve-replay', '--traces', c.path, '--port', '0'], 'refuse', basename(c.path), 20_000);
    await attempt('grade --file', c.name, ['grade', '--file', c.path], 'refuse', basename(c.path));
  }
  tried.commands += 4;
  // Recipes: not JSON, the wrong shape, hostile numbers.
  const recipes = {
    'recipe not JSON': '{"stages": [',
    'recipe wrong shape': '[1, 2, 3]',
    'recipe hostile numbers': JSON.stringify({ name: 'x', target: 1e308, seed: -1, stages: [{ type: 'sample', size: 'many' }] }),
    'recipe unknown stage': JSON.stringify({ name: 'x', stages: [{ type: 'rm -rf /' }] }),
  };
  for (const [name, text] of Object.entries(recipes)) {
    const p = file(`${name.replace(/ /g, '-')}.json`, text);
    await attempt('curate --recipe', name, ['curate', '--dataset', 's1k', '--recipe', p, '--target', '3'], 'refuse', basename(p));
    await attempt('mix --recipe', name, ['mix', '--recipe', p, '--name', 'm'], 'refuse', basename(p));
  }
  tried.commands += 2;
  // Export to places it cannot write.
  const curated = await cli(['--db', db, '--json', 'curate', '--dataset', 's1k', '--recipe', 's1k-notebook', '--target', '3']);
  const sel = curated.code === 0 ? JSON.parse(curated.stdout).name : null;
  if (sel) {
    for (const [name, out] of [['export into a file as folder', join(dir, 'empty.jsonl', 'x.jsonl')], ['export onto a folder', join(dir, 'folder.jsonl')], ['export to /proc', '/proc/x/y.jsonl'], ['export unknown extension', join(tmp, 'o.xyz')]]) {
      await attempt('export --out', name, ['export', '--selection', sel, '--format', 's1', '--out', out], 'refuse');
    }
    tried.commands++;
  }
  // The corpus must have left no trace of the shell characters in a file name.
  try { readFileSync(join(process.cwd(), 'pwned')); failures.push('a file name ran as a shell command (pwned exists)'); } catch { /* good */ }
} catch (e) {
  failures.push(String(e?.stack ?? e));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
finish({ suite: 'hostile-inputs', ...tried, line: `${tried.inputs} hostile inputs tried through ${tried.commands} commands: ${tried.refused} refused clearly, ${tried.imported} imported` }, failures);
