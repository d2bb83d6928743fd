// What is wrong with an input path before any reading, in words: a symlink loop is not "not found", and a named
// pipe is not "empty" (stat reports size 0 for it, and reading it would wait for a writer forever).
import { statSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';

export type InputFileCheck = { ok: true; size: number; mtimeMs: number } | { ok: false; problem: string };

function kind(s: Stats): string {
  return s.isFIFO() ? 'a named pipe' : s.isSocket() ? 'a socket' : s.isCharacterDevice() || s.isBlockDevice() ? 'a device' : 'something other than a regular file';
}

function judge(s: Stats): InputFileCheck {
  if (s.isDirectory()) return { ok: false, problem: 'is a folder: pass the files inside it' };
  if (!s.isFile()) return { ok: false, problem: `is ${kind(s)}, not a file: import reads files (copy the data to a file first)` };
  if (s.size === 0) return { ok: false, problem: 'file is empty' };
  return { ok: true, size: s.size, mtimeMs: s.mtimeMs };
}

function statProblem(e: unknown): InputFileCheck {
  const code = (e as NodeJS.ErrnoException).code;
  return {
    ok: false,
    problem: code === 'ELOOP' ? 'is a symbolic link loop (a link that leads back to itself)'
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied: check that you can read it'
        : code === 'ENOTDIR' ? 'file not found (a part of the path is not a folder)' : 'file not found',
  };
}

export async function checkInputFile(path: string): Promise<InputFileCheck> {
  try { return judge(await stat(path)); } catch (e) { return statProblem(e); }
}

export function checkInputFileSync(path: string): InputFileCheck {
  try { return judge(statSync(path)); } catch (e) { return statProblem(e); }
}
