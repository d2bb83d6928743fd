// `distillery train` as a user runs it (out/cli.js), against the test double test/fixtures/train/fake-hf-trainer.mjs
// put on PATH under each launcher's name: it prints real Hugging Face Trainer lines and writes trainer_state.json
// and checkpoint folders. Checked: the command and files, the loss curve stored, the checkpoints found, the
// errors that start nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../../src/core/store/db';
import { listTrainRuns, trainPoints } from '../../../src/core/store/train-runs';
import { dashboardRuns } from '../../../src/core/store/run-dashboard';
import { fixture } from '../helpers';
import { selectAll, world, type World } from '../export/setup';

const CLI = resolve('out', 'cli.js');
const FAKE = fixture('train', 'fake-hf-trainer.mjs');

describe('distillery train (CLI, stand-in trainer)', function () {
  this.timeout(60_000);
  let w: World;
  let bin: string;
  let dir: string;
  const run = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [CLI, '--db', w.dbPath, ...args], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, ...env } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const config = (name: string, c: Record<string, unknown>) => {
    const file = join(dir, `${name}.train.json`);
    writeFileSync(file, `// a comment, as the editor allows\n${JSON.stringify({ name, selection: 'sel', runDir: `runs/${name}`, ...c }, null, 2)}\n`);
    return file;
  };

  beforeEach(async () => {
    w = await world([fixture('import', 's1-pool.jsonl')]);
    selectAll(w.db);
    w.db.close();
    // A folder name with a space and a quote: everything must still be one argument.
    dir = join(w.dir, "my project's files");
    mkdirSync(dir);
    bin = join(w.dir, 'bin');
    mkdirSync(bin);
    for (const n of ['accelerate', 'llamafactory-cli', 'torchrun']) symlinkSync(FAKE, join(bin, n));
  });
  afterEach(() => w.cleanup());

  it('--dry-run writes the export and the trainer files and prints the command; nothing runs, nothing is stored', () => {
    const r = run(['train', '--config', config('stu', { trainer: 'trl' }), '--dry-run', '--json'], { PATH: '/nonexistent' });
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    const runDir = join(dir, 'runs', 'stu');
    assert.equal(s.run_dir, runDir);
    assert.equal(s.argv[0], 'accelerate');
    assert.deepEqual(s.argv.slice(1, 4), ['launch', '--config_file', join(runDir, 'fsdp.yaml')]);
    assert.ok(s.block_size >= 16 && s.block_size === s.longest_row_tokens, 'block size: the longest row in tokens');
    assert.ok(existsSync(join(runDir, 'data', 'train.jsonl')));
    assert.ok(existsSync(join(runDir, 'data', 'README.md')), "the dataset card (its YAML names the data file for load_dataset)");
    assert.ok(existsSync(join(runDir, 'fsdp.yaml')));
    assert.ok(!existsSync(join(runDir, 'fake-trainer-argv.json')), 'the trainer did not run');
    assert.match(s.command, /^accelerate launch --config_file '.*my project'\\''s files/);
    const db = openDatabase(w.dbPath);
    assert.deepEqual(listTrainRuns(db), []);
    db.close();
  });

  for (const trainer of ['trl', 'llamafactory', 's1'] as const) {
    it(`${trainer}: runs the launcher with the exact argv, stores the loss curve from its lines and trainer_state.json, finds the checkpoints`, () => {
      const r = run(['train', '--config', config(`stu-${trainer}`, { trainer, epochs: 2, s1Repo: './s1' }), '--json']);
      assert.equal(r.code, 0, r.stderr);
      const s = JSON.parse(r.stdout);
      const runDir = join(dir, 'runs', `stu-${trainer}`);
      const got = JSON.parse(readFileSync(join(runDir, 'fake-trainer-argv.json'), 'utf8')) as { argv: string[]; cwd: string };
      assert.deepEqual(got.argv, s.argv.slice(1), 'the trainer got exactly the printed arguments');
      assert.equal(got.cwd, runDir);
      if (trainer === 'llamafactory') {
        assert.ok(existsSync(join(runDir, 'data', 'dataset_info.json')));
        assert.deepEqual(got.argv, ['train', join(runDir, 'llamafactory.yaml')]);
      }
      if (trainer === 's1') assert.ok(got.argv.includes(join(dir, 's1', 'train', 'sft.py')), 's1Repo is relative to the config file');
      assert.equal(s.outcome.status, 'done');
      assert.equal(s.outcome.points, 4, '2 epochs × 2 steps');
      assert.deepEqual(s.outcome.checkpoints.map((c: { step: number; final: boolean }) => [c.step, c.final]), [[2, false], [4, false], [4, true]]);
      assert.match(r.stderr, /\{'loss': 0\.96/, "the trainer's output is passed through");
      const db = openDatabase(w.dbPath);
      const pts = trainPoints(db, `stu-${trainer}`)!;
      assert.equal(pts.status, 'done');
      assert.deepEqual(pts.points.map((p) => p.step), [1, 2, 3, 4]);
      assert.deepEqual(pts.points.map((p) => p.loss), [0.96, 0.768, 0.6144, 0.4915]);
      assert.ok(pts.points.every((p) => p.learningRate !== null && p.gradNorm !== null && p.epoch !== null));
      const runs = listTrainRuns(db);
      assert.equal(runs[0].name, `stu-${trainer}`);
      assert.equal(runs[0].checkpoints.length, 3);
      assert.equal(runs[0].lastLoss, 0.4915);
      const shown = dashboardRuns(db).find((x) => x.name === `stu-${trainer}`)!;
      assert.deepEqual([shown.done, shown.planned], [4, 4], 'the runs dashboard: 4 / 4 steps');
      db.close();
      assert.ok(readFileSync(join(runDir, 'train.log'), 'utf8').includes("'train_runtime'"));
    });
  }

  it('a trainer that dies: the run is failed with its last words, the steps it logged are kept, exit 1', () => {
    const r = run(['train', '--config', config('oom', {}), '--json'], { FAKE_TRAINER_FAIL: '1' });
    assert.equal(r.code, 1);
    const s = JSON.parse(r.stdout);
    assert.equal(s.outcome.status, 'failed');
    assert.match(s.outcome.error, /exited with code 1: .*CUDA out of memory/);
    const db = openDatabase(w.dbPath);
    assert.equal(trainPoints(db, 'oom')!.points.length, 1);
    assert.equal(listTrainRuns(db)[0].status, 'failed');
    // No trainer_state.json was written: the progress is the bar's, as the dashboard showed it while the run went.
    const shown = dashboardRuns(db).find((x) => x.name === 'oom')!;
    assert.equal(shown.done, 1);
    assert.ok(shown.planned !== null && shown.planned > 1, `the total steps the bar showed, not ${shown.planned}`);
    db.close();
  });

  it('running a name again starts its curve over (one run row)', () => {
    const f = config('again', { epochs: 1 });
    assert.equal(run(['train', '--config', f]).code, 0);
    assert.equal(run(['train', '--config', f]).code, 0);
    const db = openDatabase(w.dbPath);
    assert.equal(listTrainRuns(db).length, 1);
    assert.equal(trainPoints(db, 'again')!.points.length, 2);
    db.close();
  });

  it('a config the schema refuses exits 1 (refused input, README); mistakes exit 2 (unknown selection, launcher not on PATH, multi-node without SLURM, no such file); all before anything is written or started', () => {
    const bad = run(['train', '--config', config('bad', { learningRate: 'high' })]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /'learningRate' must be a number.*nothing was written/);
    const unknownKey = run(['train', '--config', config('bad2', { epoch: 3 }), '--json']);
    assert.equal(unknownKey.code, 1);
    assert.match(JSON.parse(unknownKey.stdout).error, /unknown key 'epoch'/);
    const sel = run(['train', '--config', config('nosel', { selection: 'nope' })]);
    assert.equal(sel.code, 2);
    assert.match(sel.stderr, /no selection named 'nope'/);
    const missing = run(['train', '--config', config('nopath', { trainer: 'llamafactory' })], { PATH: '/nonexistent' });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /llamafactory-cli is not on PATH.*launcherPath.*nothing was started/);
    const notExec = run(['train', '--config', config('nopath2', { launcherPath: './no/such/accelerate' })]);
    assert.equal(notExec.code, 2);
    assert.match(notExec.stderr, /no\/such\/accelerate is not on PATH/);
    const nodes = run(['train', '--config', config('big', { nodes: 2, gpus: 8 })]);
    assert.equal(nodes.code, 2);
    assert.match(nodes.stderr, /--dry-run to write job.sbatch/);
    for (const n of ['bad', 'bad2', 'nosel', 'nopath', 'nopath2', 'big']) assert.ok(!existsSync(join(dir, 'runs', n)), `${n}: nothing written`);
    const file = run(['train', '--config', join(dir, 'none.train.json')]);
    assert.equal(file.code, 2);
    const db = openDatabase(w.dbPath);
    assert.deepEqual(listTrainRuns(db), []);
    db.close();
  });

  it('--dry-run of a multi-node config writes job.sbatch; launcherPath names the launcher', () => {
    const r = run(['train', '--config', config('big', { nodes: 2, gpus: 8, trainer: 's1', s1Repo: '/s1', launcherPath: './venv/bin/torchrun' }), '--dry-run', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.slurm, join(dir, 'runs', 'big', 'job.sbatch'));
    assert.equal(s.argv[0], join(dir, 'venv', 'bin', 'torchrun'));
    assert.match(readFileSync(s.slurm, 'utf8'), /srun --nodes=2/);
  });
});
