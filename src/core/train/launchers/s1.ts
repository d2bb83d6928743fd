// s1's own trainer: train/sft.py of a simplescaling/s1 checkout under torchrun, with the flags its train/sft.sh
// passes (FSDP full_shard auto_wrap over Qwen2DecoderLayer, bf16, cosine, warmup 5 %, Adam betas 0.9/0.95). sft.py
// trains on the `text` column of the s1 export and masks everything before the assistant turn.
import { join } from 'node:path';
import type { LaunchInput, LaunchPlan } from './common';
import { MASTER_PORT, num, trainerFile } from './common';

/** FSDP settings for transformers' Trainer (`--fsdp_config`): wrap each Qwen2 decoder layer. */
export function s1FsdpConfig(): Record<string, unknown> {
  return { transformer_layer_cls_to_wrap: ['Qwen2DecoderLayer'], min_num_params: 0, xla: false, xla_fsdp_v2: false, xla_fsdp_grad_ckpt: false };
}

/** sft.py's flags, `--flag=value` as sft.sh writes them. */
export function s1TrainingArgs(i: LaunchInput, fsdpConfig: string): string[] {
  const c = i.config;
  const f = (k: string, v: string) => `--${k}=${v}`;
  return [
    f('block_size', num(i.blockSize)),
    f('per_device_train_batch_size', num(c.perDeviceBatchSize)),
    f('per_device_eval_batch_size', num(c.perDeviceBatchSize)),
    f('gradient_accumulation_steps', num(i.accumulation)),
    f('num_train_epochs', num(c.epochs)),
    f('train_file_path', i.dataDir),
    f('model_name', c.model),
    f('warmup_ratio', num(c.warmupRatio)),
    f('fsdp', 'full_shard auto_wrap'),
    f('fsdp_config', fsdpConfig),
    f('bf16', 'True'),
    f('eval_strategy', 'no'),
    f('logging_steps', '1'),
    f('save_strategy', 'epoch'),
    f('lr_scheduler_type', c.scheduler),
    f('learning_rate', num(c.learningRate)),
    f('weight_decay', num(c.weightDecay)),
    f('adam_beta1', num(c.adamBeta1)),
    f('adam_beta2', num(c.adamBeta2)),
    f('output_dir', i.outputDir),
    f('push_to_hub', 'False'),
    f('save_only_model', 'True'),
    f('gradient_checkpointing', c.gradientCheckpointing ? 'True' : 'False'),
    f('seed', num(c.seed)),
    f('report_to', 'none'),
  ];
}

export function s1Plan(i: LaunchInput): LaunchPlan {
  const c = i.config;
  const fsdp = trainerFile(i.runDir, 'fsdp_config_qwen.json');
  const script = join(c.s1Repo!, 'train', 'sft.py');
  const program = c.launcherPath ?? 'torchrun';
  const train = s1TrainingArgs(i, fsdp);
  return {
    trainer: 's1',
    program,
    args: ['--nproc-per-node', num(c.gpus), '--master_port', num(MASTER_PORT), script, ...train],
    env: {},
    files: [{ path: fsdp, content: JSON.stringify(s1FsdpConfig(), null, 2) + '\n' }],
    node: {
      env: {},
      // sft_multinode.sh's rendezvous: every node joins the head node's c10d store.
      argv: [program, '--nnodes', num(c.nodes), '--nproc-per-node', num(c.gpus), '--rdzv_id', '0', '--rdzv_backend', 'c10d',
        '--rdzv_endpoint', { shell: `"$MASTER_ADDR":${MASTER_PORT}` }, script, ...train],
    },
    outputDir: i.outputDir,
    notes: [],
  };
}
