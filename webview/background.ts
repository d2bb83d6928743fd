// The panel's one scheduler of background work (slices.ts): every job shares it, so a key waits behind at most
// one slice whoever queued the work.
import { browserEnv, SliceScheduler } from './slices';

/** Slices of at most ~5 ms (a step started before the budget ran out finishes: one formula, one block of DOM). */
export const background = new SliceScheduler(browserEnv(), 5);
