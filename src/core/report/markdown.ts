// report.md from the report's parts: a replay warning first, then the plots, the tables, where scaling fails,
// side-by-side runs, the curation funnel, examples, cost and each run's configuration. Pure: the files it links
// (SVGs, JSONL) are written by write.ts.
import { benchmarkTitle, type ReportData } from './data';
import { budgetLabel, type ChartSpec } from './charts';
import { accuracyTable, configTable, costTable, markdownTable, metricsTable, pct, int } from './tables';
import type { Failures } from './failures';
import type { PairedDifference } from './compare';
import type { ExamplePick } from './examples';
import type { ResultText } from '../store/report-rows';

export interface ReportFiles {
  /** Chart id → SVG file name beside report.md. */
  charts: Map<string, string>;
  /** Run name → its per-sample JSONL, relative to report.md. */
  exports: Map<string, string>;
  /** Failure kind ('pairs' | 'stalled' | 'flips') → JSONL of the samples behind them, relative to report.md. */
  failures: Map<string, string>;
}

export interface ReportInput {
  data: ReportData;
  charts: readonly ChartSpec[];
  failures: Failures;
  compared: readonly PairedDifference[];
  examples: readonly ExamplePick[];
  texts: Map<number, ResultText>;
  files: ReportFiles;
  generatedAt: string;
  command: string;
}

/** Sample ids as text, the first `max` of them (a reader opens the JSONL for the rest). */
export function idList(ids: readonly number[], max = 12): string {
  if (!ids.length) return '–';
  return ids.slice(0, max).join(', ') + (ids.length > max ? ` … (+${ids.length - max})` : '');
}

/** A fence that the text cannot close. */
function fenced(text: string, lang = 'text'): string {
  let fence = '~~~';
  while (text.includes(fence)) fence += '~';
  return `${fence}${lang}\n${text}\n${fence}`;
}

/** Head and tail of a long text with what was left out said in between. */
export function excerpt(text: string, head = 700, tail = 500): string {
  const t = text.trim();
  if (t.length <= head + tail + 40) return t;
  return `${t.slice(0, head)}\n\n[… ${(t.length - head - tail).toLocaleString('en-US')} characters left out …]\n\n${t.slice(-tail)}`;
}

const chart = (input: ReportInput, id: string, alt: string) => {
  const f = input.files.charts.get(id);
  return f ? `![${alt}](${f})\n` : '';
};

