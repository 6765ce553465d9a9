// Messages outside a reply (broadcasts, alerts) through continueConversationAsync,
// lesson images as attachments, and the channel's configuration rules.
import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBotFrameworkEnabled, resolveSettings } from '../../../src/channels/botframework/config.js';
import { imageResolver } from '../../../src/channels/botframework/media.js';
import type { Channel } from '../../../src/channels/types.js';
import { ConfigError } from '../../../src/config/index.js';
import { createLogger } from '../../../src/log/logger.js';
import { readConfig } from '../../../src/tutor.js';
import { removeDir, startTestTutor, type TestTutor } from '../../helpers/tutor.js';
import { targetOf } from '../../../src/runtime/delivery.js';
import { BotFrameworkClient } from './client.js';
import { messagesOf, startFakeConnector, type FakeConnector } from './connector.js';

const APP_ID = '7f0c1a52-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const TENANT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

let tutor: TestTutor;
let connector: FakeConnector;
let channel: Channel;
beforeAll(async () => {
  connector = await startFakeConnector();
  tutor = await startTestTutor({ BOTFRAMEWORK_ENABLED: 'true' });
  channel = tutor.channels.find((c) => c.name === 'botframework')!;
});
afterAll(async () => {
  await tutor?.close();
  await connector?.close();
  if (tutor) await removeDir(tutor.dataDir);
});

/** Where the runtime would send: the reply address saved with the resident. */
async function targetFor(userId: string) {
  return targetOf((await tutor.store.users.load(`botframework:emulator:${userId}`))!);
}

describe('send() outside a reply', () => {
  it('reaches a resident in the conversation they wrote from', async () => {
    const bf = new BotFrameworkClient(tutor.url, connector, { settle: () => tutor.idle() });
    await bf.say('xin chào');
    connector.take();
    const outcome = await channel.send(
      `emulator:${bf.user.id}`,
      [
        { text: '⚠️ Cảnh báo lừa đảo mới trong phường.' },
        { text: 'Xem bài học nhé?', image: 'https://hocvuso.example.vn/media/images/qr.png', buttons: [{ label: 'Học ngay', payload: 'f:lesson-qr' }] },
      ],
      await targetFor(bf.user.id),
    );
    expect(outcome).toEqual({ ok: true });
    const calls = connector.take();
    expect(calls.map((c) => c.path)).toEqual([`/v3/conversations/${bf.conversationId}/activities`, `/v3/conversations/${bf.conversationId}/activities`]);
    const [alert, offer] = messagesOf(calls);
    expect(alert).toMatchObject({ text: '⚠️ Cảnh báo lừa đảo mới trong phường.', recipient: { id: bf.user.id }, from: { id: bf.bot.id } });
    expect(offer.attachments).toEqual([{ contentType: 'image/png', contentUrl: 'https://hocvuso.example.vn/media/images/qr.png', name: 'qr.png' }]);
    expect(offer.suggestedActions.actions).toEqual([{ type: 'messageBack', title: 'Học ngay', text: 'f:lesson-qr', displayText: 'Học ngay', value: { payload: 'f:lesson-qr' } }]);

    // Pressing the broadcast's button starts the lesson.
    const turn = await bf.press(offer.suggestedActions.actions[0]);
    const lesson = messagesOf(turn.calls);
    expect(lesson[0].text).toContain('Thanh toán bằng mã QR');
    expect(lesson[lesson.length - 1].suggestedActions.actions.map((a: any) => a.title)).toContain('Tiếp');
  });

  it('says clearly when it has never heard from the resident', async () => {
    const outcome = await channel.send('emulator:nobody', [{ text: 'xin chào' }]);
    expect(outcome).toMatchObject({ ok: false, unreachable: true, error: expect.stringMatching(/no conversation reference/) });
  });

  it('reports a resident who removed the bot (403) as unreachable, without retrying', async () => {
    const bf = new BotFrameworkClient(tutor.url, connector, { settle: () => tutor.idle() });
    await bf.say('xin chào');
    connector.take();
    connector.status = 403;
    try {
      const outcome = await channel.send(`emulator:${bf.user.id}`, [{ text: 'Tin mới' }, { text: 'Tin thứ hai' }], await targetFor(bf.user.id));
      expect(outcome).toMatchObject({ ok: false, unreachable: true, accepted: 0, error: expect.stringMatching(/403/) });
      expect(connector.take()).toHaveLength(1);
    } finally {
      connector.status = 200;
    }
  });
});

