// One formula through KaTeX, bounded: a formula too long, too deeply nested or with too large a size is shown
// as its source, never laid out (500-deep \underbrace took a second; \raisebox{-1000em} made the page
// 100,000 px tall, and KaTeX's maxSize does not cap negative sizes). A formula KaTeX refuses shows its source
// too: a failure stays inside its own span and never takes neighbouring text with it.
import katex from 'katex';
import { escapeHtml } from './escape';

/** Longest formula rendered as math (the longest in the bundled data is about 3,000 characters). */
export const MAX_TEX_CHARS = 12_000;
/** Deepest nesting of groups ({…}, \left…\right, \begin…\end). Real formulas stay under 15. */
export const MAX_TEX_DEPTH = 24;
/** Sum of explicit sizes (\raisebox{-1000em}, \rule, \kern, \hspace…) in em. */
export const MAX_TEX_SIZE_EM = 60;
/** Largest size KaTeX may lay out in its output (height, depth, a shift), in em. */
const MAX_LAYOUT_EM = 400;

/**
 * Old AoPS and LaTeX macros that KaTeX lacks (seen in MATH500, AIME and s1K text). KaTeX already has \dfrac,
 * \tfrac, \over, \choose, \le, \ge, \bold, \Bbb, \degree and \emph.
 */
export const MACROS: Readonly<Record<string, string>> = {
  '\\minus': '-',
  '\\plus': '+',
  '\\equal': '=',
  '\\mbox': '\\text{#1}',
  '\\textsc': '\\text{#1}',
  '\\textsuperscript': '^{\\text{#1}}',
  '\\textdollar': '\\$',
  '\\textdegree': '^\\circ',
  '\\framebox': '\\fbox{#1}',
  '\\cancelto': '\\overset{#1}{\\cancel{#2}}',
  '\\arc': '\\overset{\\frown}{#1}',
  '\\overarc': '\\overset{\\frown}{#1}',
  '\\overparen': '\\overset{\\frown}{#1}',
  '\\nicefrac': '{}^{#1}\\!/\\!{}_{#2}',
  '\\lcm': '\\operatorname{lcm}',
  '\\cr': '\\\\',
  '\\vspace': '',
  // The span and alignment are dropped (kept invisible, as macros must use every argument).
  '\\multicolumn': '\\vphantom{\\text{#1#2}}#3',
  // KaTeX has no \cline: a full rule, its column range kept invisible so the next cell is unchanged.
  '\\cline': '\\hline\\vphantom{\\text{#1}}',
  // Coloured boxes could draw a fake "ACCEPTED" / "correct" badge inside trace text: the box's content only.
  // The colours are read by an empty \textcolor so that any colour KaTeX accepts (#0f0, green) still parses.
  '\\colorbox': '{\\textcolor{#1}{}}\\text{#2}',
  '\\fcolorbox': '{\\textcolor{#1}{}\\textcolor{#2}{}}\\fbox{#3}',
};

/**
 * LaTeX that KaTeX lacks but that has a close equivalent: eqnarray (an rcl array) and @{…} in array column
 * specs (inter-column material, dropped).
 */
export function adaptTex(tex: string): string {
  return tex
    .replace(/\\(begin|end)\{eqnarray\*?\}/g, (_m, be: string) => (be === 'begin' ? '\\begin{array}{rcl}' : '\\end{array}'))
    .replace(/(\\begin\{array\}\{)((?:[^{}]|\{[^{}]*\})*)\}/g, (_m, open: string, spec: string) => `${open}${spec.replace(/@\{[^{}]*\}/g, '')}}`);
}

const OPTIONS = { throwOnError: true, trust: false, strict: 'ignore', maxSize: 20, maxExpand: 500, output: 'html' } as const;

/** Em per unit, roughly (TeX's units at 10pt). */
const EM_PER: Record<string, number> = { em: 1, ex: 0.43, mu: 1 / 18, pt: 0.1, bp: 0.1, px: 0.1, dd: 0.107, pc: 1.2, cc: 1.28,
  mm: 0.28, cm: 2.85, in: 7.2, sp: 0, nd: 0.1, nc: 1.28 };

/** Why a formula is not laid out, or null when it may be. Linear in its length. */
export function mathLimit(tex: string): string | null {
  if (tex.length > MAX_TEX_CHARS) return `longer than ${MAX_TEX_CHARS} characters`;
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '\\') {
      // \{ \} are braces drawn, not groups; \left \right and \begin \end nest like groups.
      const word = /^[a-zA-Z]*/.exec(tex.slice(i + 1, i + 8))![0];
      if (word === 'left' || word === 'begin') depth++;
      else if (word === 'right' || word === 'end') depth--;
      i += Math.max(1, word.length);
    } else if (c === '{') depth++;
    else if (c === '}') depth--;
    if (depth > deepest) deepest = depth;
  }
  if (deepest > MAX_TEX_DEPTH) return `nested deeper than ${MAX_TEX_DEPTH}`;
  let size = 0;
  for (const m of tex.matchAll(/([0-9]*\.?[0-9]+)\s*(em|ex|mu|pt|bp|px|dd|pc|cc|mm|cm|in|sp|nd|nc)/g)) size += Number(m[1]) * (EM_PER[m[2]] ?? 1);
  if (size > MAX_TEX_SIZE_EM) return `sizes add up to more than ${MAX_TEX_SIZE_EM}em`;
  // Macros may build sizes out of pieces (\def\a{-1000}\raisebox{\a em}): no definitions in trace text.
  if (/\\(?:def|gdef|edef|xdef|let|futurelet|global|newcommand|renewcommand|providecommand)(?![a-zA-Z])/.test(tex)) return 'defines macros';
  return null;
}

/** The largest size in KaTeX's layout styles (height, depth, top, margins, widths), in em. */
function largestLayout(out: string): number {
  let max = 0;
  for (const m of out.matchAll(/:\s*-?([0-9]*\.?[0-9]+)em/g)) max = Math.max(max, Number(m[1]));
  return max;
}

export interface MathHtml { html: string; ok: boolean; error?: string }

/** HTML for one formula; `source` (delimiters included) is what a refused or failed formula shows. */
export function renderMath(tex: string, display: boolean, source: string): MathHtml {
  const cls = display ? 'math math-display' : 'math math-inline';
  const refused = mathLimit(tex);
  if (refused) return failed(`not rendered as math: ${refused}`, source, display, 'math-refused');
  let out: string;
  try {
    out = katex.renderToString(adaptTex(tex), { ...OPTIONS, displayMode: display, macros: { ...MACROS } });
  } catch (e) {
    return failed(String((e as Error).message ?? e), source, display, 'katex-error');
  }
  if (largestLayout(out) > MAX_LAYOUT_EM) return failed(`not rendered as math: larger than ${MAX_LAYOUT_EM}em`, source, display, 'math-refused');
  // HTML only: KaTeX's hidden MathML copy doubled the elements each formula adds to the page, and laying them out
  // was most of the time a key like `j` took on math-heavy samples. Screen readers get the TeX source instead.
  return { html: `<span class="${cls}" role="math" aria-label="${escapeHtml(tex)}">${out}</span>`, ok: true };
}

function failed(error: string, source: string, display: boolean, cls: string): MathHtml {
  return { html: `<span class="math-source ${cls}${display ? ' math-display' : ''}" title="${escapeHtml(error)}">${escapeHtml(source)}</span>`, ok: false, error };
}