function replayBanner(data: ReportData): string[] {
  const replay = data.runs.filter((r) => r.replay);
  if (!replay.length) return [];
  const names = replay.map((r) => `\`${r.name}\``).join(', ');
  return [
    `> **${replay.length === data.runs.length ? 'Every run in this report was' : `Run${replay.length > 1 ? 's' : ''} ${names} ${replay.length > 1 ? 'were' : 'was'}`} answered by Distillery's replay server.**`
      + ` The replay server plays back recorded reference solutions; it is not a model. Its accuracy, token counts and`
      + ` scaling show that the pipeline works end to end and must never be read as any model's results.`
      + (replay.length === data.runs.length ? '' : ` Runs answered by a model: ${data.runs.filter((r) => !r.replay).map((r) => `\`${r.name}\``).join(', ')}.`),
    '',
  ];
}

function runsSection(data: ReportData): string[] {
  const rows = data.runs.map((r) => {
    const ps = data.points.filter((p) => p.run === r.name);
    const benchmarks = [...new Set(ps.map((p) => benchmarkTitle(p.benchmark)))].join(', ');
    const methods = [...new Set(data.rows.filter((x) => x.run === r.name).map((x) => x.series))].join(', ');
    return [r.name, r.replay ? 'replay server (not a model)' : r.model ?? '–', r.status, benchmarks || '–', methods || '–', int(ps.length), r.wall_s === null ? '–' : `${r.wall_s.toFixed(1)} s`];
  });
  return ['## Runs', '', markdownTable({ headers: ['run', 'model', 'status', 'data sets', 'methods', 'results', 'wall time'], align: ['l', 'l', 'l', 'l', 'l', 'r', 'r'], rows }), ''];
}

function failuresSection(input: ReportInput): string[] {
  const { failures: f, files } = input;
  const link = (kind: string) => (files.failures.get(kind) ? ` The questions, answers and traces behind every row: [${files.failures.get(kind)}](${files.failures.get(kind)}).` : '');
  const out = ['## Where scaling fails', ''];
  if (!f.pairs.length && !f.stalled.length && !f.flips.length) {
    out.push('No budget step lost accuracy, every method used more tokens when given more, and no question went from right to wrong as the budget grew.', '');
    return out;
  }
  out.push(chart(input, 'failures-accuracy', 'Accuracy by budget with the steps that did not gain marked'));
  out.push('### Budget steps with flat or falling accuracy', '');
  if (f.pairs.length) {
    out.push(`Adjacent budgets of one method where the larger budget did not gain accuracy. A change smaller than its standard error is within noise.${link('pairs')}`, '');
    out.push(markdownTable({
      headers: ['run', 'data set', 'method', 'budgets', 'accuracy', 'mean thinking tokens', 'change', 'within noise', 'lost (sample ids)', 'gained (sample ids)'],
      align: ['l', 'l', 'l', 'l', 'r', 'r', 'r', 'l', 'l', 'l'],
      rows: f.pairs.map((p) => [p.run, benchmarkTitle(p.benchmark), p.series, `${budgetLabel(p.budget_a)} → ${budgetLabel(p.budget_b)}`,
        `${pct(p.accuracy_a)} → ${pct(p.accuracy_b)}`, `${int(p.tokens_a)} → ${int(p.tokens_b)}`, `${(p.delta * 100).toFixed(1)} pts`,
        Math.abs(p.delta) < p.stderr || p.delta === 0 ? 'yes' : 'no', idList(p.lost), idList(p.gained)]),
    }), '');
  } else out.push('None: every larger budget gained accuracy.', '');
  out.push(chart(input, 'failures-tokens', 'Mean thinking tokens by budget against the budget'));
  out.push('### Thinking that did not grow with the budget', '');
  if (f.stalled.length) {
    out.push(`Adjacent budgets where the method's mean thinking tokens grew by less than a tenth of the extra budget: the model stopped thinking on its own before the smaller budget, so the larger one bought nothing. The samples listed used no more than 10 extra tokens.${link('stalled')}`, '');
    out.push(markdownTable({
      headers: ['run', 'data set', 'method', 'budgets', 'mean thinking tokens', 'samples that did not use the extra budget'],
      align: ['l', 'l', 'l', 'l', 'r', 'l'],
      rows: f.stalled.map((s) => [s.run, benchmarkTitle(s.benchmark), s.series, `${budgetLabel(s.budget_a)} → ${budgetLabel(s.budget_b)}`,
        `${int(s.tokens_a)} → ${int(s.tokens_b)}`, `${s.sample_ids.length}: ${idList(s.sample_ids)}`]),
    }), '');
  } else out.push('None: every method thought longer when given a larger budget.', '');
  out.push(chart(input, 'failures-flips', 'Questions right at one budget and wrong at the next'));
  out.push('### Questions that flip from right to wrong', '');
  if (f.flips.length) {
    out.push(`Right at a budget (at least half the repeats) and wrong at the next larger one of the same method.${link('flips')}`, '');
    out.push(markdownTable({
      headers: ['run', 'data set', 'method', 'budgets', 'sample id', 'thinking tokens', 'results (a → b)'],
      align: ['l', 'l', 'l', 'l', 'r', 'r', 'l'],
      rows: f.flips.slice(0, 60).map((x) => [x.run, benchmarkTitle(x.benchmark), x.series, `${budgetLabel(x.budget_a)} → ${budgetLabel(x.budget_b)}`,
        String(x.sample_id), `${int(x.tokens_a)} → ${int(x.tokens_b)}`, `${x.result_ids_a.join(',')} → ${x.result_ids_b.join(',')}`]),
    }), '');
    if (f.flips.length > 60) out.push(`… and ${f.flips.length - 60} more in the JSONL file.`, '');
  } else out.push('None.', '');
  out.push('### Why scaling fails here', '', ...discussion(input), '');
  return out;
}

