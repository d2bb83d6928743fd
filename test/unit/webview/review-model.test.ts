// The panel's logic without a browser: key commands, undo, list windows, filter edits, math and hostile text rendering.
import assert from 'node:assert/strict';
import { actionFor, compareClick, diffKey, LatestOnly, listKeyIndex, moveIndex, noteLabel, pagesToLoad, RowPages, UndoStack, visibleRange, withFilterField } from '../../../webview/review-model';
import { renderMarkdown } from '../../../webview/markdown';
import { pageMoveKey } from '../../../webview/move-keys';
import { splitMath } from '../../../webview/math-tokens';

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

  it('moves the selection by the list keys: arrows, Home/End, a screenful by PageUp/PageDown, clamped', () => {
    const at = (key: string, index: number) => listKeyIndex(key, index, 100, 18);
    assert.deepEqual([at('ArrowDown', 5), at('ArrowUp', 5), at('Home', 50), at('End', 3), at('PageDown', 5), at('PageUp', 30)], [6, 4, 0, 99, 23, 12]);
    assert.deepEqual([at('ArrowUp', 0), at('ArrowDown', 99), at('PageDown', 95), at('PageUp', 4)], [0, 99, 99, 0]);
    assert.equal(at('j', 5), null, 'letters are keybindings, not list keys');
    assert.equal(listKeyIndex('End', 0, 0, 18), 0, 'an empty list stays at 0');
  });

  it('Compare… marks a trace, unmarks it, or diffs it with the one marked (of any sample)', () => {
    assert.deepEqual(compareClick(null, 7), { kind: 'mark', traceId: 7 });
    assert.deepEqual(compareClick({ traceId: 7, sampleId: 1 }, 7), { kind: 'unmark' });
    assert.deepEqual(compareClick({ traceId: 7, sampleId: 1 }, 42), { kind: 'diff', left: 7, right: 42 });
  });

  it('d diffs two traces, marks a lone one, and diffs a trace marked on another sample with this one', () => {
    assert.deepEqual(diffKey(null, 1, [3, 4, 5]), { kind: 'diff', left: 3, right: 4 });
    assert.deepEqual(diffKey(null, 1, [3]), { kind: 'mark', traceId: 3 }, 'one trace: marked, not an error');
    assert.deepEqual(diffKey({ traceId: 3, sampleId: 1 }, 2, [9]), { kind: 'diff', left: 3, right: 9 });
    assert.deepEqual(diffKey({ traceId: 3, sampleId: 1 }, 1, [3]), { kind: 'none' }, 'the lone trace is already marked');
    assert.deepEqual(diffKey({ traceId: 4, sampleId: 1 }, 1, [3, 4]), { kind: 'diff', left: 4, right: 3 });
    assert.deepEqual(diffKey(null, 1, []), { kind: 'none' });
  });

  it('undo returns entries last-in first-out and forgets beyond its limit', () => {
    const u = new UndoStack(2);
    u.push({ kind: 'status', id: 1, previous: 'unreviewed' });
    u.push({ kind: 'label', id: 2, label: 'x' });
    u.push({ kind: 'label', id: 3, label: 'y' });
    assert.deepEqual([u.pop(), u.pop(), u.pop()], [{ kind: 'label', id: 3, label: 'y' }, { kind: 'label', id: 2, label: 'x' }, undefined]);
  });
});

