// A stand-in for the Bot Framework connector service on 127.0.0.1: the bot's
// replies arrive here through botbuilder's real REST calls
// (POST /v3/conversations/{id}/activities[/{replyToId}]), as from Azure Bot Service.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  method: string;
  path: string;
  conversationId: string;
  replyToId?: string;
  authorization?: string;
  activity: any;
}

export interface FakeConnector {
  url: string;
  calls: ReceivedCall[];
  /** Status to answer with (default 200); set to 403 to act as a conversation the bot was removed from. */
  status: number;
  take(): ReceivedCall[];
  close(): Promise<void>;
}

const ACTIVITY_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ReceivedCall[] = [];
  let counter = 0;
  const connector: FakeConnector = {
    url: '',
    calls,
    status: 200,
    take: () => calls.splice(0, calls.length),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = (request.url ?? '').split('?')[0]!;
      const match = ACTIVITY_PATH.exec(path);
      if (!match || request.method !== 'POST') {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NotFound"}}');
        return;
      }
      calls.push({
        method: request.method,
        path,
        conversationId: decodeURIComponent(match[1]!),
        ...(match[2] ? { replyToId: decodeURIComponent(match[2]) } : {}),
        ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
        activity: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'),
      });
      const ok = connector.status < 300;
      response
        .writeHead(connector.status, { 'content-type': 'application/json' })
        .end(JSON.stringify(ok ? { id: `sent-${++counter}` } : { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  connector.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return connector;
}

/** Messages only (no typing), in the order they arrived. */
export function messagesOf(calls: ReceivedCall[]): any[] {
  return calls.map((call) => call.activity).filter((activity) => activity.type === 'message');
}

export function textsOf(calls: ReceivedCall[]): string[] {
  return messagesOf(calls).flatMap((activity) => (activity.text ? [activity.text] : []));
}

/** The suggested actions of the turn (on its last message). */
export function suggestedOf(calls: ReceivedCall[]): any[] {
  const messages = messagesOf(calls);
  return messages[messages.length - 1]?.suggestedActions?.actions ?? [];
}

export function actionFor(calls: ReceivedCall[], title: string): any {
  const action = suggestedOf(calls).find((a) => a.title === title);
  if (!action) throw new Error(`no suggested action "${title}" in ${JSON.stringify(suggestedOf(calls).map((a) => a.title))}`);
  return action;
}
