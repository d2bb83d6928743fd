// What a generation on a paid API will cost before it starts: input tokens of the prompts (Qwen's tokenizer,
// close to other BPE vocabularies for English and LaTeX) times the samples, output tokens at --max-tokens (or an
// assumed length), at the user's prices or a small table of list prices.

/** USD per 1M tokens, list prices (standard tier, no cache discount) as published in 2025; --price-in/--price-out override. */
export const KNOWN_PRICES: Readonly<Record<string, { in: number; out: number }>> = {
  'deepseek-reasoner': { in: 0.55, out: 2.19 },
  'deepseek-chat': { in: 0.27, out: 1.10 },
  'o1': { in: 15, out: 60 },
  'o1-mini': { in: 1.10, out: 4.40 },
  'o3': { in: 2, out: 8 },
  'o3-mini': { in: 1.10, out: 4.40 },
  'o4-mini': { in: 1.10, out: 4.40 },
  'gpt-4o': { in: 2.50, out: 10 },
  'gpt-4o-mini': { in: 0.15, out: 0.60 },
  'gpt-4.1': { in: 2, out: 8 },
  'gpt-4.1-mini': { in: 0.40, out: 1.60 },
};

/** Output tokens assumed per sample when --max-tokens is not given. */
export const ASSUMED_OUTPUT_TOKENS = 8000;

export interface CostEstimate {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** How the output tokens were counted. */
  outputBasis: string;
  priceIn: number;
  priceOut: number;
  /** Where the prices come from: 'flags' or 'table:<model>'. */
  prices: string;
  usd: number;
}

export function knownPrices(model: string): { in: number; out: number } | undefined {
  // "openai/o1", "o1-2024-12-17": the table's longest name the model starts with, after a provider prefix.
  const name = model.toLowerCase().replace(/^[a-z0-9_-]+\//, '');
  const key = Object.keys(KNOWN_PRICES).filter((k) => name === k || name.startsWith(`${k}-2`)).sort((a, b) => b.length - a.length)[0];
  return key ? KNOWN_PRICES[key] : undefined;
}

export function estimateCost(o: { promptTokens: readonly number[]; samples: number; maxTokens: number | null; priceIn: number; priceOut: number; prices: string }): CostEstimate {
  const requests = o.promptTokens.length * o.samples;
  const inputTokens = o.promptTokens.reduce((a, b) => a + b, 0) * o.samples;
  const per = o.maxTokens ?? ASSUMED_OUTPUT_TOKENS;
  const outputTokens = requests * per;
  return {
    requests, inputTokens, outputTokens,
    outputBasis: o.maxTokens ? `at most ${o.maxTokens} per sample (--max-tokens)` : `${ASSUMED_OUTPUT_TOKENS} per sample assumed (no --max-tokens)`,
    priceIn: o.priceIn, priceOut: o.priceOut, prices: o.prices,
    usd: (inputTokens * o.priceIn + outputTokens * o.priceOut) / 1e6,
  };
}

export function describeCost(e: CostEstimate): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `estimated cost: $${e.usd.toFixed(2)} for ${n(e.requests)} requests: ${n(e.inputTokens)} input tokens at $${e.priceIn}/1M and ${n(e.outputTokens)} output tokens `
    + `(${e.outputBasis}) at $${e.priceOut}/1M (prices: ${e.prices === 'flags' ? '--price-in/--price-out' : `list prices of ${e.prices.slice(6)}; check your provider's`})`;
}
