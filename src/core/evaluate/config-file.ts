// Evaluation config files (*.eval.json) as a person writes them: JSON with comments (the editor opens them as
// JSONC, with the schema attached), and the commented template `Distillery: New Evaluation Config` writes.
import { validateEvalConfig, type EvalConfig } from './config';

/** The text with line and block comments and trailing commas removed (outside strings); line numbers kept. */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      // A string, escapes included, copied as it is.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === ',' && /^\s*[}\]]/.test(nextNonComment(text, i + 1))) {
      // A trailing comma (JSONC allows them): dropped.
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The text after `from` with leading whitespace and comments skipped (to see what follows a comma). */
function nextNonComment(text: string, from: number): string {
  let i = from;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('//', i)) { const n = text.indexOf('\n', i); i = n < 0 ? text.length : n; continue; }
    if (text.startsWith('/*', i)) { const n = text.indexOf('*/', i + 2); i = n < 0 ? text.length : n + 2; continue; }
    return text.slice(i, i + 1);
  }
}

/** Parses and checks a *.eval.json file's text (comments and trailing commas allowed). */
export function parseEvalConfigText(text: string): EvalConfig {
  return validateEvalConfig(JSON.parse(stripJsonComments(text)));
}

/** The template of a new config: the replay server on the bundled MATH500 sample, every line explained. */
export function evalConfigTemplate(o: { run: string; schemaUrl?: string }): string {
  return `// A Distillery evaluation: one \`distillery eval\` run. Run it with "Distillery: Run Evaluation…"
// (or the Run Task list). The editor checks this file against the schema as you type; hover a key for help.
{
${o.schemaUrl ? `  "$schema": ${JSON.stringify(o.schemaUrl)},\n` : ''}  // Run name: results are stored under it; running the same name again resumes where it stopped.
  "run": ${JSON.stringify(o.run)},
  // An OpenAI-compatible server (vLLM), or a list of replicas. http://127.0.0.1:8000/v1 is where
  // "distillery serve-replay" listens: a replay server answers with recorded traces, so its numbers test the
  // pipeline, not a model. Run Evaluation offers to start one when nothing answers there.
  "backend": "http://127.0.0.1:8000/v1",
  // The model id the server serves (GET /v1/models lists them); the replay server serves "replay:<name>".
  "model": "replay:math500",
  // math500[:N] (the first N questions; 100 without :N, all 500 with math500:500), aime24[:N], gpqa=FILE.csv[:N],
  // or a JSONL/Parquet/CSV file with question and answer.
  "benchmark": "math500:20",
  // none | truncation | budget-forcing | class-conditional
  "method": "truncation",
  // Thinking-token budgets; "inf" means no limit. Accuracy is reported per budget.
  "budgets": [500, 1000, 2000, "inf"],
  // Requests in flight at once.
  "concurrency": 8
}
`;
}
