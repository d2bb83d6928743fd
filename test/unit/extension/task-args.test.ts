// The pure part of the `distillery` task type (src/extension/taskArgs.ts): definition → argv, under plain Node.
import assert from 'node:assert/strict';
import { TaskDefinitionError, taskArgv, taskLabel, validateTaskDefinition } from '../../../src/extension/taskArgs';
import { findExecutable } from '../../../src/extension/findNode';

const ctx = { cliPath: '/ext/out/cli.js', dbPath: '/ws/.distillery/distillery.db' };

describe('distillery task definitions', () => {
  it('runs <cli> <command> --db <db> ...args', () => {
    assert.deepEqual(taskArgv({ type: 'distillery', command: 'stats' }, ctx), ['/ext/out/cli.js', 'stats', '--db', '/ws/.distillery/distillery.db']);
    assert.deepEqual(
      taskArgv({ type: 'distillery', command: 'import', args: ['data/a.jsonl', '--dataset', 'a', '--preset', 'auto'] }, ctx),
      ['/ext/out/cli.js', 'import', '--db', '/ws/.distillery/distillery.db', 'data/a.jsonl', '--dataset', 'a', '--preset', 'auto'],
    );
  });

  it('leaves --db to the task when its args name one', () => {
    assert.deepEqual(taskArgv({ type: 'distillery', command: 'stats', args: ['--db', 'x.db'] }, ctx), ['/ext/out/cli.js', 'stats', '--db', 'x.db']);
    assert.deepEqual(taskArgv({ type: 'distillery', command: 'stats', args: ['--db=x.db'] }, ctx), ['/ext/out/cli.js', 'stats', '--db=x.db']);
  });

  it('rejects malformed definitions from tasks.json', () => {
    assert.throws(() => validateTaskDefinition({ type: 'distillery' }), TaskDefinitionError);
    assert.throws(() => validateTaskDefinition({ type: 'distillery', command: '--db' }), /command/);
    assert.throws(() => validateTaskDefinition({ type: 'distillery', command: 'stats', args: 'x' }), /args/);
    assert.throws(() => validateTaskDefinition({ type: 'shell', command: 'stats' }), /type/);
    assert.throws(() => validateTaskDefinition(null), TaskDefinitionError);
  });

  it('names tasks after their command line', () => {
    assert.equal(taskLabel({ type: 'distillery', command: 'import', args: ['a.jsonl'] }), 'import a.jsonl');
  });

  it('finds node on PATH, and nothing for a missing path', () => {
    assert.ok(findExecutable('node'));
    assert.equal(findExecutable('/nonexistent/bin/node'), undefined);
    assert.equal(findExecutable('node', { PATH: '' }), undefined);
  });
});
