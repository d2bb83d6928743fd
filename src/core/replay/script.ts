// What the replay "model" writes next, given the raw prompt: it finds the question's recorded trace and continues
// it from wherever the prompt's assistant turn stands, in the delimiter format the prompt uses.
//  - thinking that is a prefix of the recorded thinking continues it, then ends thinking and answers;
//  - thinking the client extended (a continuation word such as "Wait") gets a short fixed re-check, then ends;
//  - an answer phase after thinking that covered the whole recorded thinking gives the recorded answer;
//    after truncated thinking the replay answers "unknown" (it cannot know more than it has read).
// These are replay rules, not a model: numbers from them test the pipeline, never a model's ability.
import { createHash } from 'node:crypto';
import { THINKING_FORMATS, thinkingFormat, type ThinkingFormat } from '../prompt/formats';
import type { ReplayTrace } from './traces';

export const RECHECK = ' let me re-check the key step once more. The computation holds, so I am confident in the result.';

export class TraceIndex {
  private readonly byQuestion = new Map<string, ReplayTrace>();
  constructor(readonly traces: readonly ReplayTrace[]) {
    for (const t of traces) if (!this.byQuestion.has(t.question)) this.byQuestion.set(t.question, t);
  }

  /** The trace whose question the prompt contains (the user turn first), else a deterministic pick by seed. */
  find(prompt: string, seed: number): { trace: ReplayTrace; known: boolean } {
    const user = /<\|im_start\|>user\n([\s\S]*?)<\|im_end\|>/.exec(prompt)?.[1];
    if (user !== undefined) {
      const exact = this.byQuestion.get(user.trim());
      if (exact) return { trace: exact, known: true };
    }
    let best: ReplayTrace | null = null;
    const hay = user ?? prompt;
    for (const t of this.traces) if (hay.includes(t.question) && (!best || t.question.length > best.question.length)) best = t;
    if (best) return { trace: best, known: true };
    const h = createHash('sha1').update(`${seed}\u001f${prompt}`).digest().readUInt32BE(0);
    return { trace: this.traces[h % this.traces.length], known: false };
  }
}

const ASSISTANT = '<|im_start|>assistant\n';

function answerText(t: ReplayTrace, complete: boolean): string {
  return complete ? t.answer : 'unknown';
}

/** The text the replay writes after the prompt (before stops and max_tokens are applied). */
export function continuation(prompt: string, trace: ReplayTrace, defaultFormat: ThinkingFormat): string {
  const a = prompt.lastIndexOf(ASSISTANT);
  const turn = a >= 0 ? prompt.slice(a + ASSISTANT.length) : prompt;
  const format = THINKING_FORMATS.map(thinkingFormat).find((f) => turn.includes(f.open.trim())) ?? null;
  if (!format) {
    // Nothing written yet: the whole turn in the server's default format.
    const f = defaultFormat;
    return f.open + trace.thinking + '\n' + f.answerAfterStop + trace.answer + '<|im_end|>';
  }
  const afterOpen = turn.slice(turn.indexOf(format.open.trim()) + format.open.trim().length).replace(/^\n+/, '');
  const end = afterOpen.indexOf(format.endString);
  const ending = format.answerAfterStop;
  if (end < 0) {
    // Thinking phase.
    const so = afterOpen.replace(/\uFFFD+$/, '');
    const full = trace.thinking + '\n';
    if (full.startsWith(so)) return full.slice(so.length) + ending + trace.answer + '<|im_end|>';
    return resumeScript(so, RECHECK + '\n' + ending + trace.answer + '<|im_end|>');
  }
  // Answer phase: the thinking so far decides whether the replay knows the answer.
  const thought = afterOpen.slice(0, end).trim();
  const complete = thought.length >= trace.thinking.trim().length && thought.startsWith(trace.thinking.trim());
  const answerSoFar = afterOpen.slice(end + format.endString.length).replace(/\uFFFD+$/, '');
  const scripted = format.answerAfterStop.slice(format.endString.length) + answerText(trace, complete) + '<|im_end|>';
  if (scripted.startsWith(answerSoFar)) return scripted.slice(answerSoFar.length);
  // The client forced "Final Answer:": answer in one line.
  return resumeScript(answerSoFar, ' ' + (complete ? finalLine(trace.answer) : 'unknown') + '<|im_end|>');
}

/** A prompt that already holds the start of `script` (a client continuing a broken stream) gets the rest of it;
 *  at least 8 characters must match, so that a stray space is not taken for a resumed reply. */
function resumeScript(soFar: string, script: string): string {
  for (let k = Math.min(soFar.length, script.length); k >= 8; k--) {
    if (soFar.endsWith(script.slice(0, k))) return script.slice(k);
  }
  return script;
}

/** The recorded answer's last boxed expression, or its last line. */
function finalLine(answer: string): string {
  const i = answer.lastIndexOf('\\boxed{');
  if (i >= 0) {
    let depth = 0;
    for (let j = i + 7; j < answer.length; j++) {
      if (answer[j] === '{') depth++;
      else if (answer[j] === '}' && depth-- === 0) return `$${answer.slice(i, j + 1)}$`;
    }
  }
  const lines = answer.trim().split('\n');
  return lines[lines.length - 1];
}

/** A request to write a new question ("write a new problem like this one: ..."), as synthetic-question prompts ask. */
const WRITE_QUESTION = /\b(write|create|generate|compose|propose|invent)\b[\s\S]{0,80}?\b(new|another|similar|different|original)\b[\s\S]{0,40}?\b(question|problem)s?\b/i;

/**
 * The question the replay "writes" when a fresh assistant turn is asked for a new question: one of its recorded
 * questions picked by the prompt and seed, or (one time in four) the seed question itself, as a model that copies
 * its example would. Undefined for any other prompt.
 */
export function writtenQuestion(prompt: string, index: TraceIndex, seed: number): string | undefined {
  const a = prompt.lastIndexOf(ASSISTANT);
  if (a >= 0 && prompt.slice(a + ASSISTANT.length).trim()) return undefined;
  const user = /<\|im_start\|>user\n([\s\S]*?)<\|im_end\|>/.exec(prompt)?.[1] ?? prompt;
  if (!WRITE_QUESTION.test(user)) return undefined;
  const h = createHash('sha1').update(`${seed}\u001f${prompt}`).digest().readUInt32BE(0);
  const found = index.find(prompt, seed);
  if (found.known && h % 4 === 0) return found.trace.question;
  return index.traces[h % index.traces.length].question;
}

/** The whole turn of a written question, in the format's delimiters. */
export function questionTurn(question: string, f: ThinkingFormat): string {
  return `${f.open}The example sets the style; I will write a new problem of the same kind.\n${f.answerAfterStop}${question}<|im_end|>`;
}
