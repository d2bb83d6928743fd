// LLaMA-Factory: `llamafactory-cli train config.yaml`, full-parameter SFT (its examples/train_full YAML), on the
// ShareGPT export and the dataset_info.json written beside it (dataset_dir). LLaMA-Factory computes the loss on
// the responses only unless train_on_prompt is set. FORCE_TORCHRUN spreads it over the GPUs; NNODES, NODE_RANK,
// MASTER_ADDR and MASTER_PORT over nodes.
import { stringify } from 'yaml';
import type { LaunchInput, LaunchPlan } from './common';
import { HEAD_NODE, MASTER_PORT, NODE_RANK, num, trainerFile } from './common';

export function llamaFactoryYaml(i: LaunchInput): Record<string, unknown> {
  const c = i.config;
  return {
    model_name_or_path: c.model,
    trust_remote_code: true,
    stage: 'sft',
    do_train: true,
    finetuning_type: 'full',
    ...(c.deepspeed ? { deepspeed: c.deepspeed } : {}),
    dataset: i.datasetName,
    dataset_dir: i.dataDir,
    template: 'qwen',
    cutoff_len: i.blockSize,
    train_on_prompt: false,
    overwrite_cache: true,
    preprocessing_num_workers: 16,
    output_dir: i.outputDir,
    logging_steps: 1,
    save_strategy: 'epoch',
    save_only_model: true,
    plot_loss: true,
    overwrite_output_dir: true,
    report_to: 'none',
    per_device_train_batch_size: c.perDeviceBatchSize,
    gradient_accumulation_steps: i.accumulation,
    learning_rate: c.learningRate,
    num_train_epochs: c.epochs,
    lr_scheduler_type: c.scheduler,
    warmup_ratio: c.warmupRatio,
    weight_decay: c.weightDecay,
    adam_beta1: c.adamBeta1,
    adam_beta2: c.adamBeta2,
    bf16: true,
    gradient_checkpointing: c.gradientCheckpointing,
    seed: c.seed,
    ddp_timeout: 180000000,
  };
}

export function llamaFactoryPlan(i: LaunchInput): LaunchPlan {
  const c = i.config;
  const yamlPath = trainerFile(i.runDir, 'llamafactory.yaml');
  const program = c.launcherPath ?? 'llamafactory-cli';
  const env: Record<string, string> = c.gpus > 1 ? { FORCE_TORCHRUN: '1', NPROC_PER_NODE: num(c.gpus) } : {};
  return {
    trainer: 'llamafactory',
    program,
    args: ['train', yamlPath],
    env,
    files: [{ path: yamlPath, content: stringify(llamaFactoryYaml(i)) }],
    node: {
      env: { FORCE_TORCHRUN: '1', NNODES: num(c.nodes), NODE_RANK, NPROC_PER_NODE: num(c.gpus), MASTER_ADDR: HEAD_NODE, MASTER_PORT: num(MASTER_PORT) },
      argv: [program, 'train', yamlPath],
    },
    outputDir: i.outputDir,
    notes: [],
  };
}
