// GET /verify/<code>: the public page that says whether a certificate is valid
// (Vietnamese, fits a 360 px screen) and shows only what the resident agreed
// to show; /verify/<code>.png is the picture; an unknown code is 404 "không
// tìm thấy". Operators list and revoke certificates through the admin API.
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import type { ContentHolder } from '../runtime/content-holder.js';
import type { CertificateRecord, Store } from '../store/types.js';
import { CODE_PATTERN, verifyUrl } from './code.js';
import { formatDate, renderCertificatePng } from './render.js';
import { certificateContent, type CertificateTexts } from './texts.js';

const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'";

function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function verifyPage(record: CertificateRecord | null, texts: CertificateTexts): string {
  const body = !record
    ? `<p class="bad">${escapeHtml(texts.notFound)}</p>`
    : record.status === 'revoked'
      ? `<p class="bad">${escapeHtml(texts.revokedPage)}</p><p>${escapeHtml(record.code)}</p>`
      : [
          `<p class="ok">${escapeHtml(texts.valid)}</p>`,
          `<p class="name">${escapeHtml(record.name ?? texts.nameHidden)}</p>`,
          `<p>${escapeHtml(texts.ward)}: ${escapeHtml(record.ward ?? '—')}</p>`,
          `<p>${escapeHtml(texts.date)}: ${escapeHtml(formatDate(record.issuedAt))}</p>`,
          `<p>${escapeHtml(texts.areasPassed)}:</p><ul>${record.areas.map((a) => `<li>${escapeHtml(a)}</li>`).join('')}</ul>`,
          `<p class="code">${escapeHtml(record.code)}</p>`,
        ].join('');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(texts.title)}</title><style>body{font-family:system-ui,sans-serif;max-width:640px;margin:0 auto;padding:16px;font-size:18px;line-height:1.5;color:#1f2937}h1{font-size:20px}.ok{color:#166534;font-weight:bold}.bad{color:#991b1b;font-weight:bold}.name{font-size:22px;font-weight:bold}.code{font-family:monospace}</style></head><body><h1>${escapeHtml(texts.title)}</h1>${body}</body></html>`;
}

export function registerCertificateRoutes(http: FastifyInstance, guard: preHandlerHookHandler, store: Store, content: ContentHolder, publicUrl: string): void {
  http.get<{ Params: { code: string } }>('/verify/:code', async (request, reply) => {
    const texts = certificateContent(content.registry)?.texts;
    const raw = request.params.code;
    const png = raw.endsWith('.png');
    const code = png ? raw.slice(0, -4) : raw;
    const record = CODE_PATTERN.test(code) ? await store.certificates.get(code) : null;
    if (!texts) return reply.code(404).send({ error: 'Không tìm thấy. / Not found.' });
    if (png) {
      if (record?.status !== 'valid') return reply.code(404).send({ error: 'Không tìm thấy. / Not found.' });
      return reply
        .type('image/png')
        .header('cache-control', 'no-cache')
        .send(renderCertificatePng(record, texts, verifyUrl(publicUrl, code)));
    }
    return reply
      .code(record ? 200 : 404)
      .type('text/html; charset=utf-8')
      .header('content-security-policy', PAGE_POLICY)
      .header('cache-control', 'no-cache')
      .send(verifyPage(record, texts));
  });
  http.get<{ Querystring: { limit?: string } }>('/api/admin/certificates', { preHandler: guard }, async (request) => {
    const limit = Math.min(1000, Math.max(1, Number(request.query.limit) || 100));
    return { certificates: (await store.certificates.list(limit)).map(({ userKey: _userKey, ...shown }) => shown) };
  });
  http.post<{ Params: { code: string } }>('/api/admin/certificates/:code/revoke', { preHandler: guard }, async (request, reply) => {
    const revoked = await store.certificates.revoke(request.params.code, new Date().toISOString());
    if (!revoked) return reply.code(404).send({ error: 'Không tìm thấy giấy chứng nhận. / No such certificate.' });
    const { userKey: _userKey, ...shown } = revoked;
    return { certificate: shown };
  });
}
