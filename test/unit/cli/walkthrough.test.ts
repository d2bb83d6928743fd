// Defects found by walking the CLI as a new user (README + --help): --json on usage errors, numbers refused as usage
// errors before any work, a resumed generation against the replay server still labelled a replay.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { tempDir } from '../helpers';

const CLI = resolve('out', 'cli.js');

function run(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI walkthrough: what a new user met', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => { tmp = tempDir(); });
  afterEach(() => tmp.cleanup());

  it('a usage error with --json prints one {"error"} object on stdout too, as every other error does (exit 2)', () => {
    const cases: [string[], RegExp][] = [
      [['import', '--json'], /^missing required argument 'files'$/],
      [['metrics', '--json'], /^required option '--run <name>' not specified$/],
      [['stats', '--bogus', '--json'], /^unknown option '--bogus'/],
      [['export', '--selection', 's', '--format', 'bogus', '--out', 'x.jsonl', '--json'], /argument 'bogus' is invalid/],
      [['nosuch', '--json'], /^unknown command 'nosuch'$/],
      [['--json'], /^no command given/],
    ];
    for (const [args, error] of cases) {
      const r = run(args, tmp.dir);
      assert.equal(r.code, 2, args.join(' '));
      const lines = r.stdout.trim().split('\n');
      assert.equal(lines.length, 1, `${args.join(' ')}: one line on stdout, got ${JSON.stringify(r.stdout)}`);
      assert.match((JSON.parse(lines[0]) as { error: string }).error, error, args.join(' '));
      assert.match(r.stderr, args.length > 1 ? /distillery --help/ : /^Usage: distillery/, 'stderr still has the human message (or the help)');
    }
    // without --json, stdout stays empty; help and --version are not errors
    assert.equal(run(['metrics'], tmp.dir).stdout, '');
    assert.doesNotMatch(run(['stats', '--help', '--json'], tmp.dir).stdout, /"error"/);
    assert.doesNotMatch(run(['--version', '--json'], tmp.dir).stdout, /"error"/);
  });
});
