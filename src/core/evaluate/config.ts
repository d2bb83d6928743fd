// Saved evaluation configs (schemas/eval-config.schema.json) and the `distillery eval` arguments they stand for,
// so the editor's "Run Evaluation…" starts exactly what a user could type.
// Methods, prompts and formats come from their one home each (scaling/methods.ts, prompt/formats.ts).
import { METHODS, type MethodName } from '../scaling/methods';
import { CLASS_PROMPTS, THINKING_FORMATS, type ClassPrompt, type ThinkingFormatName } from '../prompt/formats';
import { backendUrlProblem } from '../backend/url-check';

export interface EvalConfig {
  run: string;
  backend: string | string[];
  model: string;
  benchmark: string;
  method: MethodName;
  budgets?: (number | 'inf')[];
  wait?: number | number[];
  waitWord?: string;
  prompt?: ClassPrompt;
  format?: ThinkingFormatName;
  repeats?: number;
  temperature?: number;
  concurrency?: number;
  chatTemplate?: string;
  maxThinkingTokens?: number;
  maxAnswerTokens?: number;
  maxModelLen?: number;
  topP?: number;
  topK?: number;
  minP?: number;
  repetitionPenalty?: number;
  apiKeyEnv?: string;
}

const KEYS = new Set(['$schema', 'run', 'backend', 'model', 'benchmark', 'method', 'budgets', 'wait', 'waitWord', 'prompt', 'format', 'repeats', 'temperature',
  'concurrency', 'chatTemplate', 'maxThinkingTokens', 'maxAnswerTokens', 'maxModelLen', 'topP', 'topK', 'minP', 'repetitionPenalty', 'apiKeyEnv']);

export class EvalConfigError extends Error {}

/** Checks a parsed config against the schema's rules that matter to the command line. */
export function validateEvalConfig(v: unknown): EvalConfig {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new EvalConfigError('an evaluation config is a JSON object');
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KEYS.has(k)) throw new EvalConfigError(`unknown key '${k}'`);
  for (const k of ['run', 'model', 'benchmark', 'method']) if (typeof o[k] !== 'string' || !(o[k] as string).trim()) throw new EvalConfigError(`'${k}' is required (a string)`);
  const backend = o.backend;
  if (!(typeof backend === 'string' && backend) && !(Array.isArray(backend) && backend.length && backend.every((b) => typeof b === 'string' && b))) throw new EvalConfigError("'backend' is a URL or a list of URLs");
  // The editor's files: a key goes to secret storage, never into the URL (fetch would refuse it at every check).
  for (const url of (Array.isArray(backend) ? backend : backend.split(',')).map((b) => b.trim()).filter(Boolean)) {
    const problem = backendUrlProblem(url, 'editor');
    if (problem) throw new EvalConfigError(`'backend': ${problem}`);
  }
  if (!(METHODS as readonly unknown[]).includes(o.method)) throw new EvalConfigError(`unknown method '${String(o.method)}'`);
  if (o.budgets !== undefined && !(Array.isArray(o.budgets) && o.budgets.every((b) => b === 'inf' || (Number.isInteger(b) && (b as number) >= 1)))) throw new EvalConfigError("'budgets' is a list of positive integers or \"inf\"");
  const posInt = (k: string, min: number) => { if (o[k] !== undefined && !(Number.isInteger(o[k]) && (o[k] as number) >= min)) throw new EvalConfigError(`'${k}' must be an integer >= ${min}`); };
  posInt('repeats', 1); posInt('concurrency', 1); posInt('maxThinkingTokens', 1); posInt('maxAnswerTokens', 1); posInt('maxModelLen', 1); posInt('topK', -1);
  const num = (k: string, ok: (x: number) => boolean, range: string) => { if (o[k] !== undefined && !(typeof o[k] === 'number' && ok(o[k] as number))) throw new EvalConfigError(`'${k}' must be a number ${range}`); };
  num('topP', (x) => x > 0 && x <= 1, 'in (0, 1]'); num('minP', (x) => x >= 0 && x <= 1, 'in [0, 1]'); num('repetitionPenalty', (x) => x > 0, '> 0');
  if (o.wait !== undefined && !(Number.isInteger(o.wait) || (Array.isArray(o.wait) && o.wait.length && o.wait.every(Number.isInteger)))) throw new EvalConfigError("'wait' is an integer or a list of integers");
  if (o.temperature !== undefined && !(typeof o.temperature === 'number' && o.temperature >= 0)) throw new EvalConfigError("'temperature' must be >= 0");
  if (o.prompt !== undefined && !Object.keys(CLASS_PROMPTS).includes(o.prompt as string)) throw new EvalConfigError(`'prompt' is ${Object.keys(CLASS_PROMPTS).join(' or ')}`);
  if (o.format !== undefined && !(THINKING_FORMATS as readonly unknown[]).includes(o.format)) throw new EvalConfigError(`'format' is ${THINKING_FORMATS.join(', ')}`);
  return o as unknown as EvalConfig;
}

/** The `eval` arguments (after the subcommand) of a config. */
export function evalConfigArgs(c: EvalConfig): string[] {
  const a = ['--backend', Array.isArray(c.backend) ? c.backend.join(',') : c.backend, '--model', c.model, '--benchmark', c.benchmark, '--method', c.method, '--run', c.run];
  if (c.budgets) a.push('--budgets', c.budgets.join(','));
  if (c.wait !== undefined) a.push('--wait', Array.isArray(c.wait) ? c.wait.join(',') : String(c.wait));
  if (c.waitWord) a.push('--wait-word', c.waitWord);
  if (c.prompt) a.push('--prompt', c.prompt);
  if (c.format) a.push('--format', c.format);
  if (c.repeats !== undefined) a.push('--repeats', String(c.repeats));
  if (c.temperature !== undefined) a.push('--temperature', String(c.temperature));
  if (c.concurrency !== undefined) a.push('--concurrency', String(c.concurrency));
  if (c.chatTemplate) a.push('--chat-template', c.chatTemplate);
  if (c.maxThinkingTokens !== undefined) a.push('--max-thinking-tokens', String(c.maxThinkingTokens));
  if (c.maxAnswerTokens !== undefined) a.push('--max-answer-tokens', String(c.maxAnswerTokens));
  if (c.maxModelLen !== undefined) a.push('--max-model-len', String(c.maxModelLen));
  if (c.topP !== undefined) a.push('--top-p', String(c.topP));
  if (c.topK !== undefined) a.push('--top-k', String(c.topK));
  if (c.minP !== undefined) a.push('--min-p', String(c.minP));
  if (c.repetitionPenalty !== undefined) a.push('--repetition-penalty', String(c.repetitionPenalty));
  if (c.apiKeyEnv) a.push('--api-key-env', c.apiKeyEnv);
  return a;
}
