// The real tutor (src/main.ts) as a child process, for crash tests and
// benchmarks: its own port, its own process group, killed with killGroup.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import type { FakeTelegram } from './fake-telegram.js';
import { killGroup, RUN_MARK, spawnTs } from './process.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const BENCH_BOT_TOKEN = '123456:AAH-fake-token-for-local-tests-0123456789';
export const BENCH_WEBHOOK_SECRET = 'local-webhook-secret-0123456789';

export interface TutorProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  /** What the process wrote to stderr (and stdout), for failure messages. */
  output(): string;
  /** SIGKILL to the whole group; resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful), SIGKILL after the grace time; resolves once it is gone. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Environment for a webhook-mode Telegram channel pointed at the fake (PUBLIC_URL is the loopback address itself). */
export function telegramWebhookEnv(telegram: FakeTelegram, port: number): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: BENCH_BOT_TOKEN,
    TELEGRAM_API_ROOT: telegram.url,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
  };
}

/**
 * Starts the tutor with `env` on top of a clean environment (no keys of the
 * developer's own .env leak in: every variable the tutor reads is given here or
 * left unset) and waits until /healthz answers and, when `telegram` is given,
 * until it has registered its webhook there.
 */
export async function startTutorProcess(env: Record<string, string>, options: { telegram?: FakeTelegram; port?: number; timeoutMs?: number } = {}): Promise<TutorProcess> {
  const port = options.port ?? (await freePort());
  const base: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...(process.env[RUN_MARK] ? { [RUN_MARK]: process.env[RUN_MARK] } : {}) };
  // A restarted tutor registers its webhook again: wait for that, not for the old registration.
  if (options.telegram) options.telegram.webhook = undefined;
  const child = spawnTs('src/main.ts', [], {
    cwd: ROOT,
    env: { ...base, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', CONTENT_ROOT: process.env.TEST_CONTENT_ROOT ?? ROOT, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + String(chunk)).slice(-20_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const tutor: TutorProcess = {
    child,
    pid: child.pid!,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    kill: () => killGroup(child),
    stop: () => killGroup(child, 'SIGTERM', 15_000),
  };
  const until = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`tutor exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
    // Any answer means it listens (503 is fine while a channel is still connecting).
    const listening = await fetch(`${tutor.url}/healthz`).then(
      () => true,
      () => false,
    );
    if (listening && (!options.telegram || options.telegram.webhook)) return tutor;
    if (Date.now() > until) {
      await tutor.kill();
      throw new Error(`tutor did not become ready in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