describe('lesson images', () => {
  const logger = createLogger('silent');
  let contentDir: string;
  beforeAll(async () => {
    contentDir = await mkdtemp(path.join(tmpdir(), 'hvs-bf-media-'));
    await mkdir(path.join(contentDir, 'images'));
    await writeFile(path.join(contentDir, 'images', 'qr.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    await writeFile(path.join(contentDir, 'images', 'big.png'), Buffer.alloc(200 * 1024));
  });
  afterAll(() => removeDir(contentDir));

  it('inlines a small content image without PUBLIC_URL', async () => {
    const resolve = imageResolver({ contentDir: () => contentDir, logger });
    expect(await resolve('images/qr.png')).toEqual({ contentType: 'image/png', contentUrl: 'data:image/png;base64,iVBORw==', name: 'qr.png' });
    expect(await resolve('images/big.png')).toBeUndefined();
    expect(await resolve('images/missing.png')).toBeUndefined();
  });

  it('links through PUBLIC_URL/media/ when there is a public address', async () => {
    const resolve = imageResolver({ contentDir: () => contentDir, publicUrl: 'https://hocvuso.example.vn/', logger });
    expect(await resolve('images/big.png')).toEqual({ contentType: 'image/png', contentUrl: 'https://hocvuso.example.vn/media/images/big.png', name: 'big.png' });
  });

  it('never reads outside content/ or non-images', async () => {
    const resolve = imageResolver({ contentDir: () => contentDir, logger });
    expect(await resolve('../../etc/passwd.png')).toBeUndefined();
    expect(await resolve('images/../../secret.png')).toBeUndefined();
    expect(await resolve('messages.yaml')).toBeUndefined();
  });
});

describe('configuration', () => {
  it('is off by default, on with BOTFRAMEWORK_ENABLED or an app id, and BOTFRAMEWORK_ENABLED=false wins', () => {
    expect(isBotFrameworkEnabled({})).toBe(false);
    expect(isBotFrameworkEnabled({ BOTFRAMEWORK_ENABLED: 'true' })).toBe(true);
    expect(isBotFrameworkEnabled({ MICROSOFT_APP_ID: APP_ID })).toBe(true);
    expect(isBotFrameworkEnabled({ MICROSOFT_APP_ID: APP_ID, BOTFRAMEWORK_ENABLED: 'false' })).toBe(false);
  });

  it('does not register /api/messages when disabled', async () => {
    const plain = await startTestTutor();
    try {
      expect(plain.channels.map((c) => c.name)).not.toContain('botframework');
      expect((await fetch(`${plain.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
    } finally {
      await plain.close();
      await removeDir(plain.dataDir);
    }
  });

  it.each([
    ['an app id without a secret', { MICROSOFT_APP_ID: APP_ID }, ['MICROSOFT_APP_PASSWORD']],
    ['SingleTenant without a tenant', { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 's', MICROSOFT_APP_TYPE: 'SingleTenant' }, ['MICROSOFT_APP_TENANT_ID']],
    [
      'UserAssignedMSI with a secret and no tenant',
      { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 's', MICROSOFT_APP_TYPE: 'UserAssignedMSI' },
      ['MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID'],
    ],
    ['a secret without an app id', { BOTFRAMEWORK_ENABLED: 'true', MICROSOFT_APP_PASSWORD: 's' }, ['MICROSOFT_APP_PASSWORD']],
  ])('names every mistake: %s', (_name, env, variables) => {
    try {
      resolveSettings(env);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.variable)).toEqual(variables);
    }
  });

  it('accepts the three app types', () => {
    expect(resolveSettings({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 's' })).toMatchObject({ authenticated: true, appType: 'MultiTenant' });
    expect(resolveSettings({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 's', MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: TENANT })).toMatchObject({
      appType: 'SingleTenant',
      tenantId: TENANT,
    });
    expect(resolveSettings({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: TENANT })).toMatchObject({ appType: 'UserAssignedMSI' });
    expect(resolveSettings({ BOTFRAMEWORK_ENABLED: 'true' })).toEqual({ authenticated: false, appType: 'MultiTenant' });
  });

  it('explains malformed values at start-up without echoing the secret', () => {
    try {
      readConfig({ MICROSOFT_APP_ID: 'not-a-guid', MICROSOFT_APP_TYPE: 'Personal', BOTFRAMEWORK_ENABLED: 'maybe' });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/MICROSOFT_APP_ID: expected the Microsoft App ID/);
      expect(message).toMatch(/MICROSOFT_APP_TYPE: expected the app type/);
      expect(message).toMatch(/BOTFRAMEWORK_ENABLED: expected true to serve/);
    }
  });
});
