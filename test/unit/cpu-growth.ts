// Shared by unit tests that check a computation on untrusted input stays linear, without an absolute time bound.

/**
 * How a computation's CPU time grows when its input grows `factor` times: `run(1)` and `run(factor)` build and
 * process an input of that scale; the small one is run once to warm up, then the fastest of `rounds` of each is
 * compared. Linear work gives about `factor`, quadratic about `factor`²: a ratio between them says whether an
 * input can make the work blow up, whatever the machine's speed or load (no absolute time is asserted).
 */
export function cpuGrowth(run: (scale: number) => void, factor = 8, rounds = 3): number {
  const cpu = (scale: number) => {
    let best = Infinity;
    for (let i = 0; i < rounds; i++) {
      const c0 = process.cpuUsage();
      run(scale);
      const c = process.cpuUsage(c0);
      best = Math.min(best, c.user + c.system);
    }
    return best;
  };
  run(1);
  const small = cpu(1);
  // A few ms of CPU is too little to compare: a floor of 2 ms keeps the ratio about the work, not the timer.
  return cpu(factor) / Math.max(small, 2000);
}
