import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isCancelledError } from '../../src/extension/engine';
import type { DatasetsNode } from '../../src/extension/datasetsView';
import type { ImportResult, StatsResult } from '../../src/shared/protocol';
import { cli, readyApi, sampleFile, waitUntil } from './helpers';

describe('Import through the command', () => {
  const dataset = 'host-import';

  it('imports the s1K sample through distillery.importDataset (no pickers when given args)', async () => {
    await readyApi();
    const r = await vscode.commands.executeCommand<ImportResult | undefined>('distillery.importDataset', {
      files: [sampleFile()],
      dataset,
      preset: 'auto',
    });
    assert.ok(r, 'the command returned a result');
    assert.equal(r.dataset, dataset);
    assert.equal(r.rows, 5);
    assert.ok(r.traces >= 5, `traces: ${r.traces}`);
    assert.deepEqual(r.errors, []);
  });

  it('the dataset is in the database: datasets/list', async () => {
    const a = await readyApi();
    const list = await a.engine.request('datasets/list', {});
    const d = list.find((x) => x.name === dataset);
    assert.ok(d, `datasets/list has ${dataset}: ${JSON.stringify(list.map((x) => x.name))}`);
    assert.equal(d.samples, 5);
  });

  it('the dataset is in the database: distillery stats from another process', async () => {
    const a = await readyApi();
    const stats = cli<StatsResult>(['stats', '--db', a.config.databasePath]);
    const d = stats.datasets.find((x) => x.name === dataset);
    assert.ok(d, `stats lists ${dataset}`);
    assert.equal(d.samples, 5);
  });

  it('the Datasets tree shows it with its counts', async () => {
    const a = await readyApi();
    const node = await waitUntil(async () => {
      const roots = await a.datasets.getChildren();
      return roots.find((n): n is Extract<DatasetsNode, { kind: 'dataset' }> => n.kind === 'dataset' && n.dataset.name === dataset);
    }, 'the tree to list the dataset');
    const item = a.datasets.getTreeItem(node);
    assert.equal(item.label, dataset);
    assert.match(String(item.description), /^5 samples · \d+ traces$/);
    const children = await a.datasets.getChildren(node);
    assert.ok(children.some((c) => c.kind === 'detail' && c.label === 'Samples' && c.value === '5'));
  });

  it('a second import of the same file adds nothing', async () => {
    const r = await vscode.commands.executeCommand<ImportResult | undefined>('distillery.importDataset', {
      files: [sampleFile()],
      dataset,
      preset: 'auto',
    });
    assert.ok(r);
    assert.equal(r.new_samples, 0);
    assert.equal(r.new_traces, 0);
  });

  it('a missing file fails with a message instead of an exception', async () => {
    const r = await vscode.commands.executeCommand<ImportResult | undefined>('distillery.importDataset', {
      files: ['/nonexistent/distillery-missing.jsonl'],
      dataset: 'host-missing',
      preset: 'auto',
    });
    const a = await readyApi();
    const list = await a.engine.request('datasets/list', {});
    assert.ok(!list.some((d) => d.name === 'host-missing' && d.samples > 0), 'nothing was imported');
    if (r) assert.ok(r.errors.length > 0 || r.rows === 0);
  });
});

describe('Import cancellation', () => {
  it('cancelling the request stops the engine import and adds nothing', async function () {
    this.timeout(120_000);
    const a = await readyApi();
    // a file large enough that the import is still running when the cancellation arrives
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'distillery-cancel-'));
    const file = path.join(dir, 'big-math.jsonl');
    const pad = 'x'.repeat(2000);
    const fd = fs.openSync(file, 'w');
    for (let i = 0; i < 60_000; i += 1000) {
      let chunk = '';
      for (let j = i; j < i + 1000; j++) {
        chunk += JSON.stringify({ problem: `Cancel test ${j}: what is ${j}+1? ${pad}`, solution: `${j + 1}`, answer: `${j + 1}`, subject: 'Algebra', level: 1, unique_id: `cancel/${j}` }) + '\n';
      }
      fs.writeSync(fd, chunk);
    }
    fs.closeSync(fd);
    const cts = new vscode.CancellationTokenSource();
    const token = 'host-cancel-test';
    const sub = a.engine.onNotification((n) => {
      if (n.method === 'import/progress' && n.params.token === token) cts.cancel();
    });
    const timer = setTimeout(() => cts.cancel(), 300); // in case the engine reports no progress before it ends
    try {
      const outcome = await a.engine.request('import/run', { files: [file], dataset: 'host-cancelled', preset: 'auto', token }, cts.token).then(
        (r) => `resolved: ${JSON.stringify({ rows: r.rows, errors: r.errors.slice(0, 2) })}`,
        (e: unknown) => e,
      );
      assert.ok(isCancelledError(outcome), `rejected as cancelled (JSON-RPC -32800), got ${outcome instanceof Error ? `${outcome.name}: ${outcome.message} ${JSON.stringify(outcome)}` : String(outcome)}`);
    } finally {
      clearTimeout(timer);
      sub.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const list = await a.engine.request('datasets/list', {});
    const d = list.find((x) => x.name === 'host-cancelled');
    assert.ok(!d || d.samples === 0, `nothing imported (got ${d?.samples} samples)`);
  });
});

