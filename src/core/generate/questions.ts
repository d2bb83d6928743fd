// Synthetic questions (OpenThoughts, Curator): a model writes new questions from seed questions through a prompt
// file (`{question}` stands for the seed; without it the seed follows the prompt). Each is stored in a new data set
// with its provenance (seed sample and question hash, model, prompt file and its SHA-256), then deduplicated
// against the seeds and each other (curate/dedup.ts) and, given evaluation files, decontaminated
// (curate/decontaminate.ts). Dropped questions keep their 'duplicate' / 'contamination' annotation with evidence;
// the kept ones form the selection `questions:<data set>`, ready for `distillery generate`.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Backend } from '../backend/client';
import type { Db } from '../store/db';
import { datasetSamplesNotFrom, ensureDataset } from '../store/datasets';
import { generationItems, insertQuestions, type GenerationItem } from '../store/generations';
import { questionHash, replaceDetectorAnnotations } from '../store/annotations';
import { findSelection, saveSelection } from '../store/selections';
import { questionKey, sampleHash } from '../ingest/hash';
import { dedup, type DedupRule } from '../curate/dedup';
import { EvalIndex, type EvalItem } from '../curate/decontaminate';
import { InvalidInputError, NotFoundError } from '../errors';
import { chatMessages, chatRequest, promptRoom, type GenerateSettings } from './request';
import { splitReply } from './response';

/** The source of a sample generate-questions wrote: `synthetic:MODEL`. */
const SYNTHETIC = 'synthetic:';

