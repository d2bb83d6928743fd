// Shared by unit tests: temp databases and fixture paths (mocha runs from the repository root).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const fixture = (...p: string[]) => resolve('test', 'fixtures', ...p);
// Real public data the repository carries (see samples/NOTICE.md and test/fixtures/*/NOTICE.md); never ../shared.
export const sample = (name: string) => resolve('samples', name);

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'distillery-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
