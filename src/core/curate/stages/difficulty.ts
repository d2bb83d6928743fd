// Difficulty from the data's labels: drops a question any listed model solved (s1: Qwen 7B or 32B correct).
// Samples without the labels are kept unless `missing` is 'drop'.
import { missingColumns, type Drop, type StageDef } from './types';

export interface DifficultyStage { stage: string; type: 'difficulty'; dropIfAny: string[]; missing?: 'keep' | 'drop' }

export const difficultyStage: StageDef<DifficultyStage> = {
  type: 'difficulty',
  check(s, fail) {
    if (!Array.isArray(s.dropIfAny) || !s.dropIfAny.every((x) => typeof x === 'string')) fail('dropIfAny', 'must be an array of feature names');
    if (s.missing !== undefined && s.missing !== 'keep' && s.missing !== 'drop') fail('missing', "must be 'keep' or 'drop'");
  },
  run(stage, r) {
    // One drop per set of solvers, shared by the samples it names (half a 1.2M-row s1 pool is solved).
    const bySolvers = new Map<string, Drop>();
    r.narrow(stage, (s) => {
      const solved = stage.dropIfAny.filter((k) => s.features[k] === true);
      if (solved.length) {
        const key = solved.join('\0');
        let d = bySolvers.get(key);
        if (!d) bySolvers.set(key, (d = { stage: stage.stage, reason: `too easy: solved by ${solved.join(', ')}`, detail: { solved_by: solved } }));
        return d;
      }
      if (stage.missing === 'drop' && stage.dropIfAny.some((k) => typeof s.features[k] !== 'boolean')) return { stage: stage.stage, reason: `no difficulty label (${stage.dropIfAny.join(', ')})` };
      return undefined;
    });
  },
  whyEmpty: (stage, input) => (stage.missing === 'drop' ? missingColumns(stage.dropIfAny, input, (s, k) => typeof s.features[k] === 'boolean') : undefined),
};
