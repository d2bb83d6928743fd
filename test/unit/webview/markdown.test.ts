// Trace text rendering: math delimiters found by one linear tokenizer, a failed formula confined to its own
// span, hostile text that makes no request, and math too heavy to lay out shown as its source.
import { strict as assert } from 'node:assert';
import katex from 'katex';
import { inlineSource, isSafeLink, renderAnswer, renderMarkdown } from '../../../webview/markdown';
import { mathLimit } from '../../../webview/math-render';
import { splitMath } from '../../../webview/math-tokens';
import { cpuGrowth } from '../cpu-growth';

const kinds = (s: string) => splitMath(s).map((x) => (x.kind === 'text' ? `t:${x.text}` : `${x.display ? 'D' : 'i'}:${x.tex}`));

describe('math delimiters', () => {
  it('finds \\[ \\], \\( \\), $$ and $ and leaves escaped dollars, amounts and unclosed delimiters as text', () => {
    assert.deepEqual(kinds('a \\[x\\] b \\(y\\) c $$z$$ d $w$.'), ['t:a ', 'D:x', 't: b ', 'i:y', 't: c ', 'D:z', 't: d ', 'i:w', 't:.']);
    assert.deepEqual(kinds('costs \\$5 and $5 and $10 today'), ['t:costs \\$5 and $5 and $10 today']);
    assert.deepEqual(kinds('open \\( never closed, then $x$'), ['t:open \\( never closed, then ', 'i:x']);
    assert.deepEqual(kinds('$a$$b$'), ['i:a', 'i:b']);
    assert.deepEqual(kinds('Let $ \\mathcal{H}$ be'), ['t:Let ', 'i: \\mathcal{H}', 't: be']);
    assert.deepEqual(kinds('I have $ 5 and you $x$'), ['t:I have $ 5 and you ', 'i:x']);
    assert.deepEqual(kinds('`$x$` and ```\n$$y$$\n``` then $z$'), ['t:`$x$` and ```\n$$y$$\n``` then ', 'i:z']);
    assert.deepEqual(kinds('inline $x\n\ny$ never spans paragraphs'), ['t:inline $x\n\ny$ never spans paragraphs']);
    assert.deepEqual(kinds('\\begin{align*} a &= b \\end{align*}').map((k) => k[0]), ['D']);
  });

  it('renders the MATH500 question with \\[ \\] next to $ as four formulas, losing none of its text', () => {
    const q = 'Define\n\\[p = \\sum_{k = 1}^\\infty \\frac{1}{k^2} \\quad \\text{and} \\quad q = \\sum_{k = 1}^\\infty \\frac{1}{k^3}.\\]Find a way to write\n\\[\\sum_{j = 1}^\\infty \\sum_{k = 1}^\\infty \\frac{1}{(j + k)^3}\\]in terms of $p$ and $q.$';
    const html = renderMarkdown(q);
    assert.equal(html.match(/class="math math-display"/g)?.length, 2);
    assert.equal(html.match(/class="math math-inline"/g)?.length, 2);
    assert.doesNotMatch(html, /katex-error/);
    assert.match(html, /in terms of/);
  });

  it('confines a failed formula to its own span, showing its source', () => {
    const html = renderMarkdown('good $x^2$ then bad $\\frac{1}{$ then good $y$ end');
    assert.match(html, /<span class="math-source katex-error" title="[^"]*">\$\\frac\{1\}\{\$<\/span>/);
    assert.equal(html.match(/class="math math-inline"/g)?.length, 2);
    assert.match(html, / end<\/p>/);
  });

  it('knows old AoPS macros and tabular math', () => {
    for (const tex of ['$1 \\minus 2 \\equal \\minus 1$', '$\\mbox{if } x \\plus 1$', '$\\begin{array}{@{}c@{\\;}c} 1 & 2 \\\\ \\cline{1-2} 3 & 4\\end{array}$',
      '\\begin{eqnarray*} a & = & b \\end{eqnarray*}', '$\\dfrac{1}{2}$']) {
      assert.doesNotMatch(renderMarkdown(tex), /katex-error/, tex);
    }
  });

  it('is linear on unclosed delimiters: \\( and $ never closed, 25 KB against 200 KB', () => {
    const inputs: ((k: number) => string)[] = [
      (k) => '\\(' + 'a'.repeat(25_000 * k), (k) => '\\( a '.repeat(5_000 * k), (k) => '$5 and '.repeat(3_750 * k),
      (k) => '\\begin{align} x '.repeat(1_500 * k),
    ];
    for (const make of inputs) {
      // A fresh text per round: a text rendered once is cached, and the cache would time nothing.
      let round = 0;
      const growth = cpuGrowth((k) => { renderMarkdown(make(k) + ' '.repeat(++round)); });
      assert.ok(growth < 24, `CPU grew ${growth.toFixed(1)}x for 8x the text on ${make(1).slice(0, 12)}…`);
    }
  });

  it('renders a text once: the second render of the same text is a cache hit', () => {
    const text = `$$\\sum_{k=1}^{${Date.now()}} \\frac{1}{k^2}$$`.repeat(200);
    const t0 = performance.now();
    const first = renderMarkdown(text);
    const cold = performance.now() - t0;
    const t1 = performance.now();
    assert.equal(renderMarkdown(text), first);
    assert.ok(performance.now() - t1 < cold / 5, 'cached');
  });
});

