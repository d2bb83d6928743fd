// Import of real public files nobody here wrote (test/fixtures/import/real/NOTICE.md): each file imports with the
// right preset, the right number of samples and traces, its source from the data or the file (never the preset's
// name), its unused columns in the metadata, and its producer from the file, or is refused with one message.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Db } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { fixture, freshDatabase, sample } from '../helpers';

const real = (...p: string[]) => fixture('import', 'real', ...p);

interface Expect {
  file: string;
  preset: string;
  kind: 'traces' | 'eval';
  /** Rows read; samples stored (fewer when a file repeats a question with the same gold: one sample). */
  rows?: number;
  samples: number;
  traces: number;
  /** The first stored sample (by id). */
  first: { question: RegExp; answer: string | null; source: string; domain?: string | null; solution?: RegExp | null };
  /** Columns the preset does not read, kept in the first sample's metadata. */
  kept?: Record<string, unknown>;
  producer?: string;
}

const CORPUS: Expect[] = [
  {
    file: real('Qwen2.5-32B-Instruct_AIME_train_None_0_-1_still2_sys_zero.json'), preset: 'skythought-results', kind: 'traces', samples: 3, traces: 3,
    first: { question: /^Every morning Aya goes for a \$9\$-kilometer-long walk/, answer: '204', source: 'Qwen2.5-32B-Instruct_AIME_train_None_0_-1_still2_sys_zero', solution: /^\$\\frac\{9\}\{s\} \+ t = 4\$/ },
    kept: { url: 'https://artofproblemsolving.com/wiki/index.php/2024_AIME_I_Problems/Problem_1' },
    producer: 'Qwen2.5-32B-Instruct',
  },
  {
    file: real('Qwen2.5-Math-7B', 'test_qwen25-math-cot_-1_seed0_t0.0_s0_e-1.jsonl'), preset: 'skythought', kind: 'traces', samples: 4, traces: 4,
    // gt_cot is the string "None" in these files: the worked solution is the `solution` column.
    first: { question: /^Every morning Aya/, answer: '204', source: 'test_qwen25-math-cot_-1_seed0_t0.0_s0_e-1', solution: /^\$\\frac\{9\}\{s\} \+ t = 4\$/ },
    kept: { report: [null] },
    producer: 'Qwen2.5-Math-7B',
  },
  {
    file: real('math500-test.jsonl'), preset: 'math500', kind: 'eval', samples: 3, traces: 0,
    first: { question: /^Convert the point \$\(0,3\)\$/, answer: '\\left( 3, \\frac{\\pi}{2} \\right)', source: 'math500-test', domain: 'Precalculus' },
    kept: { level: 2, unique_id: 'test/precalculus/807.json' },
  },
  {
    // An olympiad set with MATH-like columns (problem, answer, subject, unique_id) is not MATH500.
    file: real('OlymMATH-EN-HARD.jsonl'), preset: 'qa', kind: 'eval', samples: 5, traces: 0,
    first: { question: /^Let \$a, b, c \\in \\mathbb\{R\}\$/, answer: '2625', source: 'OlymMATH-EN-HARD', domain: 'Algebra' },
    kept: { unique_id: 'OlymMATH-HARD-0-EN' },
  },
  {
    file: real('olympiadbench-test.jsonl'), preset: 'qa', kind: 'eval', samples: 3, traces: 0,
    first: { question: /^Xenia and Sergey play the following game/, answer: '2', source: 'olympiadbench-test', solution: /^Sergey can determine/ },
    kept: { subfield: 'Combinatorics', answer_type: 'Numerical', is_multiple_answer: false },
  },
  {
    file: real('orz-aime2024.json'), preset: 'qa', kind: 'eval', samples: 5, traces: 0,
    first: { question: /^Among the \$900\$ residents of Aimeville/, answer: '73', source: 'orz-aime2024' },
  },
  {
    file: real('qwq-aime25.jsonl'), preset: 'qa', kind: 'eval', samples: 5, traces: 0,
    first: { question: /^Find the sum of all integer bases \$b>9\$/, answer: '70', source: 'qwq-aime25' },
  },
  {
    // evalchemy's .json files hold one object per line; the source comes from its `source` column.
    file: real('evalchemy-aime24.json'), preset: 'qa', kind: 'eval', samples: 4, traces: 0,
    first: { question: /^Among the 900 residents of Aimeville/, answer: '73', source: 'aime24', solution: /^Let {2}\$w,x,y,z\$/ },
    kept: { id: 'aime24-0' },
  },
  {
    // An AMC set with integer answers is not AIME.
    file: real('evalchemy-amc23.json'), preset: 'qa', kind: 'eval', samples: 3, traces: 0,
    first: { question: /^Cities \$A\$ and \$B\$ are \$45\$ miles apart/, answer: '27', source: 'evalchemy-amc23' },
    kept: { url: 'https://artofproblemsolving.com/wiki/index.php/2023_AMC_12A_Problems/Problem_1' },
  },
  {
    file: real('limo-aime-test.jsonl'), preset: 'aime', kind: 'eval', samples: 3, traces: 0,
    first: { question: /^Every morning Aya/, answer: '204', source: 'limo-aime-test' },
    kept: { id: 60 },
  },
  {
    file: real('deepscaler-aime.json'), preset: 'aime', kind: 'eval', samples: 3, traces: 0,
    first: { question: /^Every morning Aya/, answer: '204', source: 'deepscaler-aime' },
    kept: { year: 2024, aime_number: 1, problem_number: 1, difficulty: 2 },
  },
  {
    // Question / Complex_CoT / Response with a multiple-choice question and answer beside them: traces, not AIME.
    file: real('huatuo-o1-demo_data.json'), preset: 'sft', kind: 'traces', samples: 3, traces: 3,
    first: { question: /^A 45-year-old homeless man presents to the emergency department unconscious/, answer: 'Parvovirus B19 infection', source: 'huatuo-o1-demo_data' },
    kept: { answer_idx: 'D', answer: 'Parvovirus B19 infection' },
    producer: 'unknown',
  },
  {
    // Rows 307 and 562 are the same question with the same gold: 1024 rows, 1023 samples.
    file: real('verl-validation.parquet'), preset: 'verl', kind: 'eval', rows: 1024, samples: 1023, traces: 0,
    first: { question: /^What is the greatest product obtainable from two integers whose sum is 300\?/, answer: '22500', source: 'numina_synthetic_math', domain: 'math' },
    kept: { extra_info: { index: 0, split: 'dummy' } },
  },
];

