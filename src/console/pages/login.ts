// Logging in and out. Attempts are limited per network address and per
// username (a window of LOGIN_WINDOW_MS), an unknown username costs the same
// time as a wrong password, and every login and failure is in the audit log.
import type { FastifyInstance } from 'fastify';
import { foldText } from '../../engine/text.js';
import { audit } from '../auth/guard.js';
import { verifyNobody, verifyPassword } from '../auth/password.js';
import { endSession, readSession, sameOrigin, startSession } from '../auth/session.js';
import type { ConsoleDeps } from '../deps.js';
import { field } from '../form.js';
import { html } from '../html.js';
import { homeOf, notice, page, sendPage } from '../layout.js';
import { pageGuard } from '../auth/guard.js';

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_MAX_PER_USER = 8;
export const LOGIN_MAX_PER_ADDRESS = 30;

function loginPage(message?: string, username = '') {
  return page(
    'Đăng nhập',
    html`${notice(message, 'error')}
      <form method="post" action="/admin/login" class="card narrow">
        <p>Dành cho cán bộ phường/xã và tình nguyện viên. Chưa có tài khoản? Nhờ quản trị viên tạo giúp.</p>
        <label for="username">Tên đăng nhập</label>
        <input id="username" name="username" autocomplete="username" required maxlength="64" value="${username}" />
        <label for="password">Mật khẩu</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200" />
        <button type="submit" class="primary">Đăng nhập</button>
      </form>`,
  );
}

export function registerLoginRoutes(http: FastifyInstance, deps: ConsoleDeps): void {
  const { store } = deps;
  http.get('/admin/login', async (request, reply) => {
    const session = await readSession(store, request);
    if (session) return reply.code(303).header('location', homeOf(session.operator.role)).send();
    return sendPage(reply, loginPage());
  });
  http.post('/admin/login', async (request, reply) => {
    const username = field(request.body, 'username').slice(0, 64);
    const password = field(request.body, 'password').slice(0, 200);
    if (!sameOrigin(request)) return sendPage(reply, loginPage('Yêu cầu không hợp lệ.'), 403);
    const byAddress = await store.operators.hit(`login-ip:${request.ip}`, LOGIN_WINDOW_MS);
    const byUser = await store.operators.hit(`login-user:${foldText(username)}`, LOGIN_WINDOW_MS);
    if (byAddress > LOGIN_MAX_PER_ADDRESS || byUser > LOGIN_MAX_PER_USER) {
      await audit(store, { username: username || '?', role: 'volunteer', wards: [] }, 'login.limited', request.ip);
      return sendPage(reply, loginPage('Đăng nhập sai nhiều lần. Vui lòng chờ 15 phút rồi thử lại.', username), 429);
    }
    const account = username ? await store.operators.account(username) : null;
    const ok = account ? await verifyPassword(password, account.passwordHash) : await verifyNobody(password);
    if (!account || !ok) {
      await audit(store, { username: username || '?', role: 'volunteer', wards: [] }, 'login.failed', request.ip);
      return sendPage(reply, loginPage('Tên đăng nhập hoặc mật khẩu không đúng.', username), 401);
    }
    await startSession(store, request, reply, account);
    await audit(store, { username: account.username, role: account.role, wards: account.wards }, 'login');
    return reply.code(303).header('location', homeOf(account.role)).send();
  });
  http.post('/admin/logout', { preHandler: pageGuard(store) }, async (request, reply) => {
    const session = await readSession(store, request);
    if (session) await audit(store, session.operator, 'logout');
    await endSession(store, request, reply, session);
    return reply.code(303).header('location', '/admin/login').send();
  });
}
