// The launcher of each trainer, by name.
import type { TrainerName } from '../config';
import type { LaunchInput, LaunchPlan } from './common';
import { llamaFactoryPlan } from './llamafactory';
import { s1Plan } from './s1';
import { trlPlan } from './trl';

export type { LaunchInput, LaunchPlan } from './common';

export const LAUNCHERS: Record<TrainerName, (i: LaunchInput) => LaunchPlan> = { trl: trlPlan, llamafactory: llamaFactoryPlan, s1: s1Plan };

/** The data each trainer reads: TRL the messages rows, LLaMA-Factory ShareGPT with dataset_info.json, s1 its columns and `text`. */
export const TRAINER_EXPORT: Record<TrainerName, { format: 'messages' | 'sharegpt' | 's1'; file: string }> = {
  trl: { format: 'messages', file: 'train.jsonl' },
  llamafactory: { format: 'sharegpt', file: 'train.json' },
  s1: { format: 's1', file: 'train.jsonl' },
};