describe('hostile trace text', () => {
  it('makes no request: images become text naming the address, relative and host-less links are not links', () => {
    const html = renderMarkdown('![cat](https://x.vscode-cdn.net/a.png) ![p](http:/proxy/8080/x) ![r](/absproxy/3000/) [a](http:/proxy/1) [b](/absproxy/2) [c](//evil.com/x) [d](https:evil.com) [e](https://ok.example/p)');
    assert.doesNotMatch(html, /<img/i);
    assert.match(html, /\[image: cat\] <code>https:\/\/x\.vscode-cdn\.net\/a\.png<\/code>/);
    assert.deepEqual([...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]), ['https://ok.example/p']);
    for (const bad of ['http:/proxy/1', '/absproxy/2', '//evil.com', 'https:evil.com', 'http://', 'javascript:alert(1)', 'data:text/html,x', 'vscode://cmd']) assert.equal(isSafeLink(bad), false, bad);
    assert.equal(isSafeLink('http://localhost:8080/x'), true);
  });

  it('keeps tags, javascript: links and trusted KaTeX commands inert', () => {
    const out = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) $\\href{javascript:alert(1)}{y}$ $\\includegraphics{https://e/x.png}$ <b>raw</b>');
    assert.doesNotMatch(out, /<script|<img|<b>|href="javascript|<[^>]+\ssrc=/i);
    assert.match(out, /&lt;script&gt;/);
  });

  it('draws no coloured box: \\colorbox and \\fcolorbox cannot paint a fake "ACCEPTED" badge, their text stays', () => {
    const out = renderMarkdown('$\\colorbox{green}{ACCEPTED}$ and $\\fcolorbox{red}{#0f0}{correct}$ and $\\colorbox{#00ff00}{x ok}$');
    const layout = out.replace(/<span class="katex-mathml">[\s\S]*?<\/span><span class="katex-html"/g, '<span class="katex-html"');
    assert.doesNotMatch(layout, /background|border-color|color:/, 'no colour in the laid-out boxes');
    assert.equal(out.match(/class="katex"/g)?.length, 3, 'each still renders as math');
    assert.doesNotMatch(out, /katex-error|math-source/);
    assert.match(layout, /ACCEPTED[\s\S]*correct[\s\S]*ok/);
  });

  it('shows math too heavy to lay out as its source, before KaTeX runs', () => {
    const deep = `$${'\\underbrace{'.repeat(500)}x${'}_{a}'.repeat(500)}$`;
    const tower = `$${'x^{'.repeat(1000)}1${'}'.repeat(1000)}$`;
    const fracs = `$${'\\frac{1}{'.repeat(200)}x${'}'.repeat(200)}$`;
    for (const tex of [deep, tower, fracs, '$\\raisebox{-1000em}{x}$', '$\\rule{1em}{900em}$', '$\\kern-50em\\kern-50em x$', '$\\def\\a{-1000}\\raisebox{\\a em}{x}$']) {
      assert.notEqual(mathLimit(tex.slice(1, -1)), null, `refused by the check before KaTeX: ${tex.slice(0, 20)}`);
      const html = renderMarkdown(tex);
      assert.match(html, /class="math-source math-refused"/, tex.slice(0, 30));
      assert.doesNotMatch(html, /class="katex"/);
    }
    assert.equal(mathLimit('\\left( \\frac{a}{b} \\right) \\leftarrow \\rightarrow'), null);
    // Before KaTeX, not after it: the deep one costs KaTeX itself hundreds of ms (CPU, against KaTeX in this run).
    const cpu = (f: () => void) => { const c0 = process.cpuUsage(); f(); const c = process.cpuUsage(c0); return c.user + c.system; };
    const refused = Math.min(...[1, 2, 3].map((i) => cpu(() => renderMarkdown(deep + ' '.repeat(i))))); // distinct texts: no cache
    const laidOut = cpu(() => { try { katex.renderToString(deep.slice(1, -1), { throwOnError: false }); } catch { /* too deep for KaTeX too */ } });
    assert.ok(refused * 10 < laidOut, `refused in ${refused} us of CPU, KaTeX took ${laidOut} us`);
  });
});

describe('gold answers and list rows', () => {
  it('renders a bare LaTeX gold answer as math and a word as text', () => {
    assert.match(renderAnswer('\\left( 3, \\frac{\\pi}{2} \\right)'), /class="math math-inline"/);
    assert.equal(renderAnswer('Monday'), '<p>Monday</p>');
    assert.match(renderAnswer('$x = 2$ or $x = 3$'), /math-inline[\s\S]*math-inline/);
  });

  it('a list row is one line of the source, bounded', () => {
    const row = inlineSource('Find $\\frac{1}{2}$ of\n\n$$x^2$$ and then $\\sqrt{2' + 'x'.repeat(400));
    assert.ok(row.startsWith('Find $\\frac{1}{2}$ of $$x^2$$ and then'));
    assert.equal(row.length, 160 - 1, 'at most 160 characters of source, the blank line collapsed');
  });
});
