// s1-layout rows that make escaping, stripping and nulls hard, shared by the JSON-row and Parquet-byte tests.

/** 60 rows of s1 columns built from `random` (a seeded string of n pieces); row 5's thinking is `longThinking` pieces. */
export function trickyS1Rows(random: (seed: number, n: number) => string, longThinking = 20): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < 60; i++) {
    rows.push({
      question: `Q${i} ${random(i + 7, 9)}`, solution: i % 3 ? `sol ${random(i + 11, 5)}` : null, cot_type: i % 4 ? 'math' : null,
      source_type: i % 5 ? 'src/x' : null, metadata: i % 3 === 1 ? `not a dict { "${random(i, 4)}` : i % 2 ? `{'a': ${i}, 'b': "x\\y"}` : null,
      thinking_trajectories: [i % 6 === 0 ? '  \n' : random(i + 3, i === 5 ? longThinking : 20)], attempt: i % 7 === 0 ? ' \t' : i % 2 ? `Answer: ${random(i, 6)}` : random(i + 1, 8),
    });
  }
  return rows;
}
