// Fills the selection with the longest traces (OpenThoughts' difficulty proxy), after picks and force keeps.
import { byLength } from '../pool';
import type { StageDef } from './types';

export interface LongestStage { stage: string; type: 'longest' }

export const longestStage: StageDef<LongestStage> = {
  type: 'longest',
  selects: true,
  run(stage, r) {
    const forced = r.alive.filter((s) => r.keep.has(s.id));
    const rest = r.alive.filter((s) => !r.keep.has(s.id)).sort(byLength);
    const room = Math.max(0, r.target - r.picks.length - forced.length);
    r.selected = r.picks.concat(forced, rest.slice(0, room));
    const shorter = { stage: stage.stage, reason: 'shorter than the selected traces' }; // one for all: most of a large pool
    for (const s of rest.slice(room)) r.drops.set(s.id, shorter);
    r.funnel.push({ stage: stage.stage, type: stage.type, kept: r.selected.length, dropped: Math.max(0, rest.length - room) });
  },
};