/** A short reading of the failures, in words tied to what the data shows. */
function discussion(input: ReportInput): string[] {
  const { data, failures: f } = input;
  const lines: string[] = [];
  if (data.runs.some((r) => r.replay)) {
    lines.push('- These runs are replays: the replay server answers correctly only once it has played back its whole recorded solution, so accuracy follows how much of each solution fits the budget, not a model\'s reasoning. Failures here are properties of the recorded traces and of the control method, not of a model.');
  }
  if (f.stalled.length) lines.push(`- ${f.stalled.length} budget step${f.stalled.length > 1 ? 's' : ''} bought no extra thinking: when the model ends its thinking before the smaller budget, truncation has nothing to cut and a larger budget changes nothing; budget forcing's continuations ("Wait") are what make it think longer, and with few of them the budget is left unused.`);
  if (f.pairs.some((p) => p.delta < 0)) lines.push('- Accuracy fell at a larger budget: a longer trace can talk itself out of a right answer (see the flips), and small sets make single questions move accuracy by several points; compare the change with its standard error before reading a trend into it.');
  if (f.pairs.some((p) => p.delta === 0)) lines.push('- Flat steps where the thinking tokens also stayed put are the same failure seen twice: no extra thinking, no extra accuracy.');
  if (f.flips.length) lines.push(`- ${f.flips.length} question${f.flips.length > 1 ? 's' : ''} went from right to wrong with more budget; read their traces (JSONL above) to see whether the longer thinking changed a right answer, or a cut-off trace guessed right at the smaller budget.`);
  return lines.length ? lines : ['- Nothing stands out beyond noise.'];
}

function compareSection(input: ReportInput): string[] {
  if (input.data.runs.length < 2) return [];
  const out = ['## Runs side by side', ''];
  if (!input.compared.length) {
    out.push('The runs share no data set, method and budget, so no paired difference can be taken.', '');
    return out;
  }
  out.push('Paired difference on the questions both runs answered at the same method and budget: questions right in one run and wrong in the other (sample ids).', '');
  out.push(markdownTable({
    headers: ['runs (a vs b)', 'data set', 'method', 'budget', 'questions', 'accuracy a', 'accuracy b', 'b − a', 'right only in a', 'right only in b'],
    align: ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'l', 'l'],
    rows: input.compared.map((c) => [`${c.run_a} vs ${c.run_b}`, benchmarkTitle(c.benchmark), c.series, budgetLabel(c.budget), String(c.questions),
      pct(c.accuracy_a), pct(c.accuracy_b), `${((c.accuracy_b - c.accuracy_a) * 100).toFixed(1)} pts`, `${c.only_a.length}: ${idList(c.only_a, 8)}`, `${c.only_b.length}: ${idList(c.only_b, 8)}`]),
  }), '');
  return out;
}

function funnelSection(input: ReportInput): string[] {
  const { data } = input;
  if (!data.funnels.length) return [];
  const out = ['## Curation funnel', '', chart(input, 'funnel', 'Curation funnel')];
  for (const f of data.funnels) {
    out.push(`Selection \`${f.selection}\` version ${f.version}${f.run ? ` (named by run \`${f.run}\`)` : ''}:`, '');
    out.push(markdownTable({ headers: ['stage', 'type', 'kept', 'dropped'], align: ['l', 'l', 'r', 'r'],
      rows: f.rows.map((r) => [r.stage, r.type ?? '', int(r.kept), int(r.dropped ?? 0)]) }), '');
  }
  return out;
}

function examplesSection(input: ReportInput): string[] {
  const out = ['## Examples', '', 'For every run, data set and method: the shortest and longest correct and wrong generations. Full texts of every sample are in the per-run JSONL files below.', ''];
  if (!input.examples.length) return [...out, 'No results to show.', ''];
  for (const e of input.examples) {
    const p = e.point;
    const t = input.texts.get(p.result_id);
    out.push(`### ${benchmarkTitle(p.benchmark)} · ${e.series} · budget ${budgetLabel(p.budget)} — ${e.kind}`, '');
    out.push(`run \`${p.run}\` · data set ${benchmarkTitle(p.benchmark)} · **${p.grade ? 'correct' : 'wrong'}** · ${int(p.thinking_tokens)} thinking tokens · ${p.continuations ?? 0} continuation${p.continuations === 1 ? '' : 's'} · repeat ${p.repeat} · sample ${p.sample_id} (result ${p.result_id})`, '');
    if (!t) { out.push('(texts not found)', ''); continue; }
    out.push('**Question**', '', fenced(excerpt(t.question, 600, 200)), '');
    out.push(`**Gold answer:** \`${(t.gold ?? '–').replace(/`/g, "'")}\` · **extracted:** \`${(t.extracted ?? '–').replace(/`/g, "'")}\``, '');
    out.push('<details><summary>Thinking (excerpt)</summary>', '', fenced(excerpt(t.thinking ?? '')), '', '</details>', '');
    out.push('**Answer**', '', fenced(excerpt(t.answer ?? '', 600, 300)), '');
  }
  return out;
}

