// Trace text is untrusted: markdown with raw HTML disabled, math through KaTeX with trust off, each formula
// on its own (a failure shows that formula's source, never its neighbours'), links only to absolute
// http(s) addresses and images shown as text, so rendering a trace never makes a request.
//
// Math is found first (math-tokens.ts) and stood in for by placeholders while markdown renders the rest, so
// markdown's escapes never touch LaTeX (\\ and \{ stay as written) and delimiters need no rewriting.
import MarkdownIt from 'markdown-it';
import { escapeHtml } from './escape';
import { Lru } from './lru';
import { renderMath, type MathHtml } from './math-render';
import { splitMath, type MathSegment } from './math-tokens';

export { escapeHtml } from './escape';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: true });

/** Only absolute http(s) links with a host: no relative, host-less (http:/x) or other schemes. */
export function isSafeLink(url: string): boolean {
  return /^https?:\/\/[^\s/\\?#@]+(?:[/?#]|$)/i.test(url.trim());
}
md.validateLink = isSafeLink;

// An image in trace text would be fetched as soon as the sample is shown: show its alt text and address instead.
md.renderer.rules.image = (tokens, idx) => {
  const t = tokens[idx];
  const alt = t.children?.map((c) => c.content).join('') ?? t.content;
  return `<span class="image-ref" title="image not loaded">[image${alt ? `: ${escapeHtml(alt)}` : ''}] <code>${escapeHtml(String(t.attrGet('src') ?? ''))}</code></span>`;
};

// A link without text would show nothing: show its address.
md.renderer.rules.link_open = (tokens, idx, options, _env, self) =>
  self.renderToken(tokens, idx, options) + (tokens[idx + 1]?.type === 'link_close' ? escapeHtml(String(tokens[idx].attrGet('href') ?? '')) : '');

/** Placeholders for formulas while markdown renders the text around them (private-use characters). */
const INLINE_OPEN = '\uE000';
const DISPLAY_OPEN = '\uE002';
const CLOSE = '\uE001';
const PLACEHOLDER = /[\uE000\uE002](\d+)\uE001/g;

export interface RenderStats { formulas: number; errors: string[] }

/** Rendered HTML per text: Lit re-renders and reopened samples cost a lookup. */
const cache = new Lru<string>(400, 40_000_000, (h) => h.length);

/** HTML for a piece of trace text. Never throws: a renderer failure shows the text escaped. */
export function renderMarkdown(text: string, stats?: RenderStats): string {
  const hit = stats ? undefined : cache.get(text);
  if (hit !== undefined) return hit;
  let out: string;
  try {
    out = renderUncached(text, stats);
  } catch (e) {
    out = `<pre class="render-error">${escapeHtml(text)}</pre><p class="error">render error: ${escapeHtml(String(e))}</p>`;
  }
  cache.set(text, out);
  return out;
}

/**
 * Formulas rendered, by delimiters and TeX: a text is warmed one formula per step (warmMarkdown), and a sample's
 * texts share many formulas with the next slice of the same thinking.
 */
const mathCache = new Lru<MathHtml>(4_000, 8_000_000, (m) => m.html.length);

type MathSeg = Extract<MathSegment, { kind: 'math' }>;
const mathKey = (seg: MathSeg): string => `${seg.display ? 'D' : 'I'}${seg.tex}\u0000${seg.source}`;

function mathOf(seg: MathSeg): MathHtml {
  const key = mathKey(seg);
  const hit = mathCache.get(key);
  if (hit) return hit;
  const m = renderMath(seg.tex, seg.display, seg.source);
  mathCache.set(key, m);
  return m;
}

/**
 * Renders `text` into the cache a piece per step: each formula not rendered yet (KaTeX is most of the time),
 * then the markdown around them. A background slice runs as many steps as fit in its few milliseconds.
 */
export function* warmMarkdown(text: string): Generator<void, void, undefined> {
  if (cache.get(text) !== undefined) return;
  for (const seg of splitMath(text)) {
    if (seg.kind === 'math' && mathCache.get(mathKey(seg)) === undefined) {
      mathOf(seg);
      yield;
    }
  }
  renderMarkdown(text);
  yield;
}

/** renderAnswer's text, a piece per step (see warmMarkdown). */
export function* warmAnswer(answer: string): Generator<void, void, undefined> {
  if (splitMath(answer).some((s) => s.kind === 'math')) yield* warmMarkdown(answer);
  else renderAnswer(answer);
}

function renderUncached(text: string, stats?: RenderStats): string {
  const formulas: string[] = [];
  let src = '';
  for (const seg of splitMath(text)) {
    if (seg.kind === 'text') {
      // The text's own private-use characters must not pass for placeholders.
      src += seg.text.replace(/[\uE000-\uE002]/g, '\uFFFD');
      continue;
    }
    const m = mathOf(seg);
    if (stats) {
      stats.formulas++;
      if (!m.ok) stats.errors.push(`${m.error}: ${seg.source.slice(0, 120)}`);
    }
    src += `${seg.display ? DISPLAY_OPEN : INLINE_OPEN}${formulas.length}${CLOSE}`;
    formulas.push(m.html);
  }
  const html = md.render(src);
  if (!formulas.length) return html;
  return html
    // A display formula is a block of its own: the line breaks written around it would add empty lines.
    .replace(/<br>\n?(?=\uE002)/g, '')
    .replace(/(\uE002\d+\uE001)<br>\n?/g, '$1')
    .replace(PLACEHOLDER, (_m, i: string) => formulas[Number(i)] ?? '');
}

const answerCache = new Lru<string>(2_000, 4_000_000, (h) => h.length);

/**
 * The one-line source a list row shows: the first `maxChars` characters, whitespace collapsed. Plain text: math
 * typeset in every row cost the list 3x its worst scroll frame and 2x its search time (bench/panel.mjs).
 */
export const inlineSource = (text: string, maxChars = 160) => text.slice(0, maxChars).replace(/\s+/g, ' ');

/**
 * A gold answer: often bare LaTeX without delimiters (`\left( 3, \frac{\pi}{2} \right)`), sometimes text
 * with delimited math, sometimes a word.
 */
export function renderAnswer(answer: string): string {
  if (splitMath(answer).some((s) => s.kind === 'math')) return renderMarkdown(answer);
  if (!/[\\^_{}]/.test(answer)) return `<p>${escapeHtml(answer)}</p>`;
  const hit = answerCache.get(answer);
  if (hit !== undefined) return hit;
  const out = renderMath(answer, false, answer).html;
  answerCache.set(answer, out);
  return out;
}
