// The launchers' exact commands and files for each trainer, with s1's defaults; paths with spaces and quotes stay
// single arguments (argv arrays) and survive the SLURM script's shell unchanged.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateTrainConfig } from '../../../src/core/train/config';
import { LAUNCHERS, type LaunchInput } from '../../../src/core/train/launchers';
import { accelerateFsdpConfig } from '../../../src/core/train/launchers/trl';
import { nodeCommandLine, shQuote, slurmScript } from '../../../src/core/train/launchers/slurm';
import { tempDir } from '../helpers';

const ODD = "/tmp/my runs/it's \"q\" $HOME";

function input(extra: Record<string, unknown> = {}, runDir = ODD): LaunchInput {
  const config = validateTrainConfig({ name: 'stu', selection: 's1k', ...extra });
  return {
    config, runDir, dataDir: join(runDir, 'data'), dataFile: join(runDir, 'data', 'train.jsonl'), datasetName: 's1k',
    blockSize: 9123, outputDir: join(runDir, 'output'), accumulation: 16 / (config.perDeviceBatchSize * config.gpus * config.nodes),
  };
}

/** The value after a flag in an argv (`--k v`), or of `--k=v`. */
function flag(argv: readonly string[], k: string): string | undefined {
  const i = argv.indexOf(`--${k}`);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3);
}

