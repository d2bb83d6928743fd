// The file formats registry: every place that names data file extensions agrees with it, and every reader of
// user files (import, the replay server, benchmarks, decontamination) reads every format through the presets.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_FILE_EXTENSIONS, datasetNameOf, FORMAT_INFO } from '../../../src/core/ingest/catalog';
import { defaultDatasetName } from '../../../src/core/ingest/importer';
import { formatOf, FORMATS } from '../../../src/core/ingest/formats';
import { readRecords } from '../../../src/core/ingest/rows';
import { DEFAULT_DB_PATH } from '../../../src/core/store/paths';
import { loadTraces } from '../../../src/core/replay/traces';
import { startReplayServer } from '../../../src/core/replay/server';
import { gpqaItems, loadBenchmark } from '../../../src/core/evaluate/benchmarks';
import { readEvalFile } from '../../../src/core/curate/eval-files';
import { fixture, sample, tempDir } from '../helpers';

interface Menu { command: string; when: string }
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { activationEvents: string[]; contributes: { menus: Record<string, Menu[]> } };

/** Writes a Parquet file of string columns. */
async function parquet(file: string, columns: Record<string, string[]>): Promise<string> {
  const { parquetWriteFile } = await import('hyparquet-writer');
  parquetWriteFile({ filename: file, columnData: Object.entries(columns).map(([name, data]) => ({ name, data, type: 'STRING' as const })) });
  return file;
}

