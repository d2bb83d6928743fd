// `vllm serve` for a trained checkpoint with the settings s1 evaluated with: the model split over the GPUs it was
// trained on (tensor parallel), a 32,768-token context (s1's budget forcing runs up to 32K tokens), bf16 weights as
// trained; served under the run's name on a local port, so an evaluation config can name it.

export interface ServeOptions {
  /** The checkpoint folder (or a Hub id). */
  model: string;
  /** The model id clients use (the run name). */
  name: string;
  tensorParallel?: number;
  maxModelLen?: number;
  port?: number;
  host?: string;
}

export const SERVE_DEFAULTS = { tensorParallel: 1, maxModelLen: 32768, port: 8000, host: '127.0.0.1' } as const;

/** The arguments after `vllm` (an array: the checkpoint path is one argument whatever it holds). */
export function vllmServeArgs(o: ServeOptions): string[] {
  return [
    'serve', o.model,
    '--served-model-name', o.name,
    '--tensor-parallel-size', String(o.tensorParallel ?? SERVE_DEFAULTS.tensorParallel),
    '--max-model-len', String(o.maxModelLen ?? SERVE_DEFAULTS.maxModelLen),
    '--dtype', 'bfloat16',
    '--host', o.host ?? SERVE_DEFAULTS.host,
    '--port', String(o.port ?? SERVE_DEFAULTS.port),
  ];
}

/** The OpenAI-compatible base URL the served model answers on. */
export const servedUrl = (o: Pick<ServeOptions, 'host' | 'port'>) => `http://${o.host ?? SERVE_DEFAULTS.host}:${o.port ?? SERVE_DEFAULTS.port}/v1`;

/** The served model's id for a checkpoint: the run name, and the step unless it is the final model. */
export const servedName = (run: string, c: { step: number | null; final: boolean }) => (c.final || c.step === null ? run : `${run}-step${c.step}`);

/** An evaluation config (schemas/eval-config.schema.json) against the served model: s1's budget forcing on MATH500. */
export function servedEvalConfig(o: { run: string; url: string; model: string; benchmark?: string }): Record<string, unknown> {
  return {
    run: o.run, backend: o.url, model: o.model, benchmark: o.benchmark ?? 'math500:100', method: 'budget-forcing',
    budgets: [500, 1000, 2000, 4000, 8000, 'inf'], wait: 1, maxModelLen: SERVE_DEFAULTS.maxModelLen,
  };
}
