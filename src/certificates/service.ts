// The certificate service, called from the "certificate" flow's service node:
// checks every basic area is passed, issues the resident's one certificate (a
// retried turn gets the same one back) and answers with the picture and the
// verify link as text, so a channel without images still has the link.
import type { OutboundMessage } from '../engine/messages.js';
import { fillTemplate } from '../engine/template.js';
import type { ServiceContext, ServiceHandler } from '../runtime/service-types.js';
import { newVerifyCode, verifyUrl } from './code.js';
import { areasPassed, certificateContent } from './texts.js';

export function publicBase(rawEnv: Record<string, string>): string {
  return rawEnv.PUBLIC_URL || `http://localhost:${rawEnv.PORT || '3000'}`;
}

export function buildCertificateService(context: ServiceContext): ServiceHandler {
  return async ({ state, userKey, now }) => {
    const content = certificateContent(context.content.registry);
    if (!content) return [];
    const { texts, areas } = content;
    const say = (bubbles: string | string[]): OutboundMessage[] => [bubbles].flat().map((text) => ({ text: fillTemplate(text, state) }));
    const { passed, complete } = areasPassed(state, areas);
    const held = await context.store.certificates.heldBy(userKey);
    if (held?.status === 'revoked') return say(texts.revoked);
    if (!held && !complete) return say(texts.notYet);
    const name = typeof state.profile.certificateName === 'string' ? state.profile.certificateName.trim() : '';
    const ward = typeof state.profile.ward === 'string' ? state.profile.ward : undefined;
    const certificate =
      held ??
      (await context.store.certificates.issue(userKey, {
        code: newVerifyCode(),
        issuedAt: new Date(now).toISOString(),
        ...(name ? { name } : {}),
        ...(ward ? { ward } : {}),
        areas: passed.map((area) => area.title),
      }));
    const url = verifyUrl(publicBase(context.rawEnv), certificate.code);
    const sent = say(texts.sent);
    sent[sent.length - 1] = { ...sent[sent.length - 1], image: `${url}.png` };
    return { messages: [...sent, { text: texts.verifyLine.replace('{code}', certificate.code).replace('{url}', url) }], outcome: held ? 'resent' : 'issued' };
  };
}
