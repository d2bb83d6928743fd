// Finds the Node.js executable named by `distillery.nodePath` (a name on PATH, or a path). No vscode import.
import * as fs from 'node:fs';
import * as path from 'node:path';

function isExecutableFile(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Absolute path of the executable, or undefined when there is none. */
export function findExecutable(nameOrPath: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const exts = process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  if (nameOrPath.includes('/') || nameOrPath.includes('\\')) {
    const abs = path.resolve(nameOrPath);
    return exts.map((e) => abs + e).find(isExecutableFile);
  }
  for (const dir of (env.PATH ?? env.Path ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const e of exts) {
      const p = path.join(dir, nameOrPath + e);
      if (isExecutableFile(p)) return p;
    }
  }
  return undefined;
}
