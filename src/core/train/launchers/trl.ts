// TRL's SFT trainer under `accelerate launch` with FSDP (full_shard, transformer-layer wrapping, bf16), full
// parameters: `accelerate launch --config_file fsdp.yaml -m trl.scripts.sft --model_name_or_path … --dataset_name …`,
// the flags of TRL's `trl sft` (SFTConfig and ModelConfig, which extend transformers' TrainingArguments).
import { stringify } from 'yaml';
import type { LaunchInput, LaunchPlan } from './common';
import { HEAD_NODE, MASTER_PORT, NODE_RANK, num, trainerFile } from './common';

/** accelerate's FSDP config file (what `accelerate config` writes for FSDP), for one machine of `gpus` processes. */
export function accelerateFsdpConfig(gpus: number, nodes: number): Record<string, unknown> {
  return {
    compute_environment: 'LOCAL_MACHINE',
    debug: false,
    distributed_type: 'FSDP',
    downcast_bf16: 'no',
    fsdp_config: {
      fsdp_auto_wrap_policy: 'TRANSFORMER_BASED_WRAP',
      fsdp_backward_prefetch: 'BACKWARD_PRE',
      fsdp_cpu_ram_efficient_loading: true,
      fsdp_forward_prefetch: false,
      fsdp_offload_params: false,
      fsdp_sharding_strategy: 'FULL_SHARD',
      fsdp_state_dict_type: 'FULL_STATE_DICT',
      fsdp_sync_module_states: true,
      fsdp_use_orig_params: true,
    },
    machine_rank: 0,
    main_training_function: 'main',
    mixed_precision: 'bf16',
    num_machines: nodes,
    num_processes: gpus * nodes,
    rdzv_backend: 'static',
    same_network: true,
    tpu_env: [],
    tpu_use_cluster: false,
    tpu_use_sudo: false,
    use_cpu: false,
  };
}

/** The training flags (after the script): s1's hyperparameters in TRL's names. */
export function trlTrainingArgs(i: LaunchInput): string[] {
  const c = i.config;
  return [
    '--model_name_or_path', c.model,
    '--dtype', 'bfloat16',
    '--dataset_name', i.dataDir,
    '--output_dir', i.outputDir,
    '--learning_rate', num(c.learningRate),
    '--num_train_epochs', num(c.epochs),
    '--per_device_train_batch_size', num(c.perDeviceBatchSize),
    '--gradient_accumulation_steps', num(i.accumulation),
    '--lr_scheduler_type', c.scheduler,
    '--warmup_ratio', num(c.warmupRatio),
    '--weight_decay', num(c.weightDecay),
    '--adam_beta1', num(c.adamBeta1),
    '--adam_beta2', num(c.adamBeta2),
    '--max_length', num(i.blockSize),
    '--bf16', 'True',
    // Loss on the assistant turn only (the messages rows' last turn).
    '--assistant_only_loss', 'True',
    '--gradient_checkpointing', c.gradientCheckpointing ? 'True' : 'False',
    '--logging_steps', '1',
    '--save_strategy', 'epoch',
    '--save_only_model', 'True',
    '--eval_strategy', 'no',
    '--seed', num(c.seed),
    '--report_to', 'none',
  ];
}

export function trlPlan(i: LaunchInput): LaunchPlan {
  const c = i.config;
  const fsdp = trainerFile(i.runDir, 'fsdp.yaml');
  const script = ['-m', 'trl.scripts.sft'];
  const train = trlTrainingArgs(i);
  return {
    trainer: 'trl',
    program: c.launcherPath ?? 'accelerate',
    args: ['launch', '--config_file', fsdp, '--num_processes', num(c.gpus), ...script, ...train],
    env: {},
    files: [{ path: fsdp, content: stringify(accelerateFsdpConfig(c.gpus, 1)) }],
    node: {
      env: {},
      argv: [c.launcherPath ?? 'accelerate', 'launch', '--config_file', fsdp, '--num_processes', num(c.gpus * c.nodes), '--num_machines', num(c.nodes),
        '--machine_rank', NODE_RANK, '--main_process_ip', HEAD_NODE, '--main_process_port', num(MASTER_PORT), '--rdzv_backend', 'c10d', ...script, ...train],
    },
    outputDir: i.outputDir,
    notes: ["TRL's assistant_only_loss needs a chat template with {% generation %} markers; if TRL refuses Qwen2.5's, pass a template that has them (TRL ships some) or train with trainer \"s1\"."],
  };
}
