// Serves lesson images from content/: only regular image files whose real path
// (symlinks resolved) lies inside the content folder. Every image, SVG above
// all, is sent with a policy that lets it run nothing, so an SVG opened on its
// own cannot run script on the chat's origin.
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyReply } from 'fastify';

const TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.gif': 'image/gif', '.svg': 'image/svg+xml' };
export const MEDIA_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
const NOT_FOUND = { error: 'Không tìm thấy ảnh. / Image not found.' };

export async function serveMedia(contentDir: string, relative: string, reply: FastifyReply): Promise<FastifyReply> {
  const file = await resolveInside(contentDir, relative);
  const type = file && TYPES[path.extname(file).toLowerCase()];
  if (!file || !type) return reply.code(404).send(NOT_FOUND);
  // Non-blocking: opening a FIFO must not wait for a writer (regular files are unaffected).
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined);
  if (!handle) return reply.code(404).send(NOT_FOUND);
  try {
    // Checked on the opened file itself: a directory, device or FIFO is never read.
    if (!(await handle.stat()).isFile()) return reply.code(404).send(NOT_FOUND);
    const data = await handle.readFile();
    return reply.type(type).header('content-security-policy', MEDIA_CSP).header('cache-control', 'public, max-age=3600').send(data);
  } finally {
    await handle.close();
  }
}

/** The file's real path if it (and every link on the way) stays inside the content folder. */
async function resolveInside(contentDir: string, relative: string): Promise<string | undefined> {
  if (relative.includes('\0') || !TYPES[path.extname(relative).toLowerCase()]) return undefined;
  try {
    const root = await realpath(contentDir);
    const real = await realpath(path.resolve(root, relative));
    return real.startsWith(root + path.sep) ? real : undefined;
  } catch {
    return undefined;
  }
}
