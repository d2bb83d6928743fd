// Presets of evaluation sets (questions with gold answers, no traces): MATH500, AIME, GPQA (its CSV, and the
// multiple-choice look with inline options and a letter answer), verl RL Parquet, and any question/answer set
// (Open-Reasoner-Zero, evalchemy, QwQ, OlymMATH, DeepScaleR, OlympiadBench). A sample's source comes from its
// rows, else the user or the file name (presets.ts), never from the preset's name.
import { optString, reqString, valueAt, type Row } from './fields';
import { answerText, col, firstPresent, questionText, reqAnswer, type Preset } from './preset-types';

/** MATH's own ids (`test/precalculus/807.json`): the one sign a problem/answer set is MATH500. */
const MATH_ID = /^test\/[a-z_]+\/\d+\.json$/;

export const math500: Preset = {
  name: 'math500',
  kind: 'eval',
  columns: ['problem', 'solution', 'answer', 'subject', 'level', 'unique_id', 'source'],
  detect: (c, row) => c.has('problem') && c.has('answer') && typeof row.unique_id === 'string' && MATH_ID.test(row.unique_id),
  map(row, opts) {
    return {
      question: reqString(row, col(opts, 'question', 'problem')),
      solution: optString(row, col(opts, 'solution', 'solution')),
      answer: reqAnswer(row, col(opts, 'answer', 'answer')),
      source: optString(row, col(opts, 'source', 'source')),
      domain: optString(row, col(opts, 'domain', 'subject')),
      metadata: { level: row.level ?? null, unique_id: row.unique_id ?? null },
      traces: [],
    };
  },
};

const mentionsAime = (v: unknown) => typeof v === 'string' && /aime/i.test(v);

/** AIME: an integer answer from 0 to 999 and a sign of AIME in the row (its url or source, AIME numbering). */
export const aime: Preset = {
  name: 'aime',
  kind: 'eval',
  columns: ['id', 'problem', 'question', 'answer', 'solution', 'url', 'source'],
  detect: (c, row) => (c.has('problem') || c.has('question')) && c.has('answer')
    && /^\d{1,3}$/.test(String(row.answer).trim())
    && (mentionsAime(row.url) || mentionsAime(row.source) || c.has('aime_number')),
  map(row, opts) {
    const answer = reqAnswer(row, col(opts, 'answer', 'answer'));
    return {
      question: reqString(row, col(opts, 'question', row.problem !== undefined ? 'problem' : 'question')),
      solution: optString(row, col(opts, 'solution', 'solution')),
      answer,
      source: optString(row, col(opts, 'source', 'source')),
      metadata: { ...(row.id !== undefined ? { id: row.id } : {}), ...(row.url !== undefined ? { url: row.url } : {}) },
      traces: [],
    };
  },
};

/** GPQA-Diamond CSV: options are stored as given; evaluation shuffles them into A-D with a fixed seed. */
export const gpqa: Preset = {
  name: 'gpqa',
  kind: 'eval',
  columns: ['Question', 'Correct Answer', 'Incorrect Answer 1', 'Incorrect Answer 2', 'Incorrect Answer 3', 'Explanation', 'Subdomain', 'High-level domain', 'Record ID'],
  detect: (c) => c.has('Question') && c.has('Correct Answer'),
  map(row, opts) {
    const incorrect = [1, 2, 3].map((i) => reqString(row, `Incorrect Answer ${i}`).trim());
    const correct = reqString(row, col(opts, 'answer', 'Correct Answer')).trim();
    return {
      question: reqString(row, col(opts, 'question', 'Question')).trim(),
      answer: correct,
      solution: optString(row, 'Explanation'),
      source: optString(row, col(opts, 'source', 'source')),
      domain: optString(row, 'Subdomain') ?? optString(row, 'High-level domain'),
      metadata: { correct, incorrect, record_id: row['Record ID'] ?? null, high_level_domain: row['High-level domain'] ?? null },
      traces: [],
    };
  },
};

const MC_QUESTION = ['Question', 'question', 'problem'];
const MC_ANSWER = ['Answer', 'answer', 'answer_idx', 'correct_answer'];
const LETTER = /^\(?([A-J])\)?$/;
/** At least two option markers such as `(A)`, `A)` or `A.` at a line start or after a space. */
const hasInlineOptions = (q: string) => (q.match(/(^|\s)\(?[A-J][).:]\s/gm) ?? []).length >= 2;

function mcColumns(row: Row): { q: string; a: string } | null {
  const q = firstPresent(row, MC_QUESTION);
  const a = firstPresent(row, MC_ANSWER);
  if (!q || !a || typeof row[q] !== 'string' || !LETTER.test(String(row[a]).trim())) return null;
  return hasInlineOptions(row[q] as string) ? { q, a } : null;
}

