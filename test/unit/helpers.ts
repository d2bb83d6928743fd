// Shared by unit tests: temp databases and fixture paths (mocha runs from the repository root).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase, type Db } from '../../src/core/store/db';

export const fixture = (...p: string[]) => resolve('test', 'fixtures', ...p);
// Real public data the repository carries (see samples/NOTICE.md and test/fixtures/*/NOTICE.md); never ../shared.
export const sample = (name: string) => resolve('samples', name);

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'distillery-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export type TempDir = ReturnType<typeof tempDir>;

/** For each test of the enclosing describe: a temp folder with a database in it, handed to `use`, closed and
 *  removed after the test. */
export function freshDatabase(use: (db: Db, tmp: TempDir) => void, file = 'd.db'): void {
  let tmp: TempDir;
  let db: Db;
  beforeEach(() => {
    tmp = tempDir();
    db = openDatabase(join(tmp.dir, file));
    use(db, tmp);
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });
}

/** A deterministic string of `n` pieces drawn from `alphabet` (a linear congruential generator seeded by `seed`). */
export function seededString(alphabet: readonly string[], seed: number, n: number): string {
  let x = seed;
  let s = '';
  for (let i = 0; i < n; i++) { x = (x * 1103515245 + 12345) & 0x7fffffff; s += alphabet[x % alphabet.length]; }
  return s;
}

/** One line of an s1-layout file: a question, its gold, one thinking and an attempt naming the gold; `extra` columns kept. */
export const s1Row = (q: string, solution: string | null, thinking: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ question: q, solution, thinking_trajectories: [thinking], attempt: `The answer: ${solution ?? '?'}`, ...extra });

/** Writes each call's lines as a new JSONL file (f0.jsonl, f1.jsonl, ...) in the folder `dir()` names; returns its path. */
export function jsonlFiles(dir: () => string): (lines: string[]) => string {
  let n = 0;
  return (lines) => {
    const f = join(dir(), `f${n++}.jsonl`);
    writeFileSync(f, lines.join('\n') + '\n');
    return f;
  };
}

/** The built CLI (out/cli.js) run as a user runs it: its exit code and both streams. */
export function runCli(args: string[], cwd?: string, env?: Record<string, string>): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [resolve('out', 'cli.js'), ...args], { encoding: 'utf8', cwd, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
