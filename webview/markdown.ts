// Trace text is untrusted: markdown with raw HTML disabled, math through KaTeX with trust off and errors
// shown inline, links limited to http(s) (markdown-it's validateLink already refuses javascript:).
import MarkdownIt from 'markdown-it';
import katexPlugin from '@vscode/markdown-it-katex';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: true });
md.use(katexPlugin, { throwOnError: false, trust: false, strict: false, maxSize: 20, maxExpand: 200 });
md.validateLink = (url: string) => /^https?:/i.test(url.trim());

/**
 * Converts \( \) and \[ \] (common in traces) to the $ delimiters the KaTeX plugin reads, and gives a bare
 * \begin{align*}…\end{align*} (and equation, gather, multline) display delimiters.
 */
export function normaliseMathDelimiters(text: string): string {
  return text
    .replace(/\\\[([\s\S]+?)\\\]/g, (_m, x: string) => `$$${x}$$`)
    .replace(/\\\(([\s\S]+?)\\\)/g, (_m, x: string) => `$${x}$`)
    .replace(/(\$\$\s*)?(\\begin\{(align|equation|gather|multline)(\*?)\}[\s\S]*?\\end\{\3\4\})(\s*\$\$)?/g,
      (m, open: string | undefined, env: string, _n: string, _s: string, close: string | undefined) => (open || close ? m : `$$${env}$$`));
}

/** HTML for a piece of trace text. Never throws: a renderer failure shows the text escaped. */
export function renderMarkdown(text: string): string {
  try {
    return md.render(normaliseMathDelimiters(text));
  } catch (e) {
    return `<pre class="render-error">${escapeHtml(text)}</pre><p class="error">render error: ${escapeHtml(String(e))}</p>`;
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
