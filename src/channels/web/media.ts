// Serves lesson images from content/ (only image files, never outside the folder).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyReply } from 'fastify';

const TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.gif': 'image/gif', '.svg': 'image/svg+xml' };

export async function serveMedia(contentDir: string, relative: string, reply: FastifyReply): Promise<FastifyReply> {
  const file = path.resolve(contentDir, relative);
  const type = TYPES[path.extname(file).toLowerCase()];
  if (!type || !file.startsWith(path.resolve(contentDir) + path.sep)) return reply.code(404).send({ error: 'Không tìm thấy ảnh. / Image not found.' });
  try {
    const data = await readFile(file);
    return reply.type(type).header('cache-control', 'public, max-age=3600').send(data);
  } catch {
    return reply.code(404).send({ error: 'Không tìm thấy ảnh. / Image not found.' });
  }
}
