// Made-up rows in the layout of Qwen2.5-Math / SkyThought evaluation outputs (`code`: the sampled responses),
// shared by the import identity tests.

/** A made-up row in the layout of Qwen2.5-Math / SkyThought evaluation outputs: eight sampled responses. */
export function maj8Row(idx: number, responses: string[], gold = '204') {
  return {
    idx, question: `Made-up question ${idx}: how many ways are there to walk ${gold} steps?`, gt_cot: 'None', gt: gold,
    solution: `We count the walks step by step and find ${gold}.`, answer: gold,
    code: responses, pred: responses.map((r) => /\\boxed\{(\d+)\}/.exec(r)?.[1] ?? ''), report: responses.map(() => null),
    score: responses.map((r) => r.includes(`\\boxed{${gold}}`)),
  };
}

export const RIGHT = 'Counting the walks gives 204, so the answer is \\boxed{204}.';
export const WRONG = 'I think the count is 200. The answer is \\boxed{200}.';
/** Eight responses of which five are the same text and two another. */
export const EIGHT = [RIGHT, RIGHT, WRONG, RIGHT, 'Another route: \\boxed{204}.', RIGHT, WRONG, RIGHT];
