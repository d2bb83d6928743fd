// The grader's bound: work counted per operation (a parse step, a tree node visited, an evaluation step, a BigInt
// loop iteration), never a clock. A grade that runs out of work gives up with the same verdict on every machine,
// however loaded, and no single step between two counts can run long because every loop counts its iterations.

export class OutOfWork extends Error {}

/** Units a default grade may spend: about 0.1 s on one core for the most expensive units (evaluation steps). */
export const DEFAULT_WORK = 1_000_000;
/** timeLimitMs is converted at this rate (the default 2000 ms is DEFAULT_WORK). */
export const WORK_PER_MS = DEFAULT_WORK / 2000;

let used = 0;
let limit = Infinity;

/** Counts `units` of work against the running budget; throws OutOfWork when it is spent. */
export function spend(units: number): void {
  used += units;
  if (used > limit) throw new OutOfWork('work limit');
}

/** Runs fn under a budget of `max` units (nested calls share the outer budget when it is smaller). */
export function bounded<T>(max: number, fn: () => T): { value: T; work: number } | { error: unknown; work: number } {
  const savedUsed = used;
  const savedLimit = limit;
  used = 0;
  limit = Math.min(max, savedLimit - savedUsed);
  try {
    return { value: fn(), work: used };
  } catch (error) {
    return { error, work: used };
  } finally {
    const spent = used;
    used = savedUsed + spent;
    limit = savedLimit;
  }
}
