// Every question, solution, thinking and attempt of the bundled data renders with no text lost, and the few
// formulas KaTeX cannot lay out are counted and named (they show their source instead).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { renderMarkdown, type RenderStats } from '../../../webview/markdown';

function rows(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The text a reader sees (and a formula's source, which a screen reader reads from its aria-label). */
function visibleText(html: string): string {
  // A link's address counts as shown (it is the link's tooltip and status bar text).
  return html
    .replace(/<span [^>]*aria-label="([^"]*)"[^>]*>/g, ' $1 <span>')
    .replace(/<a href="([^"]*)">([\s\S]*?)<\/a>/g, ' $2 $1 ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
        : ({ amp: '&', lt: '<', gt: '>', quot: '"', nbsp: ' ' } as Record<string, string>)[e.toLowerCase()] ?? m);
}

const words = (s: string) => s.match(/\p{L}{2,}/gu) ?? [];

/** The words of a source a reader reads: LaTeX command and environment names are markup, not text. */
const sourceWords = (s: string) => words(s.replace(/\\(begin|end)\{[^}]*\}|\\[a-zA-Z]+/g, ' '));

/** The first word of `source` missing from the rendered text, in order (words are matched as a subsequence). */
function firstLostWord(source: string, html: string): string | null {
  const seen = words(visibleText(html));
  let k = 0;
  for (const w of sourceWords(source)) {
    while (k < seen.length && seen[k] !== w) k++;
    if (k === seen.length) return w;
    k++;
  }
  return null;
}

function check(name: string, texts: { id: string; text: string }[], maxErrors: number): void {
  const stats: RenderStats = { formulas: 0, errors: [] };
  const lost: string[] = [];
  for (const { id, text } of texts) {
    const before = stats.errors.length;
    const html = renderMarkdown(text, stats);
    for (let i = before; i < stats.errors.length; i++) stats.errors[i] = `${id}: ${stats.errors[i]}`;
    const w = firstLostWord(text, html);
    if (w) lost.push(`${id}: "${w}"`);
  }
  console.log(`      ${name}: ${texts.length} texts, ${stats.formulas} formulas, ${stats.errors.length} KaTeX errors`);
  for (const e of stats.errors) console.log(`        ${e.replace(/\s+/g, ' ').slice(0, 200)}`);
  assert.deepEqual(lost, [], 'no word of the source is missing from what is shown');
  assert.ok(stats.formulas > 0);
  assert.ok(stats.errors.length <= maxErrors, `${stats.errors.length} KaTeX errors (at most ${maxErrors} expected)`);
}

describe('bundled data renders without losing text', function () {
  this.timeout(120_000);

  it('MATH500: every question', () => {
    const data = rows('samples/math500.jsonl');
    check('MATH500 questions', data.map((r) => ({ id: String(r.unique_id), text: String(r.problem) })), 0);
  });

  it('MATH500: every reference solution', () => {
    const data = rows('samples/math500.jsonl');
    check('MATH500 solutions', data.map((r) => ({ id: String(r.unique_id), text: String(r.solution) })), 0);
  });

  it('AIME24: every question and solution', () => {
    const data = rows('samples/aime24.jsonl');
    check('AIME24', data.flatMap((r) => [{ id: `${r.id} problem`, text: String(r.problem) }, { id: `${r.id} solution`, text: String(r.solution) }]), 1);
  });

  it('s1K sample: questions, solutions, thinking and attempts', () => {
    const data = rows('samples/s1k-sample-5.jsonl');
    const fields = ['question', 'solution', 'gemini_thinking_trajectory', 'gemini_attempt'];
    check('s1K sample', data.flatMap((r, i) => fields.map((f) => ({ id: `row ${i} ${f}`, text: String(r[f] ?? '') }))), 0);
  });
});
