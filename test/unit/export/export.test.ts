// Whole exports: round trips through `import` for every format and container, a person's decisions, the best
// trace, the split, the manifest and card, and the errors that leave nothing behind.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { exportSelection, type ExportOptions } from '../../../src/core/export/run';
import { importFiles } from '../../../src/core/ingest/importer';
import { setSampleStatus } from '../../../src/core/store/samples';
import { setHumanAnnotation } from '../../../src/core/store/annotations';
import { fixture, sample, tempDir } from '../helpers';
import { fastQwenTokenizer } from '../../../src/core/tokenize/fast';
import { contents, selectAll, world, type World } from './setup';
import { asyncBufferFromFile, parquetMetadata, parquetReadObjects } from 'hyparquet';
import { PARQUET_DECOMPRESSORS } from '../../../src/core/ingest/readers/parquet';

const base = (w: World, over: Partial<ExportOptions>): ExportOptions => ({
  selection: 'sel', format: 's1', out: join(w.dir, 'out', 'data.jsonl'), dbPath: w.dbPath, ...over,
});

describe('distillery export', function () {
  this.timeout(60_000);
  let w: World;
  afterEach(() => w?.cleanup());

  /** Imports `rows` (question/thinking/attempt) as data set src, exports them all and imports the file back: equal. */
  async function roundTrip(rows: { question: string; thinking: string; attempt: string }[], over: Partial<ExportOptions>, container: string) {
    const t = tempDir();
    const file = join(t.dir, 'rows.jsonl');
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    try {
      w = await world([file]);
    } finally {
      t.cleanup();
    }
    selectAll(w.db);
    const src = contents(w.db, 'src');
    assert.deepEqual(src.map((s) => s.traces[0]), rows.map((r) => ({ thinking: r.thinking, answer: r.attempt })), 'stored as given');
    const out = join(w.dir, 'out', `d.${container}`);
    await exportSelection(w.db, base(w, { ...over, out, traces: 'all' }));
    const back = await importFiles(w.db, { files: [out], dataset: 'back', preset: 'auto' });
    assert.deepEqual(back.errors, []);
    assert.deepEqual(contents(w.db, 'back'), src);
    return src;
  }

  const cases: [ExportOptions['format'], string][] = [];
  for (const f of ['s1', 'messages', 'sharegpt', 'stratos'] as const) for (const c of ['jsonl', 'json', 'parquet']) cases.push([f, c]);
  cases.push(['parquet', 'parquet']);
  for (const [format, container] of cases) {
    it(`${format} as .${container} imports back (auto-detected) with the same questions and byte-identical thinking and answers`, async () => {
      w = await world([sample('s1k-sample-5.jsonl'), fixture('import', 's1-pool.jsonl')]);
      selectAll(w.db);
      const out = join(w.dir, 'out', `data.${container}`);
      const r = await exportSelection(w.db, base(w, { format, out, traces: 'all' }));
      assert.ok(r.counts.rows > 0);
      const back = await importFiles(w.db, { files: [out], dataset: 'back', preset: 'auto' });
      assert.deepEqual(back.errors, []);
      const want = contents(w.db, 'src');
      const got = contents(w.db, 'back');
      assert.deepEqual(got.map((s) => s.question), want.map((s) => s.question));
      // Every format keeps the texts as stored: nothing trimmed on the way out or back in.
      assert.deepEqual(got.map((s) => s.traces), want.map((s) => s.traces));
    });
  }

  // Texts with whitespace at their edges (stored as given from a thinking/attempt file), in every conversation
  // format, delimiter style and container: the import gives them back byte for byte.
  const edgy = [
    { question: 'Edges?', thinking: '\n  First, spaces and a blank line around.\n\n', attempt: ' 42\n' },
    { question: 'Empty thinking', thinking: '', attempt: '\n\nonly an answer' },
    { question: 'Whitespace only', thinking: '\n', attempt: '  ' },
    { question: 'Tabs\tand CRLF', thinking: '\tstep\r\n', attempt: 'x\r\n' },
  ];
  const styled: [ExportOptions['format'], ExportOptions['thinkingFormat']][] = [['messages', 'think-tags'], ['messages', 'sky'], ['messages', 's1'], ['sharegpt', 'think-tags'], ['sharegpt', 's1'], ['stratos', 'sky']];
  for (const [format, style] of styled) {
    for (const container of ['jsonl', 'parquet']) {
      it(`${format} (${style}) as .${container} keeps whitespace around thinking and answer through a round trip`, async () => {
        await roundTrip(edgy, { format, thinkingFormat: style }, container);
      });
    }
  }

  // A text that starts with U+FEFF (a byte-order mark copied into a data set): Parquet readers that decode with
  // the WHATWG default drop it; the import must give it back, as pyarrow does.
  const bom = [
    { question: '\uFEFFA question after a BOM?', thinking: '\uFEFFThinking after a BOM.', attempt: '\uFEFF42' },
    { question: 'Two BOMs', thinking: '\uFEFF\uFEFFtwice', attempt: 'no BOM \uFEFF inside' },
  ];
  for (const [format, container] of [['s1', 'parquet'], ['parquet', 'parquet'], ['messages', 'parquet'], ['s1', 'jsonl']] as const) {
    it(`${format} as .${container} keeps a leading U+FEFF of a question, thinking and answer through a round trip`, async () => {
      const src = await roundTrip(bom, { format }, container);
      assert.equal(src.find((s) => s.question.includes('after a BOM'))?.question, bom[0].question);
    });
  }

  it("s1K-1.1's two teachers round-trip through s1's gemini_*/deepseek_* columns", async () => {
    w = await world([fixture('import', 'two-teachers.jsonl')]);
    selectAll(w.db);
    const out = join(w.dir, 'out', 'data.parquet');
    const r = await exportSelection(w.db, base(w, { out, traces: 'all' }));
    assert.equal(r.counts.rows, contents(w.db, 'src').length, 'one row per question, both teachers in it');
    await importFiles(w.db, { files: [out], dataset: 'back', preset: 'auto' });
    assert.deepEqual(contents(w.db, 'back'), contents(w.db, 'src'));
  });

  it('a sample a person rejected is never exported, and a person\'s keep overrides the rejection', async () => {
    w = await world([fixture('import', 's1-pool.jsonl')]);
    const ids = selectAll(w.db);
    setSampleStatus(w.db, ids[0], 'rejected');
    setSampleStatus(w.db, ids[1], 'rejected');
    setHumanAnnotation(w.db, { sampleId: ids[1], label: 'keep' });
    setHumanAnnotation(w.db, { sampleId: ids[2], label: 'drop' });
    const rejectedQuestions = (w.db.prepare('SELECT question FROM samples WHERE id IN (?, ?)').pluck().all(ids[0], ids[2]) as string[]);
    for (const traces of ['best', 'all', 'verified', 'accepted'] as const) {
      const out = join(w.dir, traces, 'd.jsonl');
      const r = await exportSelection(w.db, base(w, { format: 'messages', out, traces }));
      assert.equal(r.counts.rejected_samples, 2);
      const text = readFileSync(out, 'utf8');
      for (const q of rejectedQuestions) assert.ok(!text.includes(JSON.stringify(q).slice(1, -1)), `${traces}: a rejected question was exported`);
    }
  });

  it('best: a trace a person accepted first, then one verified correct, then the longest; a rejected trace never', async () => {
    w = await world([fixture('import', 'two-teachers.jsonl')]);
    const [id] = selectAll(w.db);
    const traces = w.db.prepare('SELECT id, producer, thinking, grade FROM traces WHERE sample_id = ? ORDER BY id').all(id) as { id: number; producer: string; thinking: string; grade: number }[];
    const exportBest = async (name: string) => {
      const out = join(w.dir, name, 'd.jsonl');
      await exportSelection(w.db, base(w, { out, traces: 'best' }));
      return JSON.parse(readFileSync(out, 'utf8').split('\n')[0]).thinking_trajectories[0] as string;
    };
    const longest = [...traces].sort((a, b) => b.thinking.length - a.thinking.length)[0];
    assert.equal(await exportBest('a'), longest.thinking, 'both verified: the longest');
    const shorter = traces.find((t) => t.id !== longest.id)!;
    w.db.prepare('UPDATE traces SET grade = 0 WHERE id = ?').run(shorter.id);
    w.db.prepare('UPDATE traces SET grade = 0 WHERE id = ?').run(longest.id);
    w.db.prepare('UPDATE traces SET grade = 1 WHERE id = ?').run(shorter.id);
    assert.equal(await exportBest('b'), shorter.thinking, 'verified beats longer');
    setHumanAnnotation(w.db, { sampleId: id, traceId: longest.id, label: 'keep' });
    assert.equal(await exportBest('c'), longest.thinking, "a person's acceptance beats verified");
    setHumanAnnotation(w.db, { sampleId: id, traceId: longest.id, label: 'drop' });
    w.db.prepare("DELETE FROM annotations WHERE trace_id = ? AND label = 'keep'").run(longest.id);
    const out = join(w.dir, 'd', 'd.jsonl');
    await exportSelection(w.db, base(w, { format: 'messages', out, traces: 'all' }));
    assert.ok(!readFileSync(out, 'utf8').includes(JSON.stringify(longest.thinking.trim()).slice(1, -1)), 'a rejected trace is not exported');
  });

  it('--split writes train and validation by question, the same under the same seed, different under another', async () => {
    w = await world([sample('s1k-sample-5.jsonl'), fixture('import', 's1-pool.jsonl')]);
    selectAll(w.db);
    const sides = async (name: string, seed: number) => {
      const out = join(w.dir, name, 'd.jsonl');
      const r = await exportSelection(w.db, base(w, { format: 'messages', out, split: 0.5, seed }));
      const q = (f: string) => readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l).messages[0].content as string);
      assert.deepEqual(r.files.filter((f) => f.kind === 'data').map((f) => f.split), ['train', 'validation']);
      return { train: q(join(w.dir, name, 'd-train.jsonl')), validation: q(join(w.dir, name, 'd-validation.jsonl')) };
    };
    const a = await sides('a', 42);
    const b = await sides('b', 42);
    assert.deepEqual(a, b);
    assert.equal(a.train.length + a.validation.length, contents(w.db, 'src').length);
    assert.ok(a.train.length > 0 && a.validation.length > 0);
    assert.ok(a.train.every((q) => !a.validation.includes(q)));
    const seeds = await Promise.all([1, 2, 3, 4, 5].map((s) => sides(`s${s}`, s)));
    assert.ok(seeds.some((s) => JSON.stringify(s) !== JSON.stringify(a)), 'another seed moves some question');
  });

  it('writes manifest.json with each file\'s SHA-256 and a dataset card with the Hub YAML header; sharegpt gets dataset_info.json', async () => {
    w = await world([fixture('import', 's1-pool.jsonl')]);
    selectAll(w.db);
    const out = join(w.dir, 'out', 'set.jsonl');
    const r = await exportSelection(w.db, base(w, { format: 'sharegpt', out, split: 0.95 }));
    const folder = join(w.dir, 'out');
    assert.deepEqual(readdirSync(folder).sort(), ['README.md', 'dataset_info.json', 'manifest.json', 'set-train.jsonl', 'set-validation.jsonl']);
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
    assert.equal(manifest.selection.name, 'sel');
    assert.equal(manifest.selection.version, 1);
    assert.deepEqual(manifest.selection.recipe, { name: 'test' });
    for (const f of manifest.files) assert.equal(createHash('sha256').update(readFileSync(join(folder, f.path))).digest('hex'), f.sha256, f.path);
    assert.equal(manifest.sources[0].preset, 's1');
    const info = JSON.parse(readFileSync(join(folder, 'dataset_info.json'), 'utf8'));
    assert.deepEqual(Object.keys(info), ['sel', 'sel_validation']);
    assert.equal(info.sel.file_name, 'set-train.jsonl');
    const card = readFileSync(join(folder, 'README.md'), 'utf8');
    assert.match(card, /^---\n[\s\S]*\nconfigs:\n- config_name: default\n {2}data_files:\n {2}- split: train\n {4}path: "set-train.jsonl"\n {2}- split: validation\n {4}path: "set-validation.jsonl"\n---\n/);
    assert.match(card, /\n# license: /);
    assert.match(card, /size_categories:\n- n<1K/);
    assert.match(card, /\| thinking \(tokens\) \| \d+ \| \d+ \|/);
    assert.ok(r.tokens.thinking_tokens.rows === r.counts.rows && r.tokens.thinking_tokens.max > 0);
    // Questions and answers in exact Qwen tokens too, one value per row (the split's files together).
    const tok = fastQwenTokenizer();
    const rows = ['set-train.jsonl', 'set-validation.jsonl'].flatMap((f) => readFileSync(join(folder, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));
    const turns = rows.map((x) => x.conversations as { from: string; value: string }[]);
    const questionTokens = turns.map((c) => tok.count(c[0].value));
    assert.equal(r.tokens.question_tokens.rows, rows.length);
    assert.equal(r.tokens.question_tokens.total, questionTokens.reduce((a, b) => a + b, 0));
    assert.equal(r.tokens.question_tokens.max, Math.max(...questionTokens));
    assert.ok(r.tokens.answer_tokens.total > 0 && r.tokens.answer_tokens.rows === rows.length);
    assert.match(card, /\| question \(tokens\) \| \d+ \| \d+ \|/);
    assert.match(card, /\| answer \(tokens\) \| \d+ \| \d+ \|/);
    assert.doesNotMatch(card, /characters/);
    assert.deepEqual(Object.keys(manifest.tokens), ['thinking_tokens', 'question_tokens', 'answer_tokens']);
  });

  it('errors name the path and leave nothing behind: unknown selection, existing file without --force, unwritable path, bad extension', async () => {
    w = await world([fixture('import', 's1-pool.jsonl')]);
    selectAll(w.db);
    const folder = join(w.dir, 'out');
    await assert.rejects(exportSelection(w.db, base(w, { selection: 'nope' })), /no selection named 'nope'/);
    assert.ok(!existsSync(folder));
    mkdirSync(folder);
    writeFileSync(join(folder, 'data.jsonl'), 'mine');
    await assert.rejects(exportSelection(w.db, base(w, {})), (e: Error) => e.message.includes(join(folder, 'data.jsonl')) && /--force/.test(e.message));
    assert.deepEqual(readdirSync(folder), ['data.jsonl']);
    assert.equal(readFileSync(join(folder, 'data.jsonl'), 'utf8'), 'mine');
    const r = await exportSelection(w.db, base(w, { force: true }));
    assert.ok(r.counts.rows > 0);
    writeFileSync(join(w.dir, 'afile'), '');
    await assert.rejects(exportSelection(w.db, base(w, { out: join(w.dir, 'afile', 'd.jsonl') })), /afile/);
    await assert.rejects(exportSelection(w.db, base(w, { out: join(w.dir, 'x', 'd.csv') })), /\.jsonl, \.json or \.parquet/);
    await assert.rejects(exportSelection(w.db, base(w, { format: 'parquet', out: join(w.dir, 'x', 'd.jsonl') })), /--format parquet writes Parquet/);
    await assert.rejects(exportSelection(w.db, base(w, { format: 'stratos', thinkingFormat: 'think-tags', out: join(w.dir, 'x', 'd.jsonl') })), /stratos uses Bespoke-Stratos/);
    assert.ok(!existsSync(join(w.dir, 'x')));
    assert.deepEqual(readdirSync(folder).filter((f) => f.includes('partial')), []);
  });

  it('into a new folder: written in a hidden folder beside it and moved into place by one rename; a failure leaves neither', async () => {
    w = await world([fixture('import', 's1-pool.jsonl')]);
    selectAll(w.db);
    const folder = join(w.dir, 'fresh', 'set');
    const r = await exportSelection(w.db, base(w, { out: join(folder, 'data.jsonl'), split: 0.5 }));
    assert.deepEqual(readdirSync(folder).sort(), ['README.md', 'data-train.jsonl', 'data-validation.jsonl', 'manifest.json']);
    assert.deepEqual(readdirSync(join(w.dir, 'fresh')), ['set'], 'no staging folder left beside it');
    assert.ok(r.files.every((f) => f.path.startsWith(folder)), 'the files are reported under their real names');
    // A failure after the hidden folder was made (its worker script is missing) leaves neither folder.
    await assert.rejects(exportSelection(w.db, base(w, { out: join(w.dir, 'other', 'data.jsonl'), workerThreshold: 1, threads: 2, workerScript: join(w.dir, 'missing-worker.js') })));
    assert.deepEqual(readdirSync(w.dir).filter((f) => f === 'other' || f.startsWith('.other.')), []);
  });

  it('an export killed while moving its files into an existing folder is finished by the next export there', async () => {
    w = await world([fixture('import', 's1-pool.jsonl')]);
    selectAll(w.db);
    const folder = join(w.dir, 'out');
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes.txt'), 'mine');
    await exportSelection(w.db, base(w, { out: join(folder, 'data.jsonl'), split: 0.5 }));
    const whole = Object.fromEntries(readdirSync(folder).map((f) => [f, readFileSync(join(folder, f), 'utf8')]));
    // What a kill -9 between two renames leaves: the journal, the files not yet moved under their temporary names
    // (here the validation file and the manifest), the others under their real names.
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const id = `${dead}-1`;
    const left = ['data-validation.jsonl', 'manifest.json'];
    for (const f of left) renameSync(join(folder, f), join(folder, `.${f}.${id}.partial`));
    const order = ['data-train.jsonl', 'data-validation.jsonl', 'README.md', 'manifest.json'];
    writeFileSync(join(folder, `.distillery-export.${id}.commit`), JSON.stringify({ files: order.map((f) => ({ tmp: `.${f}.${id}.partial`, staged: false, target: f })) }));
    // The next export without --force finishes the killed one first; then its files are there, so it refuses.
    await assert.rejects(exportSelection(w.db, base(w, { out: join(folder, 'data.jsonl'), split: 0.5 })), /already exists: pass --force/);
    assert.deepEqual(Object.fromEntries(readdirSync(folder).map((f) => [f, readFileSync(join(folder, f), 'utf8')])), whole, 'the whole export, nothing hidden left, notes.txt kept');
    // With --force, the note says what was finished.
    for (const f of left) renameSync(join(folder, f), join(folder, `.${f}.${id}.partial`));
    writeFileSync(join(folder, `.distillery-export.${id}.commit`), JSON.stringify({ files: order.map((f) => ({ tmp: `.${f}.${id}.partial`, staged: false, target: f })) }));
    const r = await exportSelection(w.db, base(w, { out: join(folder, 'data.jsonl'), split: 0.5, force: true }));
    assert.ok(r.notes?.some((n) => n.includes(`killed while moving its files into place (process ${dead}): moved data-validation.jsonl, manifest.json`)), JSON.stringify(r.notes));
    assert.deepEqual(readdirSync(folder).filter((f) => f.startsWith('.')), []);
    assert.equal(readFileSync(join(folder, 'notes.txt'), 'utf8'), 'mine');
  });

  it('worker threads write the same bytes as the main thread, in rank order, for JSONL, JSON and a split', async () => {
    w = await world([sample('s1k-sample-5.jsonl'), fixture('import', 's1-pool.jsonl'), fixture('import', 'stratos.jsonl')]);
    selectAll(w.db);
    for (const [format, name, split] of [['s1', 'a.jsonl', undefined], ['messages', 'b.json', undefined], ['stratos', 'c.jsonl', 0.5]] as const) {
      const one = await exportSelection(w.db, base(w, { format, split, out: join(w.dir, 'main', format, name), traces: 'all', workerThreshold: Infinity }));
      const many = await exportSelection(w.db, base(w, { format, split, out: join(w.dir, 'workers', format, name), traces: 'all', workerThreshold: 1, threads: 2 }));
      const data = (r: typeof one) => r.files.filter((f) => f.kind === 'data').map((f) => [f.split, f.rows, f.sha256]);
      assert.deepEqual(data(many), data(one), `${format} ${name}`);
      assert.deepEqual(many.counts, one.counts);
    }
  });

  it('Parquet row groups built on worker threads read back as the main thread\'s rows, in rank order, split or not', async () => {
    w = await world([sample('s1k-sample-5.jsonl'), fixture('import', 's1-pool.jsonl'), fixture('import', 'stratos.jsonl')]);
    selectAll(w.db);
    for (const [format, split] of [['parquet', undefined], ['messages', 0.5]] as const) {
      const one = await exportSelection(w.db, base(w, { format, split, out: join(w.dir, 'main', format, 'd.parquet'), traces: 'all', workerThreshold: Infinity }));
      // Two questions per group: several groups from each worker, appended at shifted offsets.
      const many = await exportSelection(w.db, base(w, { format, split, out: join(w.dir, 'workers', format, 'd.parquet'), traces: 'all', workerThreshold: 1, threads: 2, parquetGroupQuestions: 2 }));
      assert.deepEqual(many.counts, one.counts);
      const data = (r: typeof one) => r.files.filter((f) => f.kind === 'data');
      for (const [k, f] of data(many).entries()) {
        const g = data(one)[k];
        assert.equal(f.rows, g.rows);
        const meta = parquetMetadata(new Uint8Array(readFileSync(f.path)).buffer);
        assert.ok(meta.row_groups.length > 1, `${format}: several row groups (${meta.row_groups.length})`);
        assert.equal(Number(meta.num_rows), f.rows);
        const rows = async (path: string) => parquetReadObjects({ file: await asyncBufferFromFile(path), compressors: PARQUET_DECOMPRESSORS });
        assert.deepEqual(await rows(f.path), await rows(g.path), `${format} ${f.split}: the same rows in the same order`);
      }
    }
  });

  it('the card\'s token figures are the same whether counted on this thread, on a tokenizer thread or on export workers', async () => {
    w = await world([sample('s1k-sample-5.jsonl'), fixture('import', 's1-pool.jsonl'), fixture('import', 'stratos.jsonl')]);
    selectAll(w.db);
    const inline = await exportSelection(w.db, base(w, { out: join(w.dir, 'a', 'd.jsonl'), traces: 'all', workerThreshold: Infinity }));
    const pooled = await exportSelection(w.db, base(w, { out: join(w.dir, 'b', 'd.jsonl'), traces: 'all', workerThreshold: 1, threads: 1 }));
    const parquet = await exportSelection(w.db, base(w, { out: join(w.dir, 'c', 'd.parquet'), traces: 'all', workerThreshold: 1 }));
    const workers = await exportSelection(w.db, base(w, { out: join(w.dir, 'd', 'd.jsonl'), traces: 'all', workerThreshold: 1, threads: 2 }));
    assert.ok(inline.tokens.question_tokens.total > 0 && inline.tokens.answer_tokens.total > 0);
    for (const r of [pooled, parquet, workers]) assert.deepEqual(r.tokens, inline.tokens);
    assert.equal(pooled.files[0].sha256, inline.files[0].sha256, 'the same bytes');
  });

  it('a failure midway removes the temporary files', async () => {
    w = await world([fixture('import', 's1-pool.jsonl')]);
    selectAll(w.db);
    const out = join(w.dir, 'out', 'd.jsonl');
    await assert.rejects(exportSelection(w.db, base(w, { out, onProgress: () => { throw new Error('stop'); } })), /stop/);
    // A folder the export was to create: neither it nor its hidden staging folder is left.
    assert.deepEqual(readdirSync(w.dir).filter((f) => f === 'out' || f.startsWith('.out.')), []);
    // A folder that exists: the temporary files beside their targets are removed, the folder's own files kept.
    mkdirSync(join(w.dir, 'out'));
    writeFileSync(join(w.dir, 'out', 'notes.txt'), 'mine');
    await assert.rejects(exportSelection(w.db, base(w, { out, onProgress: () => { throw new Error('stop'); } })), /stop/);
    assert.deepEqual(readdirSync(join(w.dir, 'out')), ['notes.txt']);
  });
});
