// A local OpenAI-compatible server (real HTTP on 127.0.0.1) for the Q&A tests:
// records every request body and answers as told (a reply, a delay, an error status).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeBehaviour =
  | { kind: 'reply'; content: string }
  | { kind: 'status'; status: number }
  | { kind: 'slow'; ms: number; content: string }
  /** A reply that depends on the request (e.g. the classifier's prompt or the Q&A's). */
  | { kind: 'per-request'; content: (body: any) => string };

export interface FakeOpenAI {
  /** Base URL to give the SDK (ends in /v1). */
  url: string;
  requests: { path: string; body: any; authorization?: string }[];
  behaviour: FakeBehaviour;
  /** Everything sent to the model, as one string (to check what left the process). */
  sentText(): string;
  close(): Promise<void>;
}

export async function startFakeOpenAI(behaviour: FakeBehaviour = { kind: 'reply', content: 'Xin chào.\nNGUON: ' }): Promise<FakeOpenAI> {
  const fake = { requests: [], behaviour } as unknown as FakeOpenAI;
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', () => {
      fake.requests.push({ path: request.url ?? '', body: raw ? JSON.parse(raw) : undefined, authorization: request.headers.authorization });
      const current = fake.behaviour;
      const send = (status: number, body: unknown) => {
        if (response.destroyed) return;
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (current.kind === 'status') return send(current.status, { error: { message: `fake error ${current.status}`, type: 'server_error' } });
      const content = current.kind === 'per-request' ? current.content(fake.requests.at(-1)!.body) : current.content;
      const reply = () => send(200, completion(content));
      if (current.kind === 'slow') setTimeout(reply, current.ms).unref();
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}/v1`;
  fake.sentText = () => JSON.stringify(fake.requests.map((r) => r.body));
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

function completion(content: string) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'fake-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}
