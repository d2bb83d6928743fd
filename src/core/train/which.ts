// Whether a launcher can start: a path must be an executable file; a bare name must be on PATH.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

function executable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    if (process.platform !== 'win32') accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The executable `program` names (a path, or a name looked up on PATH), or null. */
export function findProgram(program: string, path = process.env.PATH ?? ''): string | null {
  if (/[\\/]/.test(program)) return executable(program) ? program : null;
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of path.split(delimiter).filter(Boolean)) {
    for (const ext of exts) {
      const p = join(dir, program + ext);
      if (executable(p)) return p;
    }
  }
  return null;
}