export interface QuestionsOptions {
  db: Db;
  backend: Backend;
  model: string;
  from: string;
  n: number;
  prompt: { file: string; text: string };
  dataset: string;
  settings: GenerateSettings;
  concurrency: number;
  countTokens: (t: string) => number;
  evalItems?: readonly EvalItem[];
  dedupRule?: DedupRule;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface QuestionsResult {
  dataset: string;
  selection: string;
  requested: number;
  /** Distinct questions written, each a sample of the data set (a question written twice is one sample). */
  stored: number;
  /** Of those, the samples this run added: a rerun's replies (from the request cache) were stored before and add none. */
  added: number;
  kept: number;
  duplicates: { sample_id: number; matched_sample_id: number; match: string; of_seed: boolean }[];
  contaminated: { sample_id: number; eval: string }[];
  failed: { request: number; error: string }[];
  cached_requests: number;
  replay: boolean;
}

/** The prompt for one seed: `{question}` (and `{answer}`) filled in, else the seed appended. */
export function fillPrompt(template: string, seed: Pick<GenerationItem, 'question' | 'answer'>): string {
  if (!template.includes('{question}')) return `${template.trimEnd()}\n\n${seed.question}`;
  return template.replaceAll('{question}', seed.question).replaceAll('{answer}', seed.answer ?? '');
}

/** The question in a reply: the answer part, without a leading "Question:" / "New problem:" label or wrapping quotes. */
export function questionOf(answer: string): string {
  return answer.trim().replace(/^\**\s*(new\s+)?(question|problem)\s*\d*\s*[:.]\**\s*/i, '').replace(/^"([\s\S]*)"$/, '$1').trim();
}

/**
 * Why `dataset` cannot take new questions, or undefined when it can: a new name, or a data set that only
 * generate-questions wrote (its samples' source is `synthetic:MODEL`), which a rerun adds to. An imported data set
 * (traces or an evaluation set) is refused: the questions would join its samples, and the run's duplicate and
 * contamination labels would replace the ones its curation wrote.
 */
export function questionsDatasetProblem(db: Db, dataset: string): string | undefined {
  const ds = datasetSamplesNotFrom(db, dataset, SYNTHETIC);
  if (!ds) return undefined;
  const { other } = ds;
  if (!other && ds.kind !== 'eval') return undefined;
  return `--dataset ${dataset}: the data set is there already with ${other} sample${other === 1 ? '' : 's'} that generate-questions did not write`
    + `${ds.kind === 'eval' ? ' (an evaluation set)' : ''}; the new questions go into a data set of their own: pass a new name, e.g. --dataset ${dataset}-synth`;
}

/** The seed selection, or a NotFoundError naming it. */
function seedSelection(db: Db, from: string) {
  const sel = findSelection(db, from);
  if (!sel) throw new NotFoundError(`no selection named '${from}' (distillery selection lists them)`);
  return sel;
}

/** What generateQuestions refuses before any request: an unknown --from, a --dataset it may not write into. */
export function checkQuestionsTarget(db: Db, from: string, dataset: string): void {
  seedSelection(db, from);
  const problem = questionsDatasetProblem(db, dataset);
  if (problem) throw new InvalidInputError(problem);
}

export async function generateQuestions(o: QuestionsOptions): Promise<QuestionsResult> {
  checkQuestionsTarget(o.db, o.from, o.dataset);
  const sel = seedSelection(o.db, o.from);
  const seeds = generationItems(o.db, sel.id);
  if (!seeds.length) throw new NotFoundError(`selection ${o.from} has no questions`);
  const chat = o.backend.chat!.bind(o.backend);
  const promptSha = createHash('sha256').update(o.prompt.text).digest('hex');
  const written: { k: number; seed: GenerationItem; question: string; thinkingTokens: number }[] = [];
  const failed: QuestionsResult['failed'] = [];
  let cached = 0, replay = false, next = 0, done = 0;
  const worker = async () => {
    while (next < o.n && !o.signal?.aborted) {
      const k = next++;
      const seed = seeds[k % seeds.length];
      const messages = chatMessages(fillPrompt(o.prompt.text, seed), o.settings.system);
      try {
        const c = await chat(chatRequest(messages, k, o.settings, promptRoom(messages, o.settings, o.countTokens)), o.signal);
        if (c.cached) cached++;
        replay ||= c.replay;
        const reply = splitReply(c, o.settings.format);
        const question = questionOf(reply.answer);
        if (!question) failed.push({ request: k, error: `the reply has no question (finish reason ${c.finish_reason})` });
        else written.push({ k, seed, question, thinkingTokens: reply.thinking ? o.countTokens(reply.thinking) : 0 });
      } catch (e) {
        if (o.signal?.aborted) break;
        throw e;
      }
      o.onProgress?.(++done, o.n);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, o.n)) }, worker));
  if (o.signal?.aborted) throw o.signal.reason instanceof Error ? o.signal.reason : new Error('cancelled');
  written.sort((a, b) => a.k - b.k);

  const datasetId = ensureDataset(o.db, o.dataset, 'traces');
  const { ids, added } = insertQuestions(o.db, datasetId, written.map((w) => ({
    hash: sampleHash({ question: w.question, answer: null, solution: null }), questionKey: questionKey(w.question), question: w.question, source: `${SYNTHETIC}${o.model}`,
    metadata: { provenance: { seed_sample_id: w.seed.sampleId, seed_question_hash: questionHash(w.seed.question), model: o.model, prompt_file: basename(o.prompt.file), prompt_sha256: promptSha, request: w.k, temperature: o.settings.temperature }, thinking_tokens: w.thinkingTokens },
  })));
  const fresh = [...new Set(ids)];
  const questionOfId = new Map(written.map((w, i) => [ids[i], w.question]));

  // Dedup: the seeds are kept whatever happens; a new question that copies a seed or an earlier new one goes.
  const seedIds = new Set(seeds.map((s) => s.sampleId));
  const res = dedup([...seeds.map((s) => ({ id: s.sampleId, question: s.question, length: 0, forceKeep: true })), ...fresh.map((id) => ({ id, question: questionOfId.get(id)!, length: 0 }))], { rule: o.dedupRule ?? 'copy' });
  const duplicates = res.dropped.filter((d) => !seedIds.has(d.id)).map((d) => ({ sample_id: d.id, matched_sample_id: d.matchedId, match: d.match, of_seed: seedIds.has(d.matchedId), kept: d.keptId }));
  replaceDetectorAnnotations(o.db, datasetId, 'detector:dedup', duplicates.map((d) => ({ sampleId: d.sample_id, label: 'duplicate',
    evidence: { matched_sample_id: d.matched_sample_id, match: d.match, kept_sample_id: d.kept, of_seed: d.of_seed, rule: o.dedupRule ?? 'copy' } })));
  const dropped = new Set(duplicates.map((d) => d.sample_id));
  const contaminated: QuestionsResult['contaminated'] = [];
  if (o.evalItems?.length) {
    const index = new EvalIndex(o.evalItems);
    const hits = fresh.map((id) => ({ id, e: index.check(questionOfId.get(id)!) })).filter((h) => h.e);
    replaceDetectorAnnotations(o.db, datasetId, 'detector:decontaminate', hits.map((h) => ({ sampleId: h.id, label: 'contamination', evidence: h.e })));
    for (const h of hits) { contaminated.push({ sample_id: h.id, eval: `${h.e!.eval.file}#${h.e!.eval.index}` }); dropped.add(h.id); }
  }
  const kept = fresh.filter((id) => !dropped.has(id));
  const afterDedup = fresh.length - duplicates.length;
  const name = `questions:${o.dataset}`;
  const { version } = saveSelection(o.db, {
    name, datasetId, seed: o.settings.seed, sampleIds: kept,
    recipe: { generate_questions: { from: `${sel.name}@${sel.version}`, model: o.model, prompt_file: basename(o.prompt.file), prompt_sha256: promptSha, n: o.n, dedup: o.dedupRule ?? 'copy' } },
    funnel: [{ stage: 'start', type: 'start', kept: fresh.length, dropped: 0 }, { stage: 'dedup against seeds', type: 'dedup', kept: afterDedup, dropped: duplicates.length },
      ...(o.evalItems?.length ? [{ stage: 'decontaminate', type: 'decontaminate', kept: kept.length, dropped: afterDedup - kept.length }] : [])],
  });
  return {
    dataset: o.dataset, selection: `${name}@${version}`, requested: o.n, stored: fresh.length, added, kept: kept.length,
    duplicates: duplicates.map(({ kept: _k, ...d }) => d), contaminated, failed, cached_requests: cached, replay,
  };
}
