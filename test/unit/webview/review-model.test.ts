// The panel's logic without a browser: key commands, undo, list windows, math and hostile text rendering.
import assert from 'node:assert/strict';
import { actionFor, moveIndex, UndoStack, visibleRange } from '../../../webview/review-model';
import { normaliseMathDelimiters, renderMarkdown } from '../../../webview/markdown';

describe('review panel logic', () => {
  const labels = ['wrong-answer', 'ascii-art'];

  it('maps commands to actions, number keys to the label in that position', () => {
    assert.deepEqual(actionFor('next', labels), { kind: 'move', delta: 1 });
    assert.deepEqual(actionFor('reject', labels), { kind: 'status', status: 'rejected' });
    assert.deepEqual(actionFor('label:2', labels), { kind: 'label', label: 'ascii-art' });
    assert.equal(actionFor('label:9', labels), null, 'no ninth label: nothing happens');
  });

  it('clamps moves and computes the rendered window of a 59K list', () => {
    assert.equal(moveIndex(0, -1, 10), 0);
    assert.equal(moveIndex(9, 1, 10), 9);
    assert.deepEqual(visibleRange(44 * 30000, 880, 44, 59029), { from: 29990, to: 30030 });
    assert.deepEqual(visibleRange(0, 880, 44, 5), { from: 0, to: 5 });
  });

  it('undo returns entries last-in first-out and forgets beyond its limit', () => {
    const u = new UndoStack(2);
    u.push({ kind: 'status', id: 1, previous: 'unreviewed' });
    u.push({ kind: 'label', id: 2, label: 'x' });
    u.push({ kind: 'label', id: 3, label: 'y' });
    assert.deepEqual([u.pop(), u.pop(), u.pop()], [{ kind: 'label', id: 3, label: 'y' }, { kind: 'label', id: 2, label: 'x' }, undefined]);
  });
});

describe('trace rendering', () => {
  it('renders math with KaTeX and shows a bad formula inline instead of throwing', () => {
    assert.match(renderMarkdown('so $\\frac{1}{2}$ holds'), /class="katex"/);
    assert.match(renderMarkdown('bad $\\frac{1}{$ here'), /katex-error/);
    assert.match(renderMarkdown('\\begin{align*} a &= b \\end{align*}'), /katex-display/);
    assert.equal(normaliseMathDelimiters('$$\\begin{align*}x\\end{align*}$$'), '$$\\begin{align*}x\\end{align*}$$', 'already delimited: unchanged');
    assert.match(renderMarkdown('\\(x^2\\) and \\[y\\]'), /katex[\s\S]*katex-display/);
  });

  it('keeps hostile text inert: no tags, no javascript: links, no trusted KaTeX commands', () => {
    const out = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) $\\href{javascript:alert(1)}{y}$ <b>raw</b>');
    assert.doesNotMatch(out, /<script|<img|<b>|href="javascript/i);
    assert.match(out, /&lt;script&gt;/);
    assert.doesNotMatch(out, /<a /, 'the javascript: link is not a link');
  });
});
