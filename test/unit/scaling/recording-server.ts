// A fake OpenAI-compatible server that records every request body and answers from a script, so tests can
// assert the exact request sequence a method sends.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedReply { text: string; tokens: number; finish: 'stop' | 'length'; promptTokens?: number }

export interface RecordingServer { url: string; requests: Record<string, any>[]; close(): Promise<void> } // eslint-disable-line @typescript-eslint/no-explicit-any

export async function recordingServer(reply: (body: Record<string, any>, index: number) => ScriptedReply): Promise<RecordingServer> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const requests: Record<string, any>[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      requests.push(body);
      const r = reply(body, requests.length - 1);
      const out = JSON.stringify({ id: 'x', object: 'text_completion', created: 0, model: body.model,
        choices: [{ index: 0, text: r.text, finish_reason: r.finish, logprobs: null }],
        usage: { prompt_tokens: r.promptTokens ?? 1, completion_tokens: r.tokens, total_tokens: (r.promptTokens ?? 1) + r.tokens } });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(out);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/v1`, requests, close: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections(); }) };
}
