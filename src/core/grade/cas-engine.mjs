// The compute-engine, behind a module that cas.ts requires on first use: bundled, this module and the
// engine (about 0.5 MB) are then evaluated only when a grade needs the CAS, not at every process start.
// Plain JavaScript because the package is ESM-only, which TypeScript's Node16 CommonJS mode rejects as a
// value import; cas.ts imports its types only.
import { ComputeEngine } from '@cortex-js/compute-engine';

export function createEngine() {
  return new ComputeEngine();
}
