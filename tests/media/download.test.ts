// Downloads of what a platform links to: into memory, capped, and only from
// public https addresses unless the platform itself is local.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadMedia, isPrivateAddress } from '../../src/media/download.js';

let url = '';
let close: () => Promise<void>;
beforeAll(async () => {
  const server = createServer((request, response) => {
    if (request.url === '/big') return response.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.alloc(4096, 1));
    response.writeHead(200, { 'content-type': 'image/png; charset=binary' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

describe('downloadMedia', () => {
  it('reads a local platform server only when told it is the platform', async () => {
    await expect(downloadMedia(`${url}/a.png`, { maxBytes: 1000 })).rejects.toMatchObject({ reason: 'refused' });
    const { data, mimeType } = await downloadMedia(`${url}/a.png`, { maxBytes: 1000, allowLocal: true });
    expect([...data]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(mimeType).toBe('image/png');
  });

  it('stops at the size cap', async () => {
    await expect(downloadMedia(`${url}/big`, { maxBytes: 1000, allowLocal: true })).rejects.toMatchObject({ reason: 'too-large' });
  });

  it('refuses https links to private addresses and other schemes', async () => {
    await expect(downloadMedia('https://127.0.0.1/x.png', { maxBytes: 1000 })).rejects.toMatchObject({ reason: 'refused' });
    await expect(downloadMedia('https://[::1]/x.png', { maxBytes: 1000 })).rejects.toMatchObject({ reason: 'refused' });
    await expect(downloadMedia('file:///etc/passwd', { maxBytes: 1000, allowLocal: true })).rejects.toMatchObject({ reason: 'refused' });
    expect(['10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '::ffff:127.0.0.1', 'fd00::1', 'fe80::1'].every(isPrivateAddress)).toBe(true);
    expect(['8.8.8.8', '2001:4860:4860::8888', '172.32.0.1'].some(isPrivateAddress)).toBe(false);
  });

  it('reads base64 data URLs in memory (Bot Framework may inline small pictures)', async () => {
    const { data, mimeType } = await downloadMedia(`data:image/png;base64,${Buffer.from('abc').toString('base64')}`, { maxBytes: 10 });
    expect(Buffer.from(data).toString()).toBe('abc');
    expect(mimeType).toBe('image/png');
    await expect(downloadMedia(`data:image/png;base64,${Buffer.alloc(100).toString('base64')}`, { maxBytes: 10 })).rejects.toMatchObject({ reason: 'too-large' });
  });
});
