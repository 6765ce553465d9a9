// Starts the real tutor in-process on a free port with its own data folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startTutor, type Tutor } from '../../src/tutor.js';
import { ROOT } from './engine.js';

export interface TestTutor extends Tutor {
  dataDir: string;
  logs: string[];
  chat(body: Record<string, unknown>): Promise<{ status: number; body: any }>;
}

export async function startTestTutor(env: Record<string, string> = {}, dataDir?: string): Promise<TestTutor> {
  const dir = dataDir ?? (await mkdtemp(path.join(tmpdir(), 'hvs-tutor-')));
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const tutor = await startTutor({
    env: { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, CONTENT_ROOT: process.env.TEST_CONTENT_ROOT ?? ROOT, LOG_LEVEL: 'info', WEB_CHAT_RATE_PER_MINUTE: '100000', ...env },
    logDestination: destination,
  });
  const chat = async (body: Record<string, unknown>) => {
    const response = await fetch(`${tutor.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  };
  return Object.assign(tutor, { dataDir: dir, logs, chat });
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** The labels of the buttons in a chat reply. */
export function labels(body: { messages: { buttons?: { label: string }[] }[] }): string[] {
  return body.messages.flatMap((m) => m.buttons ?? []).map((b) => b.label);
}

export function payloadOf(body: { messages: { buttons?: { label: string; payload: string }[] }[] }, label: string): string {
  const button = body.messages.flatMap((m) => m.buttons ?? []).find((b) => b.label === label);
  if (!button) throw new Error(`no button "${label}" in ${JSON.stringify(labels(body))}`);
  return button.payload;
}

export function texts(body: { messages: { text?: string }[] }): string[] {
  return body.messages.flatMap((m) => (m.text ? [m.text] : []));
}
