// CONTENT_WATCH: a change to a file under content/ reloads the content (and, with
// Redis, tells every process); a change that breaks the content keeps the old one.
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ContentSync } from '../../src/cluster/content-sync.js';
import { defaultContentPaths } from '../../src/content/loader.js';
import { flowSources } from '../../src/content/registry.js';
import { ContentHolder } from '../../src/runtime/content-holder.js';
import { contentCopy } from './helpers.js';

const copies: { remove: () => Promise<void> }[] = [];
afterAll(async () => {
  for (const copy of copies) await copy.remove();
});

describe('content watch', () => {
  it('reloads after a file change, and keeps the old content when the change is broken', async () => {
    const copy = await contentCopy();
    copies.push(copy);
    const content = (await ContentHolder.load(defaultContentPaths(copy.root), flowSources)) as ContentHolder;
    const sync = new ContentSync({ content, logger: pino({ level: 'silent' }), prefix: 'unused:', watchFiles: true });
    await sync.start();
    try {
      const first = sync.status().version;
      await copy.touch('watched change');
      await vi.waitFor(() => expect(sync.status().version).not.toBe(first), { timeout: 3000 });
      const second = sync.status().version;
      const file = path.join(
        copy.root,
        'flows',
        (await readdir(path.join(copy.root, 'flows'))).find((name) => name.endsWith('.yaml'))!,
      );
      const original = await readFile(file, 'utf8');
      await writeFile(file, `${original}\n  broken: [unclosed\n`);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(sync.status().version).toBe(second);
      await writeFile(file, original);
      await appendFile(file, '\n# fixed\n');
      await vi.waitFor(() => expect(sync.status().version).not.toBe(second), { timeout: 3000 });
    } finally {
      await sync.close();
    }
  }, 20_000);
});
