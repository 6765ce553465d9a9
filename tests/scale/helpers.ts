// Shared bits of the multi-process tests: a copy of the content each test may
// change, and polling /healthz for what a process serves.
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/engine.js';

export const ADMIN_TOKEN = 'scale-test-admin-token-0123456789';

export async function contentCopy(): Promise<{ root: string; touch: (note: string) => Promise<void>; remove: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), 'hvs-scale-content-'));
  await cp(path.join(ROOT, 'flows'), path.join(root, 'flows'), { recursive: true });
  await cp(path.join(ROOT, 'content'), path.join(root, 'content'), { recursive: true });
  return {
    root,
    // A YAML comment: the content stays valid, its version (hash) changes.
    touch: (note) => appendFile(path.join(root, 'content', 'messages.yaml'), `\n# ${note}\n`),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

export interface Health {
  status: string;
  content?: { version: string; generation: number; flows: number; reloadMs?: number };
  channels?: Record<string, { ok: boolean; detail?: string }>;
}

export async function health(url: string): Promise<Health> {
  const response = await fetch(`${url}/healthz`);
  return (await response.json()) as Health;
}

/** Polls until every url reports `version`; returns the ms it took (throws after timeoutMs). */
export async function untilAllServe(urls: string[], version: (h: Health) => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const all = await Promise.all(urls.map((url) => health(url).catch(() => undefined)));
    if (all.every((h) => h && version(h))) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`not every process serves the new content after ${timeoutMs} ms: ${JSON.stringify(all.map((h) => h?.content))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