export function reportMarkdown(input: ReportInput): string {
  const { data } = input;
  const names = data.runs.map((r) => `\`${r.name}\``).join(', ');
  const out: string[] = [`# Evaluation report: ${names}`, '', ...replayBanner(data)];
  out.push(`Generated ${input.generatedAt} by \`${input.command}\`.`, '');
  out.push(...runsSection(data));
  out.push('## Accuracy against thinking tokens', '', chart(input, 'scaling', 'Accuracy against mean thinking tokens per data set'),
    'One panel per data set; x: the mean thinking tokens of the generations at a setting, y: their accuracy; one line per method (and number of continuations)'
    + `${data.runs.length > 1 ? ', one dash style and point shape per run' : ''}; each point is labelled with its budget (∞: no limit); bars: ± one standard error (over repeats, else binomial).`, '');
  out.push('## Test-time scaling metrics', '', markdownTable(metricsTable(data)), '',
    '- **Control**: share of generations with at most budget + 10 thinking tokens (s1\'s meaning); **over budget** is the share exceeding it (the task\'s wording). Class-conditional has no budget and is reported as 50% by convention.',
    '- **Budget Error**: mean over the budgets 500, 1000, 2000, 4000 and 8000 that were run of |mean thinking tokens − budget| / budget.',
    '- **Scaling**: mean slope of accuracy over mean thinking tokens across every pair of settings with more tokens in the second; also per 1,000 tokens, since per-token slopes are tiny.',
    '- **Max Performance**: the best accuracy of the method on the data set.', '');
  out.push('## Accuracy per budget', '', 'Accuracy ± standard error (mean thinking tokens) at each budget.', '', markdownTable(accuracyTable(data)), '');
  out.push('## Thinking tokens per budget', '', chart(input, 'histograms', 'Histograms of thinking tokens per method and budget'),
    'How well each method held its budget: the generations\' thinking tokens, with the budget as a dashed rule.', '');
  out.push(...failuresSection(input));
  out.push(...compareSection(input));
  out.push(...funnelSection(input));
  out.push(...examplesSection(input));
  out.push('## Computational cost', '', markdownTable(costTable(data)), '',
    'Requests, prompt and generated tokens as the server counted them (– where a run recorded none: runs made before Distillery kept them; requests are then counted from the finish reasons). Generation time is summed over results, which run concurrently; each run\'s wall time is in its configuration.', '');
  out.push('## Configuration', '');
  for (const r of data.runs) out.push(`### \`${r.name}\``, '', markdownTable(configTable(r)), '');
  out.push('## Files', '');
  for (const [run, file] of input.files.exports) out.push(`- \`${run}\`: every sample, one JSON object a line: [${file}](${file})`);
  for (const [kind, file] of input.files.failures) out.push(`- samples behind the scaling failures (${kind}): [${file}](${file})`);
  for (const c of input.charts) { const f = input.files.charts.get(c.id); if (f) out.push(`- ${c.title}: [${f}](${f})`); }
  out.push('', 'Sample ids are the database\'s: open them in VS Code\'s review panel from the runs dashboard (click a point), or review the data set `eval:<data set>` filtered to the run. VS Code\'s Markdown preview does not run `command:` links, so this file links to files only.', '');
  return out.join('\n');
}