describe('import of real public files', () => {
  let db: Db;
  freshDatabase((d) => { db = d; });

  for (const e of CORPUS) {
    it(`${e.file.split('/real/')[1]}: ${e.preset}, ${e.samples} samples, ${e.traces} traces`, async () => {
      const r = await importFiles(db, { files: [e.file], dataset: 'd' });
      assert.deepEqual(r.errors, []);
      assert.deepEqual([r.files[0].preset, r.rows, r.traces], [e.preset, e.rows ?? e.samples, e.traces]);
      assert.equal(db.prepare("SELECT kind FROM datasets WHERE name = 'd'").pluck().get(), e.kind);
      assert.equal(db.prepare('SELECT count(*) FROM samples').pluck().get(), e.samples);
      assert.equal(db.prepare('SELECT count(*) FROM traces').pluck().get(), e.traces);
      const s = db.prepare('SELECT * FROM samples ORDER BY id LIMIT 1').get() as Record<string, string | null>;
      assert.match(s.question!, e.first.question);
      assert.equal(s.answer, e.first.answer);
      assert.equal(s.source, e.first.source, 'the source comes from the data or the file name, never the preset');
      if (e.first.domain !== undefined) assert.equal(s.domain, e.first.domain);
      if (e.first.solution) assert.match(s.solution ?? '', e.first.solution);
      const meta = JSON.parse(s.metadata ?? '{}') as Record<string, unknown>;
      for (const [k, v] of Object.entries(e.kept ?? {})) assert.deepEqual(meta[k], v, `column '${k}' is kept in the metadata`);
      if (e.producer) {
        assert.deepEqual(db.prepare('SELECT DISTINCT producer FROM traces').pluck().all(), [e.producer]);
        assert.equal(r.files[0].unknown_producer_traces ?? 0, e.producer === 'unknown' ? e.traces : 0);
      }
    });
  }

  it("SkyThought's results file: each response a trace, graded by its correctness, thinking split from the answer", async () => {
    await importFiles(db, { files: [CORPUS[0].file], dataset: 'sky' });
    const t = db.prepare('SELECT thinking, answer, grade, metadata FROM traces ORDER BY id LIMIT 1').get() as Record<string, string | number>;
    assert.match(String(t.thinking), /^First, let's analyze/);
    assert.match(String(t.answer), /\\boxed\{204\}/);
    assert.equal(t.grade, 1);
    assert.deepEqual(JSON.parse(String(t.metadata)).temperature, 0);
  });

  it('the SFT set keeps its Complex_CoT as thinking and Response as answer', async () => {
    await importFiles(db, { files: [real('huatuo-o1-demo_data.json')], dataset: 'med' });
    const t = db.prepare('SELECT thinking, answer FROM traces ORDER BY id LIMIT 1').get() as Record<string, string>;
    assert.match(t.thinking, /^Alright, let's start by looking at the basics here/);
    assert.match(t.answer, /^The laboratory findings, especially the severe anemia/);
  });

  it('--preset s1 on real s1K-1.1 rows is one error naming the trace columns it lacks, not 0 traces', async () => {
    const r = await importFiles(db, { files: [sample('s1k-sample-5.jsonl')], preset: 's1', dataset: 'x' });
    assert.equal(r.files[0].ok, false);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0].message, /--preset s1 found none of its trace columns \(thinking_trajectories\)/);
    assert.match(r.errors[0].message, /columns seen: \[solution, question, cot_type, source_type, metadata, gemini_thinking_trajectory, gemini_attempt\]/);
    assert.equal(db.prepare('SELECT count(*) FROM samples').pluck().get(), 0);
  });

  it('an explicit preset that does not fit prints one summary with the columns seen, not one error per row', async () => {
    const r = await importFiles(db, { files: [CORPUS[0].file], preset: 'skythought', dataset: 'x' });
    assert.equal(r.files[0].ok, false);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0].message, /^--preset skythought found none of its trace columns \(code\)/);
    assert.match(r.errors[0].message, /the columns fit --preset skythought-results/);
    assert.match(r.errors[0].message, /columns seen: \[_key, id, problem, solution, answer, url, responses, token_usages, prompt\]/);
  });

  it('a real GPQA file read at run time (DISTILLERY_GPQA_FILE): inline options and a letter answer are multiple choice, not AIME', async function () {
    const file = process.env.DISTILLERY_GPQA_FILE ?? fixture('import', 'mcq-madeup.jsonl');
    if (process.env.DISTILLERY_GPQA_FILE && !existsSync(file)) this.skip();
    const r = await importFiles(db, { files: [file], dataset: 'gpqa' });
    assert.deepEqual(r.errors, []);
    assert.equal(r.files[0].preset, 'mcq');
    const answers = db.prepare('SELECT DISTINCT answer FROM samples').pluck().all() as string[];
    assert.ok(answers.every((a) => /^[A-J]$/.test(a)), `letter answers, got ${answers.join(', ')}`);
    assert.ok((db.prepare('SELECT metadata FROM samples').pluck().all() as string[]).every((m) => JSON.parse(m).answer_kind === 'choice'));
  });
});
