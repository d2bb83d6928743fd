// Each format's rows against the shape its trainer documents, and s1's text column character by character.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { fixture } from '../helpers';
import { rowFormat, sharegptDatasetInfo } from '../../../src/core/export/formats';
import { assistantTurn, pyStrip, s1AssistantContent, STRATOS_SYSTEM } from '../../../src/core/export/thinking';
import { conversationRenderer } from '../../../src/core/prompt/chat';
import type { ExportSampleRow, ExportTraceRow } from '../../../src/core/store/export-rows';

const trace = (over: Partial<ExportTraceRow> = {}): ExportTraceRow => ({ id: 1, producer: 'gemini', thinking: 'Add them: 2.', answer: 'The answer is $\\boxed{2}$.', grade: 1, finishReason: null, thinkingTokens: null, humanLabels: [], ...over });
const sample: ExportSampleRow = {
  id: 1, datasetId: 1, hash: 'h', question: 'What is 1+1?', solution: 'The answer is 2.', answer: null, source: 'qfq/openaimath/Algebra',
  domain: null, cotType: 'math', metadata: '{"level":1}', status: 'unreviewed', humanDecision: null, labels: [], traces: [],
};
const opts = { chat: conversationRenderer(undefined), teacherPairs: false };

describe('export formats', () => {
  it("s1's text is s1's tokenization.py string in Qwen2.5's template, character by character", () => {
    const [row] = rowFormat('s1', { ...opts, style: 's1' }).rows(sample, [trace({ thinking: '\n  Add them: 2.\n', answer: ' 2 ' })]);
    // tokenization.py: "<|im_start|>think\n" + "\n".join(trajectories).strip() + "\n<|im_start|>answer\n" + ("Answer: " + attempt).strip(),
    // as the assistant turn after the user turn, through Qwen2.5-32B-Instruct's apply_chat_template(tokenize=False).
    const expected = '<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n'
      + '<|im_start|>user\nWhat is 1+1?<|im_end|>\n'
      + '<|im_start|>assistant\n<|im_start|>think\nAdd them: 2.\n<|im_start|>answer\nAnswer:  2<|im_end|>\n';
    const text = row.text as string;
    assert.equal(text.length, expected.length);
    for (let i = 0; i < expected.length; i++) assert.equal(text[i], expected[i], `character ${i}`);
    assert.deepEqual(Object.keys(row), ['question', 'solution', 'cot_type', 'source_type', 'metadata', 'thinking_trajectories', 'attempt', 'text']);
    assert.deepEqual(row.thinking_trajectories, ['\n  Add them: 2.\n'], 'the trajectory column keeps the stored text as it is');
  });

  it('s1 keeps an attempt that already says "Answer:" and renders a model\'s own template (--chat-template) the same way', () => {
    assert.equal(s1AssistantContent(['x'], 'Final Answer: 4'), '<|im_start|>think\nx\n<|im_start|>answer\nFinal Answer: 4');
    const viaTemplate = rowFormat('s1', { ...opts, style: 's1', chat: conversationRenderer(fixture('eval', 'tokenizer_config.json')) }).rows(sample, [trace()])[0].text;
    const builtIn = rowFormat('s1', { ...opts, style: 's1' }).rows(sample, [trace()])[0].text;
    assert.equal(viaTemplate, builtIn);
  });

  it("strips as Python's str.strip does, not as trim()", () => {
    assert.equal(pyStrip('\u001f a \u0085'), 'a');
    assert.equal(pyStrip('\ufeffa'), '\ufeffa');
  });

  it("s1K-1.1's two teachers share one row: gemini_* and deepseek_* columns", () => {
    const rows = rowFormat('s1', { ...opts, style: 's1', teacherPairs: true }).rows(sample, [trace(), trace({ id: 2, producer: 'deepseek-r1', thinking: 'R1 thinks.', answer: '2' })]);
    assert.equal(rows.length, 1);
    assert.deepEqual([rows[0].thinking_trajectories, rows[0].gemini_thinking_trajectory, rows[0].deepseek_thinking_trajectory, rows[0].deepseek_attempt],
      [['Add them: 2.'], 'Add them: 2.', 'R1 thinks.', '2']);
  });

  it("messages is TRL's conversational format: role/content turns, system optional, thinking and answer in the assistant turn", () => {
    const [plain] = rowFormat('messages', { ...opts, style: 'think-tags' }).rows(sample, [trace()]);
    assert.deepEqual(plain, { messages: [
      { role: 'user', content: 'What is 1+1?' },
      { role: 'assistant', content: '<think>\nAdd them: 2.\n</think>\n\nThe answer is $\\boxed{2}$.' },
    ] });
    const [sys] = rowFormat('messages', { ...opts, style: 's1', system: 'Think.' }).rows(sample, [trace()]);
    assert.deepEqual((sys.messages as { role: string }[]).map((m) => m.role), ['system', 'user', 'assistant']);
    assert.equal((sys.messages as { content: string }[])[2].content, '<|im_start|>think\nAdd them: 2.\n<|im_start|>answer\nThe answer is $\\boxed{2}$.');
  });

  it("sharegpt is LLaMA-Factory's: human/gpt turns under from/value, and the dataset_info.json entry names them", () => {
    const [row] = rowFormat('sharegpt', { ...opts, style: 'think-tags', system: 'S' }).rows(sample, [trace()]);
    assert.deepEqual(Object.keys(row), ['conversations', 'system']);
    assert.deepEqual((row.conversations as { from: string }[]).map((t) => t.from), ['human', 'gpt']);
    assert.deepEqual(sharegptDatasetInfo('d.jsonl', true), {
      file_name: 'd.jsonl', formatting: 'sharegpt', columns: { messages: 'conversations', system: 'system' },
      tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt', system_tag: 'system' },
    });
    assert.deepEqual(sharegptDatasetInfo('d.jsonl', false).columns, { messages: 'conversations' });
  });

  it("stratos rows are Bespoke-Stratos's: its system prompt and Sky-T1's thought and solution blocks", () => {
    const [row] = rowFormat('stratos', { ...opts, style: 'sky' }).rows(sample, [trace()]);
    assert.equal(row.system, STRATOS_SYSTEM);
    assert.match(STRATOS_SYSTEM, /^Your role as an assistant involves thoroughly exploring questions .* Now, try to solve the following question through the above guidelines:$/s);
    // Bespoke-Stratos-17k's `system`: SKY_T1_FIXED in bespokelabsai/curator, commit
    // 8f26600e0a6b41f5fc1098ac2d4f22fe0ec95b97, examples/bespoke-stratos-data-generation/util/prompt.py (used by
    // combine_data.py there): 1,312 characters whose step separator is a literal backslash-n pair, not newlines.
    assert.equal(STRATOS_SYSTEM.length, 1312);
    assert.equal(createHash('sha256').update(STRATOS_SYSTEM, 'utf8').digest('hex'), '6490a490932e93a0712ec83d53b79036a10059ccdbf786e088ac9c247aa19141');
    assert.ok(STRATOS_SYSTEM.includes("<|begin_of_thought|> {thought with steps separated with '\\n\\n'} <|end_of_thought|>"));
    assert.ok(!STRATOS_SYSTEM.includes('\n'), 'one line, as the data set stores it');
    assert.deepEqual(row.conversations, [
      { from: 'user', value: 'What is 1+1?' },
      { from: 'assistant', value: '<|begin_of_thought|>\n\nAdd them: 2.\n\n<|end_of_thought|>\n\n<|begin_of_solution|>\n\nThe answer is $\\boxed{2}$.\n\n<|end_of_solution|>' },
    ]);
    // The texts as stored: nothing trimmed (a round trip is byte-identical).
    assert.equal(assistantTurn('sky', ' a ', ' b '), '<|begin_of_thought|>\n\n a \n\n<|end_of_thought|>\n\n<|begin_of_solution|>\n\n b \n\n<|end_of_solution|>');
  });
});
