// Stop-token ids come from the served model's tokenizer: a think-tags model whose </think> is not Qwen3's 151668
// must be stopped on its own id, or thinking would never end where the method expects.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend } from '../../../src/core/backend/client';
import { generationSettings, QWEN_SPECIAL_IDS } from '../../../src/core/evaluate/plan';
import { resolveSpecialIds } from '../../../src/core/evaluate/special-ids';
import { generate } from '../../../src/core/scaling/methods';
import { startReplayServer } from '../../../src/core/replay/server';
import { recordingServer } from '../scaling/recording-server';
import { fixture, tempDir } from '../helpers';

describe('special-token ids from the model\'s tokenizer', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  let config: string;
  before(() => {
    tmp = tempDir();
    config = join(tmp.dir, 'tokenizer_config.json');
    writeFileSync(config, JSON.stringify({
      chat_template: "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}<|im_start|>assistant\n",
      eos_token: '<|im_end|>',
      added_tokens_decoder: { 200001: { content: '</think>', special: true }, 200002: { content: '<|im_end|>', special: true }, 200003: { content: '<think>', special: false } },
    }));
  });
  after(() => tmp.cleanup());

  it('a think-tags run stops on the </think> id of the model\'s tokenizer_config.json, not Qwen3\'s', async () => {
    const special = await resolveSpecialIds(['</think>', '<|im_end|>'], { chatTemplate: config });
    assert.deepEqual(special, { ids: { '</think>': 200001, '<|im_end|>': 200002 }, source: 'tokenizer_config' });
    const server = await recordingServer((_b, i) => [{ text: 'x', tokens: 50, finish: 'length' as const }, { text: '5', tokens: 1, finish: 'stop' as const }][i]);
    try {
      const backend = createBackend({ urls: [server.url], model: 'm' });
      await generate(backend, 'What is 2 + 3?', { method: 'truncation', budget: 50, wait: 0, waitWord: 'Wait' },
        generationSettings({ format: 'think-tags', chatTemplate: config, specialIds: special.ids }));
      assert.deepEqual(server.requests[0].stop_token_ids, [200001, 200002]);
      assert.deepEqual(server.requests[1].stop_token_ids, [200002]);
      assert.notEqual(QWEN_SPECIAL_IDS['</think>'], 200001);
    } finally {
      await server.close();
    }
  });

  it('without a tokenizer config, the server\'s /tokenize gives them; with neither, Qwen\'s ids are used and said so', async () => {
    const replay = await startReplayServer({ traces: fixture('eval', 'traces.jsonl') });
    try {
      const fromServer = await resolveSpecialIds(['<|im_start|>', '<|im_end|>'], { url: replay.url, model: replay.model });
      assert.deepEqual(fromServer, { ids: { '<|im_start|>': 151644, '<|im_end|>': 151645 }, source: 'server' });
    } finally {
      await replay.close();
    }
    const none = await resolveSpecialIds(['</think>'], { url: 'http://127.0.0.1:9/v1', model: 'm' });
    assert.deepEqual(none, { ids: { '</think>': QWEN_SPECIAL_IDS['</think>'] }, source: 'qwen-default' });
  });
});