describe('review panel state', () => {
  it('turns filter controls into the filter: empty is any, lengths in thousands, budget inf is unlimited', () => {
    const f = { dataset: 'd', status: 'flagged' as const };
    assert.deepEqual(withFilterField(f, 'status', ''), { dataset: 'd', status: undefined }, 'any status');
    assert.deepEqual(withFilterField(f, 'minChars', '5'), { ...f, minChars: 5000 });
    assert.deepEqual(withFilterField({ ...f, maxChars: 9000 }, 'maxChars', ' '), { ...f, maxChars: undefined });
    assert.deepEqual(withFilterField(f, 'budget', 'inf'), { ...f, budget: null }, 'the unlimited budget');
    assert.deepEqual(withFilterField(f, 'budget', '512'), { ...f, budget: 512 });
    assert.deepEqual(withFilterField(f, 'budget', ''), { ...f, budget: undefined }, 'any budget');
    assert.deepEqual(withFilterField(f, 'search', '  prime  '), { ...f, search: 'prime' });
    assert.deepEqual(withFilterField({ ...f, search: 'x' }, 'search', '   '), { ...f, search: undefined });
    assert.deepEqual(f, { dataset: 'd', status: 'flagged' }, 'the filter shown is not changed in place');
  });

  it('fetches each page of the rows on screen once, and none past the end', () => {
    assert.deepEqual(pagesToLoad(190, 230, 1000, new Set(), 200), [0, 1]);
    assert.deepEqual(pagesToLoad(190, 230, 1000, new Set([0]), 200), [1], 'page 0 is already on its way');
    assert.deepEqual(pagesToLoad(0, 0, 0, new Set(), 200), [], 'an empty list asks for nothing');
    assert.deepEqual(pagesToLoad(390, 420, 400, new Set(), 200), [1], 'no page beyond the last row');
  });

  it('a fast scroll fetches one range at a time, each the latest asked for, not every place it passed', async () => {
    const ran: number[] = [];
    const errors: unknown[] = [];
    let release: () => void = () => undefined;
    const latest = new LatestOnly<number>((v) => { ran.push(v); return v === 4 ? Promise.reject(new Error('gone')) : new Promise<void>((r) => { release = r; }); }, (e) => errors.push(e));
    latest.want(1);
    latest.want(2);
    latest.want(3); // 2 is passed over while 1 is on its way
    assert.deepEqual(ran, [1]);
    release();
    await new Promise((r) => setTimeout(r, 0));
    assert.deepEqual(ran, [1, 3], 'the latest one next');
    release();
    await new Promise((r) => setTimeout(r, 0));
    latest.want(4); // fails: reported, and the next one still runs
    await new Promise((r) => setTimeout(r, 0));
    latest.want(5);
    assert.deepEqual(ran, [1, 3, 4, 5]);
    assert.equal(errors.length, 1);
  });

  it('keeps fetched rows by position, asks for each page once, and patches a row after a status key', async () => {
    const asked: number[] = [];
    const pages = new RowPages(async (offset, limit) => {
      asked.push(offset);
      const rows = Array.from({ length: Math.min(limit, 5 - offset) }, (_, i) => ({ id: 100 + offset + i, status: 'unreviewed' as const, source: null, domain: null, preview: '', traceChars: 0, labels: [] }));
      return { total: 5, offset, rows };
    }, 2);
    assert.equal(pages.pageOf(3), 1);
    assert.deepEqual((await pages.load(1)).rows.map((r) => r.id), [102, 103]);
    assert.deepEqual(pages.missing(0, 5, 5), [0, 2], 'page 1 is loaded');
    await Promise.all(pages.missing(0, 5, 5).map((p) => pages.load(p)));
    assert.deepEqual(pages.rows.map((r) => r?.id), [100, 101, 102, 103, 104]);
    assert.deepEqual(pages.missing(0, 5, 5), []);
    pages.patch(103, { status: 'accepted' });
    assert.equal(pages.rows[pages.indexOf(103)]?.status, 'accepted');
    pages.clear();
    assert.deepEqual([pages.rows.length, pages.missing(0, 5, 5)], [0, [0, 1, 2]], 'a new filter starts empty');
    assert.deepEqual(asked, [2, 0, 4]);
  });

  it('writes a note on the label a person set last, else on other', () => {
    assert.equal(noteLabel([{ label: 'a', origin: 'human' }, { label: 'truncated', origin: 'detector:truncated' }, { label: 'b', origin: 'human' }]), 'b');
    assert.equal(noteLabel([{ label: 'truncated', origin: 'detector:truncated' }]), 'other');
  });
});

describe('trace rendering', () => {
  it('renders math with KaTeX and shows a bad formula inline instead of throwing', () => {
    assert.match(renderMarkdown('so $\\frac{1}{2}$ holds'), /class="katex"/);
    assert.match(renderMarkdown('bad $\\frac{1}{$ here'), /katex-error/);
    assert.match(renderMarkdown('\\begin{align*} a &= b \\end{align*}'), /katex-display/);
    assert.deepEqual(splitMath('$$\\begin{align*}x\\end{align*}$$').map((s) => s.kind), ['math'], 'already delimited: one formula');
    assert.match(renderMarkdown('\\(x^2\\) and \\[y\\]'), /katex[\s\S]*katex-display/);
  });

  it('keeps hostile text inert: no tags, no javascript: links, no trusted KaTeX commands', () => {
    const out = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) $\\href{javascript:alert(1)}{y}$ <b>raw</b>');
    assert.doesNotMatch(out, /<script|<img|<b>|href="javascript/i);
    assert.match(out, /&lt;script&gt;/);
    assert.doesNotMatch(out, /<a /, 'the javascript: link is not a link');
  });
});

describe('keys the panel moves by itself', () => {
  it('j and k without modifiers move; J, ctrl+j and other keys are left to VS Code', () => {
    const key = (k: string, mods: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey', boolean>> = {}) =>
      pageMoveKey({ key: k, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...mods });
    assert.deepEqual(key('j'), { kind: 'move', delta: 1 });
    assert.deepEqual(key('k'), { kind: 'move', delta: -1 });
    assert.equal(key('J', { shiftKey: true }), null);
    assert.equal(key('j', { ctrlKey: true }), null);
    assert.equal(key('a'), null);
  });
});