describe('Import of a broken file', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'distillery-broken-'));
    file = path.join(dir, 'broken.jsonl');
    fs.writeFileSync(
      file,
      '{"problem": "1+1?", "answer": "2", "unique_id": "b/1"}\n{"problem": broken\n{"problem": "2+2?", "answer": "4", "unique_id": "b/2"}\n',
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is all-or-nothing by default: reports the line, stores nothing', async () => {
    const r = await vscode.commands.executeCommand<ImportResult | undefined>('distillery.importDataset', { files: [file], dataset: 'host-broken', preset: 'auto' });
    assert.ok(r);
    assert.equal(r.rows, 0);
    assert.equal(r.errors[0]?.line, 2);
    const a = await readyApi();
    const d = (await a.engine.request('datasets/list', {})).find((x) => x.name === 'host-broken');
    assert.ok(!d || d.samples === 0);
  });

  it('with skipBad keeps the good rows and lists the bad one', async () => {
    const r = await vscode.commands.executeCommand<ImportResult | undefined>('distillery.importDataset', {
      files: [file], dataset: 'host-broken', preset: 'auto', skipBad: true,
    });
    assert.ok(r);
    assert.equal(r.rows, 2);
    assert.equal(r.skipped, 1);
    assert.equal(r.errors[0]?.line, 2);
  });
});

describe('Import of a file whose first row cannot be read (preset auto)', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'distillery-notjson-'));
    file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'hello\n{"problem": "1+1?", "answer": "2", "unique_id": "n/1"}\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  // The schema is detected from the first row: skipping bad rows cannot help, so the error is the file's (line 0),
  // and the notification offers no "Import Again, Skipping Bad Rows" (which failed the same way, walk of the editor).
  it('is refused as a whole, with no row error that skipping would change', async () => {
    for (const skipBad of [false, true]) {
      const r = await vscode.commands.executeCommand<ImportResult | undefined>('distillery.importDataset', { files: [file], dataset: 'host-notjson', preset: 'auto', skipBad });
      assert.ok(r);
      assert.equal(r.rows, 0);
      assert.deepEqual(r.errors.map((e) => e.line), [0], `skipBad ${skipBad}: ${JSON.stringify(r.errors)}`);
      assert.match(r.errors[0].message, /^invalid JSON: .*; the schema cannot be detected from the first row \(line 1\): name the preset$/);
    }
  });
});

describe('Import Dataset…: the data set name it offers', () => {
  // A file named notes.txt was offered the name "notes.txt" (walk of the editor): the open dialog offers All files,
  // and a file no format claims is read as JSONL, so its extension is dropped like a data file's.
  it('is the file\'s name without its extension, whichever extension the importer reads it by', async () => {
    const a = await readyApi();
    const p = a.prompts as { inputBox: typeof a.prompts.inputBox };
    const saved = p.inputBox;
    const offered: (string | undefined)[] = [];
    p.inputBox = (options) => { offered.push(options.value); return Promise.resolve(undefined); }; // seen, then cancelled
    try {
      const files = ['notes.txt', 's1k.jsonl', 'rows.ndjson', 'pool.json', 'pool.parquet', 'gpqa.csv', 'pool.jsonl.gz'];
      for (const f of files) {
        const r = await vscode.commands.executeCommand<ImportResult | undefined>('distillery.importDataset', { files: [path.join(os.tmpdir(), f)] });
        assert.equal(r, undefined, 'cancelled at the name: nothing imported');
      }
      assert.deepEqual(offered, ['notes', 's1k', 'rows', 'pool', 'pool', 'gpqa', 'pool']);
    } finally {
      p.inputBox = saved;
    }
  });
});
