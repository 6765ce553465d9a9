// The console's page shell: Vietnamese, a skip link, a labelled navigation with
// the current page marked, our own CSS and JS files (the CSP forbids inline code).
import type { FastifyReply } from 'fastify';
import type { OperatorRole } from '../store/types.js';
import { ROLE_LABELS } from './auth/guard.js';
import type { Session } from './auth/session.js';
import { html, type Html } from './html.js';

interface NavItem {
  href: string;
  label: string;
  roles: OperatorRole[];
}

const NAV: NavItem[] = [
  { href: '/admin', label: 'Tổng quan', roles: ['admin', 'staff'] },
  { href: '/admin/questions', label: 'Câu hỏi chờ trả lời', roles: ['admin', 'staff', 'volunteer'] },
  { href: '/admin/broadcasts', label: 'Gửi cảnh báo', roles: ['admin', 'staff'] },
  { href: '/admin/leaderboard', label: 'Thi đua', roles: ['admin', 'staff'] },
  { href: '/admin/certificates', label: 'Giấy chứng nhận', roles: ['admin', 'staff'] },
  { href: '/admin/simulator', label: 'Thử trò chuyện', roles: ['admin', 'staff', 'volunteer'] },
  { href: '/admin/drafts', label: 'Bản nháp hỏi đáp', roles: ['admin'] },
  { href: '/admin/audit', label: 'Nhật ký', roles: ['admin'] },
];

export function homeOf(role: OperatorRole): string {
  return role === 'volunteer' ? '/admin/questions' : '/admin';
}

export function page(title: string, body: Html, session?: Session, current?: string): Html {
  const nav = session
    ? html`<header class="top">
        <a class="brand" href="${homeOf(session.operator.role)}">Học Vụ Số · Bảng điều khiển</a>
        <nav aria-label="Các trang">
          <ul>
            ${NAV.filter((item) => item.roles.includes(session.operator.role)).map(
              (item) => html`<li><a href="${item.href}" ${item.href === current ? html` aria-current="page"` : ''}>${item.label}</a></li>`,
            )}
          </ul>
        </nav>
        <form method="post" action="/admin/logout" class="logout">
          <input type="hidden" name="_csrf" value="${session.csrf}" />
          <span class="who">${session.operator.username} · ${ROLE_LABELS[session.operator.role]}${session.operator.wards.length ? ` · ${session.operator.wards.join(', ')}` : ''}</span>
          <button type="submit">Đăng xuất</button>
        </form>
      </header>`
    : '';
  return html`<!doctype html>
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Học Vụ Số</title>
        <link rel="stylesheet" href="/admin/assets/console.css" />
        <script src="/admin/assets/console.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Bỏ qua, đến nội dung chính</a>
        ${nav}
        <main id="main" tabindex="-1">
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`;
}

export function sendPage(reply: FastifyReply, markup: Html, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(markup.value);
}

/** A status line screen readers announce (role=status) or an error (role=alert). */
export function notice(text: string | undefined, kind: 'ok' | 'error' = 'ok'): Html | '' {
  if (!text) return '';
  return kind === 'error' ? html`<p class="notice error" role="alert">${text}</p>` : html`<p class="notice ok" role="status">${text}</p>`;
}
