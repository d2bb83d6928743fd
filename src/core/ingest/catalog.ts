// The names users see for file formats and presets, as plain constants with no imports: the extension host,
// the protocol and the CLI's help load them without loading the readers. formats.ts and presets.ts attach the
// code to these names (their Record types make the compiler check every name has it).

/** File formats in the order pickers list them; a file's format comes from its extension (formats.ts). */
export const FORMAT_INFO = [
  { name: 'jsonl', label: 'JSONL', extensions: ['jsonl', 'ndjson'] },
  { name: 'json', label: 'JSON', extensions: ['json'] },
  { name: 'parquet', label: 'Parquet', extensions: ['parquet'] },
  { name: 'csv', label: 'CSV', extensions: ['csv'] },
] as const;

export type FormatName = (typeof FORMAT_INFO)[number]['name'];

/** Every data file extension (no dot): the open dialog's filter, the explorer menu's `when` (package.json, checked by a test). */
export const DATA_FILE_EXTENSIONS: readonly string[] = FORMAT_INFO.flatMap((f) => f.extensions);

/** `s1k.jsonl` → `s1k`: a data file's name without its format's extension (other names unchanged). */
export function stripDataExtension(fileName: string): string {
  return fileName.replace(new RegExp(`\\.(${DATA_FILE_EXTENSIONS.join('|')})$`, 'i'), '');
}

/** Compression suffixes a file's name may carry after its format's extension (`pool.jsonl.gz`). */
const COMPRESSION_EXTENSIONS = ['gz', 'bz2', 'xz', 'zst'];

/**
 * The default data set name of a file (Import Dataset…'s prefilled name, `import`'s without --dataset): its name
 * without its extension, whichever the importer took it by — a format's (`s1k.jsonl` → `s1k`, `pool.parquet` →
 * `pool`), or any other, since a file no format claims is read as JSONL (`notes.txt` → `notes`) — and without a
 * compression suffix before it (`pool.jsonl.gz` → `pool`). A dot followed by a digit ends no extension
 * (`s1K-1.1` stays), and a name that would be left empty (`.jsonl`) is kept whole.
 */
export function datasetNameOf(fileName: string): string {
  const bare = fileName.replace(new RegExp(`\\.(${COMPRESSION_EXTENSIONS.join('|')})$`, 'i'), '');
  const data = stripDataExtension(bare);
  const name = data !== bare ? data : bare.replace(/\.[A-Za-z][A-Za-z0-9]{0,9}$/, '');
  return name || fileName;
}

/** The import presets in the order a picker shows them, with what each reads. */
export const PRESET_INFO = [
  { name: 'auto', description: 'detect the schema from the first row\'s columns (refused, with the columns seen, when no preset fits)' },
  { name: 's1', description: 's1 59K pool (question, solution, thinking_trajectories, attempt; featurized columns kept as features)' },
  { name: 's1k', description: 's1K / s1K-1.1 (Gemini and DeepSeek-R1 traces as two traces of one sample)' },
  { name: 'stratos', description: 'Bespoke-Stratos / Sky-T1 (system + conversations with <|begin_of_thought|> markers)' },
  { name: 'openthoughts', description: 'OpenThoughts (conversations or messages with <think> tags or thought markers)' },
  { name: 'skythought', description: 'SkyThought / Qwen2.5-Math evaluation outputs (idx, question, gt, code: [responses], pred, score)' },
  { name: 'skythought-results', description: 'SkyThought results file (one JSON object keyed by problem; responses keyed by temperature)' },
  { name: 'sft', description: 'SFT sets of Question, Complex_CoT and Response (medical-o1 style): the CoT is the thinking, the Response the answer' },
  { name: 'math500', description: 'MATH500 (problem, solution, answer, subject, level, unique_id test/…/N.json)' },
  { name: 'aime', description: 'AIME (problem, answer 0-999, an AIME url or source; zero-padded answers such as "025" kept)' },
  { name: 'gpqa', description: 'GPQA-Diamond CSV (Question, Correct Answer, Incorrect Answer 1..3)' },
  { name: 'mcq', description: 'multiple choice: a Question with its options inline (A) … (D) and a letter Answer' },
  { name: 'verl', description: 'verl RL Parquet (prompt: chat messages, reward_model.ground_truth, data_source, ability)' },
  { name: 'apps', description: 'APPS code problems (question, solutions, input_output tests as JSON with optional fn_name, starter_code, difficulty, url): the tests are stored with the sample for `distillery verify`' },
  { name: 'taco', description: 'TACO code problems (APPS columns plus tags, skill_types, time/memory limits, source): the tests are stored with the sample' },
  { name: 'openthoughts-metadata', description: "OpenThoughts-114k metadata rows (problem, deepseek_reasoning, deepseek_solution, ground_truth_solution, domain, source, test_cases, starter_code): one DeepSeek-R1 trace each, code rows' test_cases stored as the sample's tests" },
  { name: 'qa', description: 'evaluation sets: question, problem or prompt (text or chat turns) with answer, final_answer, expected_answer or gt' },
  { name: 'generic', description: 'any rows with a question column; map the others with --map (question=, answer=, solution=, thinking=, attempt=, response=, grade=, source=, domain=, producer=; paths such as prompt[0].value)' },
] as const;

export type PresetName = (typeof PRESET_INFO)[number]['name'];