describe('file formats registry', () => {
  let tmp: ReturnType<typeof tempDir>;
  before(() => { tmp = tempDir(); });
  after(() => tmp.cleanup());

  it("the explorer's Import menu shows for exactly the registry's extensions", () => {
    const item = manifest.contributes.menus['explorer/context'].find((m) => m.command === 'distillery.importDataset')!;
    const m = /resourceExtname =~ \/\^\\\.\(([^)]*)\)\$\//.exec(item.when);
    assert.ok(m, `no resourceExtname regex in '${item.when}'`);
    assert.deepEqual([...m[1].split('|')].sort(), [...DATA_FILE_EXTENSIONS].sort());
    assert.deepEqual(FORMATS.map((f) => f.name), FORMAT_INFO.map((f) => f.name), 'every named format has a reader');
  });

  it("the eval-config schema lets a benchmark be a file of any of the registry's extensions", () => {
    const pattern = new RegExp((JSON.parse(readFileSync('schemas/eval-config.schema.json', 'utf8')) as { properties: { benchmark: { pattern: string } } }).properties.benchmark.pattern);
    for (const ext of DATA_FILE_EXTENSIONS) {
      assert.match(`data/set.${ext}`, pattern);
      assert.match(`data/set.${ext}:50`, pattern);
    }
    for (const spec of ['math500', 'math500:10', 'aime24', 'gpqa=gpqa_diamond.csv:20']) assert.match(spec, pattern);
    assert.doesNotMatch('data/set.txt', pattern);
  });

  it('names a data set after its file without the extension it was read by: any format\'s, or another read as JSONL', () => {
    for (const ext of DATA_FILE_EXTENSIONS) assert.equal(datasetNameOf(`pool.${ext}`), 'pool', ext);
    assert.equal(datasetNameOf('S1K.JSONL'), 'S1K');
    // Import Dataset… offers "All files": a .txt (or any other) is read as JSONL, and its extension is no part of the name.
    assert.equal(datasetNameOf('notes.txt'), 'notes');
    assert.equal(datasetNameOf('dump.log'), 'dump');
    assert.equal(datasetNameOf('pool.jsonl.gz'), 'pool', 'a compression suffix and the extension before it');
    assert.equal(datasetNameOf('openthoughts.v2.jsonl'), 'openthoughts.v2', 'only the last extension');
    assert.equal(datasetNameOf('s1K-1.1'), 's1K-1.1', 'a version is no extension');
    assert.equal(datasetNameOf('README'), 'README');
    assert.equal(datasetNameOf('.jsonl'), '.jsonl', 'never an empty name');
    assert.equal(defaultDatasetName('/data/my notes.txt'), 'my notes', 'import without --dataset names it the same way');
  });

  it('the extension activates on the database the engine and CLI open by default', () => {
    assert.ok(manifest.activationEvents.includes(`workspaceContains:${DEFAULT_DB_PATH}`));
  });

  it('picks the format by extension; a .json of one object per line and any other extension read as JSONL', async () => {
    const lines = join(tmp.dir, 'lines.json');
    writeFileSync(lines, '{"question": "q", "answer": "1"}\n');
    const ndjson = join(tmp.dir, 'rows.ndjson');
    writeFileSync(ndjson, '{"question": "q", "answer": "1"}\n');
    assert.equal((await formatOf(fixture('import', 'array.json'))).name, 'json');
    assert.equal((await formatOf(lines)).name, 'jsonl');
    assert.equal((await formatOf(ndjson)).name, 'jsonl');
    assert.equal((await formatOf(fixture('import', 'gpqa-madeup.csv'))).name, 'csv');
    const { preset, records } = await readRecords(ndjson);
    assert.deepEqual([preset.name, records[0].record?.answer], ['qa', '1'], 'a question and an answer are an evaluation set, not AIME');
  });

  it('the replay server answers from s1K-1.1 rows: JSONL with Gemini columns, Parquet with DeepSeek-R1 columns', async () => {
    // The bundled s1K-1.1 rows (gemini_thinking_trajectory / gemini_attempt) were refused before.
    const s1k = await loadTraces(sample('s1k-sample-5.jsonl'));
    assert.equal(s1k.length, 5);
    assert.ok(s1k.every((t) => t.thinking.length > 100 && t.answer.length > 0));
    const file = await parquet(join(tmp.dir, 's1k-1.1.parquet'), {
      question: ['What is 2 + 3?'], solution: ['5'], cot_type: ['math'], source_type: ['made-up'],
      gemini_thinking_trajectory: ['Gemini counts: 5.'], gemini_attempt: ['$\\boxed{5}$'],
      deepseek_thinking_trajectory: ['Two plus three is five. Wait, check: 5 - 3 = 2. Yes.'], deepseek_attempt: ['The answer is $\\boxed{5}$.'],
      deepseek_grade: ['Yes'],
    });
    assert.deepEqual(await loadTraces(file), [{ question: 'What is 2 + 3?', thinking: 'Two plus three is five. Wait, check: 5 - 3 = 2. Yes.', answer: 'The answer is $\\boxed{5}$.' }]);
    const server = await startReplayServer({ traces: file });
    try {
      assert.equal(server.model, 'replay:s1k-1.1');
      const r = await fetch(`${server.url}/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: server.model, prompt: '<|im_start|>user\nWhat is 2 + 3?<|im_end|>\n<|im_start|>assistant\n<|im_start|>think\n', max_tokens: 200 }),
      });
      const body = await r.json() as { choices: { text: string }[] };
      assert.match(body.choices[0].text, /^Two plus three is five\./);
    } finally {
      await server.close();
    }
  });

  it('the replay honours a field map for columns no preset knows', async () => {
    const file = join(tmp.dir, 'custom.jsonl');
    writeFileSync(file, JSON.stringify({ prompt: 'What is 6 times 7?', reasoning: 'Six sevens: 42.', final: '42' }) + '\n');
    await assert.rejects(loadTraces(file), /no preset fits/);
    const traces = await loadTraces(file, { preset: 'generic', fieldMap: { question: 'prompt', thinking: 'reasoning', attempt: 'final' } });
    assert.deepEqual(traces, [{ question: 'What is 6 times 7?', thinking: 'Six sevens: 42.', answer: '42' }]);
  });

  it('a benchmark and a GPQA set can be Parquet files', async () => {
    const math = await parquet(join(tmp.dir, 'math-mini.parquet'), {
      problem: ['What is $1+1$?', 'What is $2+2$?'], solution: ['Add.', 'Add.'], answer: ['2', '4'], unique_id: ['a/1.json', 'a/2.json'],
    });
    const b = await loadBenchmark(`${math}:1`);
    assert.equal(b.name, 'math-mini');
    assert.deepEqual(b.items.map((i) => [i.question, i.gold, i.metadata]), [['What is $1+1$?', '2', { line: 1, unique_id: 'a/1.json' }]]);
    const gpqa = await parquet(join(tmp.dir, 'gpqa.parquet'), {
      Question: ['Which is a noble gas?'], 'Correct Answer': ['Neon'], 'Incorrect Answer 1': ['Iron'], 'Incorrect Answer 2': ['Salt'], 'Incorrect Answer 3': ['Water'],
      'Record ID': ['r1'], 'High-level domain': ['Chemistry'],
    });
    const [item] = await gpqaItems(gpqa);
    assert.equal(item.choices![['A', 'B', 'C', 'D'].indexOf(item.gold)], 'Neon');
    assert.deepEqual(item.metadata, { record_id: 'r1', domain: 'Chemistry' });
    await assert.rejects(loadBenchmark(join(tmp.dir, 'missing.parquet')), /benchmark file not found/);
  });

  it('decontamination reads an evaluation set from Parquet, and a field map names its question column', async () => {
    const file = await parquet(join(tmp.dir, 'aime-mini.parquet'), { problem: ['Find the number of ordered pairs of integers.'], answer: ['025'], id: ['60'] });
    assert.deepEqual(await readEvalFile(file), [{ file: 'aime-mini.parquet', index: 0, id: '60', text: 'Find the number of ordered pairs of integers.' }]);
    const prompts = await parquet(join(tmp.dir, 'prompts.parquet'), { prompt: ['Compute the sum of all primes below ten.'] });
    await assert.rejects(readEvalFile(prompts), /no preset fits/);
    const items = await readEvalFile(prompts, { preset: 'generic', fieldMap: { question: 'prompt' } });
    assert.equal(items[0].text, 'Compute the sum of all primes below ten.');
  });
});