/** Multiple choice in GPQA's other look: a question with its options inline and a letter answer. Graded by letter. */
export const mcq: Preset = {
  name: 'mcq',
  kind: 'eval',
  columns: [...MC_QUESTION, ...MC_ANSWER, 'source', 'domain', 'subject', 'High-level domain', 'Subdomain'],
  detect: (_c, row) => mcColumns(row) !== null,
  map(row, opts) {
    const found = mcColumns(row);
    const qField = opts.fieldMap?.question ?? found?.q ?? 'Question';
    const aField = opts.fieldMap?.answer ?? found?.a ?? 'Answer';
    const answer = reqAnswer(row, aField).trim();
    const letter = LETTER.exec(answer)?.[1] ?? answer;
    return {
      question: reqString(row, qField),
      answer: letter,
      source: optString(row, col(opts, 'source', 'source')),
      domain: optString(row, opts.fieldMap?.domain ?? firstPresent(row, ['domain', 'subject', 'High-level domain', 'Subdomain']) ?? 'domain'),
      metadata: { answer_kind: 'choice' },
      traces: [],
    };
  },
};

/** verl RL Parquet: `prompt` as chat messages, `reward_model.ground_truth`, `data_source`, `ability`, `extra_info`. */
export const verl: Preset = {
  name: 'verl',
  kind: 'eval',
  columns: ['prompt', 'reward_model', 'data_source', 'ability'],
  detect: (_c, row) => Array.isArray(row.prompt) && valueAt(row, 'reward_model.ground_truth') !== undefined,
  map(row, opts) {
    const q = questionText(row, col(opts, 'question', 'prompt'));
    const style = valueAt(row, 'reward_model.style');
    return {
      question: q.question,
      answer: reqAnswer(row, col(opts, 'answer', 'reward_model.ground_truth')),
      source: optString(row, col(opts, 'source', 'data_source')),
      domain: optString(row, col(opts, 'domain', 'ability')),
      metadata: { ...(q.system ? { system: q.system } : {}), ...(typeof style === 'string' ? { reward_style: style } : {}) },
      traces: [],
    };
  },
};

const QA_QUESTION = ['question', 'problem', 'prompt', 'input', 'query'];
const QA_ANSWER = ['answer', 'final_answer', 'expected_answer', 'gt', 'ground_truth', 'gold', 'target'];
const isQuestion = (v: unknown) => (typeof v === 'string' && v.trim() !== '') || (Array.isArray(v) && v.length > 0 && typeof v[0] === 'object');
const isAnswer = (v: unknown) => typeof v === 'string' || typeof v === 'number' || (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'));

/**
 * Any evaluation set of a question (text or chat-style `prompt: [{from, value}]`) and a gold answer under one of
 * its usual names: Open-Reasoner-Zero (`final_answer`), evalchemy (`expected_answer`), QwQ (`prompt`, integer
 * `answer`), OlymMATH, DeepScaleR, OlympiadBench (`final_answer: ['2']`).
 */
export const qa: Preset = {
  name: 'qa',
  kind: 'eval',
  columns: [...QA_QUESTION, ...QA_ANSWER, 'solution', 'reference_solution', 'source', 'data_source', 'domain', 'subject', 'id'],
  detect: (_c, row) => {
    const q = QA_QUESTION.find((n) => isQuestion(row[n]));
    const a = QA_ANSWER.find((n) => row[n] !== undefined && row[n] !== null && isAnswer(row[n]));
    return q !== undefined && a !== undefined && mcColumns(row) === null;
  },
  map(row, opts) {
    const qField = opts.fieldMap?.question ?? QA_QUESTION.find((n) => isQuestion(row[n])) ?? 'question';
    const aField = opts.fieldMap?.answer ?? QA_ANSWER.find((n) => row[n] !== undefined && row[n] !== null) ?? 'answer';
    const q = questionText(row, qField);
    const solField = opts.fieldMap?.solution ?? firstPresent(row, ['solution', 'reference_solution']) ?? 'solution';
    const sol = valueAt(row, solField);
    return {
      question: q.question,
      answer: reqAnswer(row, aField),
      // OlympiadBench lists its worked solutions: the first one is the solution.
      solution: Array.isArray(sol) ? (typeof sol[0] === 'string' ? sol[0] : null) : answerText(row, solField) || null,
      source: optString(row, opts.fieldMap?.source ?? firstPresent(row, ['source', 'data_source']) ?? 'source'),
      domain: optString(row, opts.fieldMap?.domain ?? firstPresent(row, ['domain', 'subject']) ?? 'domain'),
      metadata: { ...(row.id !== undefined ? { id: row.id } : {}), ...(q.system ? { system: q.system } : {}) },
      traces: [],
    };
  },
};
