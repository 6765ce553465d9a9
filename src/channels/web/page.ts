// The chat page and its two files, and lesson images. The page's script and
// style are served files (no inline code), so its content security policy can
// forbid inline script altogether.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { serveMedia } from './media.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'page.html', type: 'text/html; charset=utf-8' },
  '/chat.css': { file: 'chat.css', type: 'text/css; charset=utf-8' },
  '/chat.js': { file: 'chat.js', type: 'text/javascript; charset=utf-8' },
};

export function registerPageRoutes(http: FastifyInstance, contentDir: () => string): void {
  for (const [route, { file, type }] of Object.entries(FILES)) {
    // Read on each request (small files): an update of the page needs no restart; no-cache makes browsers revalidate.
    http.get(route, async (_request, reply) =>
      reply
        .type(type)
        .header('cache-control', 'no-cache')
        .send(await readFile(path.join(HERE, file), 'utf8')),
    );
  }
  http.get('/media/*', (request, reply) => serveMedia(contentDir(), (request.params as { '*': string })['*'], reply));
}
