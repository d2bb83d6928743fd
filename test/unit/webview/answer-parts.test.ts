// A long trace answer is inserted a part at a time after the sample's first screen is painted: the parts must
// show exactly what the whole answer showed (same text, same HTML), on real s1K answers and on the markdown
// blocks a blank line does not end.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { answerParts } from '../../../webview/answer-parts';
import { renderMarkdown } from '../../../webview/markdown';

const s1k = fs.readFileSync(path.join(__dirname, '../../../../samples/s1k-sample-5.jsonl'), 'utf8').trim().split('\n')
  .map((l) => JSON.parse(l) as { question: string; solution: string; gemini_attempt: string; gemini_thinking_trajectory: string });

/** The parts rendered one after another, as the panel inserts them. */
const partsHtml = (text: string, size: number) => answerParts(text, size).map((p) => renderMarkdown(p)).join('');

describe('answer parts', () => {
  it('cuts the real s1K answers, solutions and thinking into parts that render to the same HTML as the whole', () => {
    let cuts = 0;
    for (const r of s1k) {
      for (const text of [r.gemini_attempt, r.solution, r.gemini_thinking_trajectory]) {
        const parts = answerParts(text, 300);
        assert.equal(parts.join(''), text, 'no character lost or added');
        assert.ok(parts.every((p) => p.length > 0));
        cuts += parts.length - 1;
        assert.equal(partsHtml(text, 300), renderMarkdown(text));
      }
    }
    assert.ok(cuts > 20, `the real texts were cut (${cuts} cuts)`);
  });

  it('keeps a short answer whole, and a long one in parts of about the size asked', () => {
    assert.deepEqual(answerParts('The answer is $42$.'), ['The answer is $42$.']);
    const long = Array.from({ length: 40 }, (_, i) => `Step ${i}: we find $x_${i} = ${i}$ and go on with the next case.`).join('\n\n');
    const parts = answerParts(long, 500);
    assert.ok(parts.length >= 4, `${parts.length} parts`);
    assert.ok(parts.slice(0, -1).every((p) => p.length >= 500 && p.length < 600), parts.map((p) => p.length).join(' '));
    assert.equal(partsHtml(long, 500), renderMarkdown(long));
  });

  it('never cuts inside a code fence, display math, an environment or a list, where a blank line does not end the block', () => {
    const pad = 'Some words before the block that make this paragraph long enough to cut after it.';
    const cases = [
      `${pad}\n\n\`\`\`\ncode line\n\n${pad}\n\nmore code\n\`\`\`\n\nAfter the fence.`,
      `${pad}\n\n$$\na + b\n\n= c\n$$\n\nAfter the display.`,
      `${pad}\n\n\\[ x\n\n= y \\]\n\nAfter the bracket.`,
      `${pad}\n\n\\begin{align*} a &= b \\\\\n\n c &= d \\end{align*}\n\nAfter the environment.`,
      `${pad}\n\n1. first item ${pad}\n\n2. second item ${pad}\n\n3. third item\n\nAfter the list.`,
      `${pad}\n\n- item ${pad}\n\n    its second paragraph ${pad}\n\n- next item\n\nAfter.`,
    ];
    for (const text of cases) {
      for (const size of [10, 40, 90, 120]) {
        const parts = answerParts(text, size);
        assert.equal(parts.join(''), text);
        assert.equal(partsHtml(text, size), renderMarkdown(text), `cut at ${size}: ${JSON.stringify(parts.map((p) => p.slice(0, 30)))}`);
      }
    }
  });
});