describe('training launchers', () => {
  it("TRL: accelerate launch with the FSDP config file written, then trl's SFT flags with s1's hyperparameters", () => {
    const plan = LAUNCHERS.trl(input({ gpus: 4 }));
    assert.equal(plan.program, 'accelerate');
    assert.deepEqual(plan.args.slice(0, 7), ['launch', '--config_file', join(ODD, 'fsdp.yaml'), '--num_processes', '4', '-m', 'trl.scripts.sft']);
    const a = plan.args;
    assert.equal(flag(a, 'model_name_or_path'), 'Qwen/Qwen2.5-3B-Instruct');
    assert.equal(flag(a, 'dataset_name'), join(ODD, 'data'));
    assert.equal(flag(a, 'output_dir'), join(ODD, 'output'));
    assert.equal(flag(a, 'learning_rate'), '0.00001');
    assert.equal(Number(flag(a, 'learning_rate')), 1e-5);
    assert.equal(flag(a, 'num_train_epochs'), '5');
    assert.equal(flag(a, 'gradient_accumulation_steps'), '4', '16 = 1 per device × 4 accumulation × 4 GPUs');
    assert.equal(flag(a, 'lr_scheduler_type'), 'cosine');
    assert.equal(flag(a, 'warmup_ratio'), '0.05');
    assert.equal(Number(flag(a, 'weight_decay')), 1e-4);
    assert.equal(flag(a, 'adam_beta1'), '0.9');
    assert.equal(flag(a, 'adam_beta2'), '0.95');
    assert.equal(flag(a, 'max_length'), '9123');
    assert.equal(flag(a, 'bf16'), 'True');
    assert.equal(flag(a, 'dtype'), 'bfloat16');
    assert.equal(flag(a, 'assistant_only_loss'), 'True');
    assert.equal(a.filter((x) => x.includes('lora') || x.includes('peft')).length, 0, 'full-parameter: no adapter flags');
    assert.equal(plan.files.length, 1);
    const fsdp = parse(plan.files[0].content) as Record<string, unknown> & { fsdp_config: Record<string, unknown> };
    assert.equal(plan.files[0].path, join(ODD, 'fsdp.yaml'));
    assert.equal(fsdp.distributed_type, 'FSDP');
    assert.equal(fsdp.mixed_precision, 'bf16');
    assert.equal(fsdp.num_processes, 4);
    assert.equal(fsdp.fsdp_config.fsdp_sharding_strategy, 'FULL_SHARD');
    assert.equal(fsdp.fsdp_config.fsdp_auto_wrap_policy, 'TRANSFORMER_BASED_WRAP');
    assert.equal(accelerateFsdpConfig(8, 2).num_processes, 16);
  });

  it("LLaMA-Factory: llamafactory-cli train YAML, full fine-tuning on the ShareGPT export's dataset_info.json, response-only loss", () => {
    const plan = LAUNCHERS.llamafactory(input({ trainer: 'llamafactory', gpus: 2, deepspeed: '/opt/ds z3.json' }));
    assert.equal(plan.program, 'llamafactory-cli');
    assert.deepEqual(plan.args, ['train', join(ODD, 'llamafactory.yaml')]);
    assert.deepEqual(plan.env, { FORCE_TORCHRUN: '1', NPROC_PER_NODE: '2' });
    const y = parse(plan.files[0].content) as Record<string, unknown>;
    assert.equal(y.finetuning_type, 'full');
    assert.equal(y.stage, 'sft');
    assert.equal(y.dataset, 's1k');
    assert.equal(y.dataset_dir, join(ODD, 'data'), 'the folder holding dataset_info.json, spaces and quotes kept');
    assert.equal(y.output_dir, join(ODD, 'output'));
    assert.equal(y.template, 'qwen');
    assert.equal(y.cutoff_len, 9123);
    assert.equal(y.train_on_prompt, false);
    assert.equal(y.learning_rate, 1e-5);
    assert.equal(y.gradient_accumulation_steps, 8);
    assert.equal(y.bf16, true);
    assert.equal(y.adam_beta2, 0.95);
    assert.equal(y.deepspeed, '/opt/ds z3.json');
    assert.doesNotMatch(plan.files[0].content, /1e-5/, 'PyYAML (YAML 1.1) reads 1e-5 as a string: written as 0.00001');
  });

  it("s1: torchrun train/sft.py of the checkout with sft.sh's --flag=value arguments and its FSDP config", () => {
    const plan = LAUNCHERS.s1(input({ trainer: 's1', s1Repo: '/src/s1 repo', gpus: 8 }));
    assert.equal(plan.program, 'torchrun');
    assert.deepEqual(plan.args.slice(0, 5), ['--nproc-per-node', '8', '--master_port', '29500', '/src/s1 repo/train/sft.py']);
    const a = plan.args;
    assert.equal(flag(a, 'block_size'), '9123');
    assert.equal(flag(a, 'train_file_path'), join(ODD, 'data'));
    assert.equal(flag(a, 'model_name'), 'Qwen/Qwen2.5-3B-Instruct');
    assert.equal(flag(a, 'fsdp'), 'full_shard auto_wrap');
    assert.equal(flag(a, 'fsdp_config'), join(ODD, 'fsdp_config_qwen.json'));
    assert.equal(flag(a, 'gradient_accumulation_steps'), '2');
    assert.equal(flag(a, 'per_device_train_batch_size'), '1');
    assert.equal(flag(a, 'warmup_ratio'), '0.05');
    assert.equal(flag(a, 'adam_beta1'), '0.9');
    assert.equal(flag(a, 'adam_beta2'), '0.95');
    assert.equal(flag(a, 'bf16'), 'True');
    assert.equal(flag(a, 'save_only_model'), 'True');
    assert.ok(a.includes(`--output_dir=${join(ODD, 'output')}`), 'one argument, however odd the path');
    assert.deepEqual(JSON.parse(plan.files[0].content).transformer_layer_cls_to_wrap, ['Qwen2DecoderLayer']);
  });

  it('a batch that does not divide and an s1 run without its checkout are refused with the reason', () => {
    assert.throws(() => validateTrainConfig({ name: 'a', selection: 's', gpus: 3 }), /batchSize' 16 is not a multiple of .* 3/);
    assert.throws(() => validateTrainConfig({ name: 'a', selection: 's', trainer: 's1' }), /s1Repo/);
    assert.throws(() => validateTrainConfig({ name: 'a', selection: 's', lr: 1 }), /unknown key 'lr'/);
    assert.throws(() => validateTrainConfig({ name: 'a b', selection: 's' }), /'name'/);
  });

  it('shQuote: any string comes back unchanged through the shell', () => {
    for (const s of [ODD, "a'b", '', 'x y', '$(rm -rf /)', '`id`', 'back\\slash', 'new\nline']) {
      const r = spawnSync('bash', ['-c', `printf %s ${shQuote(s)}`], { encoding: 'utf8' });
      assert.equal(r.stdout, s);
    }
  });

  for (const trainer of ['trl', 'llamafactory', 's1'] as const) {
    it(`SLURM (${trainer}): srun runs the launcher once per node, the node's rank and head node filled in, odd paths intact`, () => {
      const t = tempDir();
      try {
        const runDir = join(t.dir, "runs dir/it's \"x\"");
        mkdirSync(runDir, { recursive: true });
        // Stand-ins for SLURM and the launcher: srun runs its command as node 1, the launcher prints what it got.
        const bin = join(t.dir, 'bin');
        mkdirSync(bin);
        const fake = (name: string, body: string) => { writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`); chmodSync(join(bin, name), 0o755); };
        fake('srun', 'while [[ "$1" == --* ]]; do shift; done; SLURM_NODEID=1 "$@"');
        fake('scontrol', 'echo head-node-0; echo node-1');
        fake('print-argv', `node -e 'console.log(JSON.stringify({argv: process.argv.slice(1), rank: process.env.NODE_RANK ?? null, addr: process.env.MASTER_ADDR ?? null}))' -- "$@"`);
        const i = input({ trainer, nodes: 2, gpus: 8, s1Repo: '/s1', launcherPath: join(bin, 'print-argv'), slurm: { partition: 'gpu', time: '24:00:00' } }, runDir);
        const plan = LAUNCHERS[trainer](i);
        const script = slurmScript(i.config, plan, runDir);
        assert.match(script, /#SBATCH --nodes=2\n/);
        assert.match(script, /#SBATCH --gpus-per-node=8\n/);
        assert.match(script, /#SBATCH --partition=gpu\n/);
        assert.match(script, /srun --nodes=2 --ntasks-per-node=1/);
        assert.ok(nodeCommandLine(plan).includes('"$SLURM_NODEID"') || nodeCommandLine(plan).includes('NODE_RANK') || trainer === 's1');
        const file = join(runDir, 'job.sbatch');
        writeFileSync(file, script);
        const r = spawnSync('bash', [file], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, SLURM_JOB_NODELIST: 'node[0-1]' } });
        assert.equal(r.status, 0, r.stderr);
        const got = JSON.parse(r.stdout.trim()) as { argv: string[]; rank: string | null; addr: string | null };
        const want = plan.node.argv.slice(1).map((a) => (typeof a === 'string' ? a : a.shell === '"$SLURM_NODEID"' ? '1' : a.shell === '"$MASTER_ADDR"' ? 'head-node-0' : a.shell.replace('"$MASTER_ADDR"', 'head-node-0')));
        assert.deepEqual(got.argv, want);
        if (trainer === 'trl') assert.equal(flag(got.argv, 'machine_rank'), '1');
        if (trainer === 's1') assert.equal(flag(got.argv, 'rdzv_endpoint'), 'head-node-0:29500');
        if (trainer === 'llamafactory') { assert.equal(got.rank, '1'); assert.equal(got.addr, 'head-node-0'); }
        assert.ok(got.argv.some((a) => a.includes(runDir)), 'the run folder reaches the launcher as it is');
        assert.equal(readFileSync(file, 'utf8'), script);
      } finally {
        t.cleanup();
      }
    });
  }
});

describe('serving a checkpoint', () => {
  it("vllm serve: the checkpoint as one argument, s1's context length, tensor parallel over the training GPUs", async () => {
    const { vllmServeArgs, servedName, servedEvalConfig, servedUrl } = await import('../../../src/core/train/serve');
    const { validateEvalConfig } = await import('../../../src/core/evaluate/config');
    const args = vllmServeArgs({ model: ODD, name: 'stu', tensorParallel: 4 });
    assert.deepEqual(args, ['serve', ODD, '--served-model-name', 'stu', '--tensor-parallel-size', '4', '--max-model-len', '32768', '--dtype', 'bfloat16', '--host', '127.0.0.1', '--port', '8000']);
    assert.equal(servedName('stu', { step: 10, final: false }), 'stu-step10');
    assert.equal(servedName('stu', { step: 20, final: true }), 'stu');
    const c = validateEvalConfig(servedEvalConfig({ run: 'stu-eval', url: servedUrl({ port: 8001 }), model: 'stu' }));
    assert.equal(c.backend, 'http://127.0.0.1:8001/v1');
    assert.equal(c.method, 'budget-forcing');
  });
});
