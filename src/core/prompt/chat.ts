// Chat prompts rendered to raw text for /v1/completions (budget forcing continues raw text): the built-in
// Qwen2.5 template, or the model's own chat template from a local tokenizer_config.json through @huggingface/jinja.
import { readFileSync } from 'node:fs';
import { Template } from '@huggingface/jinja';

export interface ChatMessage { role: 'system' | 'user' | 'assistant'; content: string }

export type ChatRenderer = (messages: readonly ChatMessage[]) => string;

export const QWEN_DEFAULT_SYSTEM = 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.';

/** Qwen2.5's template without tools: a default system turn, then the turns, then the open assistant turn. */
export const qwenChat: ChatRenderer = (messages) => {
  const turns = messages[0]?.role === 'system' ? messages : [{ role: 'system' as const, content: QWEN_DEFAULT_SYSTEM }, ...messages];
  return turns.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('') + '<|im_start|>assistant\n';
};

/** A whole conversation in Qwen2.5's template (no open assistant turn): what a trainer's `text` column holds. */
export const qwenConversation: ChatRenderer = (messages) => qwenChat(messages).slice(0, -'<|im_start|>assistant\n'.length);

/** A chat template that cannot be used, naming the file; `missing`: no such file (a wrong path, not a bad file). */
export class ChatTemplateError extends Error {
  constructor(message: string, readonly missing = false) {
    super(message);
  }
}

/** The chat template of a model's tokenizer_config.json (the file itself, or the folder holding it). */
export function templateRenderer(path: string, addGenerationPrompt = true): ChatRenderer {
  const file = path.endsWith('.json') ? path : `${path.replace(/\/$/, '')}/tokenizer_config.json`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ChatTemplateError(file === path ? `${path}: no such file` : `${path} has no tokenizer_config.json: pass a model's tokenizer_config.json or the folder holding it`, true);
    }
    throw new ChatTemplateError(`${file}: cannot be read (${(e as Error).message})`, true);
  }
  let config: { chat_template?: unknown; bos_token?: unknown; eos_token?: unknown };
  try {
    config = JSON.parse(text.replace(/^\uFEFF/, '')) as typeof config; // a byte-order mark is no part of the JSON
  } catch (e) {
    throw new ChatTemplateError(`${file}: not valid JSON (${(e as Error).message}); expected a model's tokenizer_config.json`);
  }
  let source = config?.chat_template;
  // Some configs hold a list of named templates: take the default one.
  if (Array.isArray(source)) source = (source as { name: string; template: string }[]).find((t) => t.name === 'default')?.template;
  if (typeof source !== 'string') throw new ChatTemplateError(`${file} has no chat_template`);
  let template: Template;
  try {
    template = new Template(source);
  } catch (e) {
    throw new ChatTemplateError(`${file}: its chat_template does not parse (${(e as Error).message})`);
  }
  const token = (t: unknown) => (typeof t === 'string' ? t : (t as { content?: string } | undefined)?.content ?? '');
  return (messages) => template.render({
    messages, add_generation_prompt: addGenerationPrompt, bos_token: token(config.bos_token), eos_token: token(config.eos_token),
  });
}

export function chatRenderer(template: string | undefined): ChatRenderer {
  return !template || template === 'qwen' ? qwenChat : templateRenderer(template);
}

/** Renders finished conversations (training text): Qwen2.5's template, or a model's own with add_generation_prompt false. */
export function conversationRenderer(template: string | undefined): ChatRenderer {
  return !template || template === 'qwen' ? qwenConversation : templateRenderer(template, false);
}
