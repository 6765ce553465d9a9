// Who may do what in the console. Pages need a session (else the login page);
// a POST needs the session's CSRF token and, when the browser names one, our
// own origin. The admin API takes the bearer token (scripts) or a session.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isAdmin } from '../../server/app.js';
import type { OperatorRole, Store } from '../../store/types.js';
import { csrfMatches, readSession, sameOrigin, type Operator, type Session } from './session.js';

const sessions = new WeakMap<FastifyRequest, Session>();
const operators = new WeakMap<FastifyRequest, Operator>();

/** The operator of a request that passed a guard. */
export function operatorOf(request: FastifyRequest): Operator {
  const operator = operators.get(request);
  if (!operator) throw new Error('operatorOf called on a request without a guard');
  return operator;
}

export function sessionOf(request: FastifyRequest): Session | undefined {
  return sessions.get(request);
}

export const ROLE_LABELS: Record<OperatorRole, string> = { admin: 'Quản trị', staff: 'Cán bộ phường', volunteer: 'Tình nguyện viên' };

function forbidden(reply: FastifyReply, why: string) {
  return reply.code(403).type('text/plain; charset=utf-8').send(why);
}

export function pageGuard(store: Store, roles: OperatorRole[] = ['admin', 'staff', 'volunteer']) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const session = await readSession(store, request);
    if (!session) return reply.code(303).header('location', '/admin/login').send();
    if (!roles.includes(session.operator.role)) return forbidden(reply, 'Tài khoản của bạn không dùng được trang này. / Your role cannot use this page.');
    if (request.method !== 'GET') {
      const token = (request.body as Record<string, unknown> | undefined)?._csrf ?? request.headers['x-csrf-token'];
      if (!sameOrigin(request) || !csrfMatches(session, token)) return forbidden(reply, 'Phiên làm việc đã hết hạn, hãy tải lại trang. / The form is out of date (CSRF), reload the page.');
    }
    sessions.set(request, session);
    operators.set(request, session.operator);
  };
}

/** Bearer ADMIN_TOKEN (acts as an admin named "api-token") or a console session. */
export function apiGuard(store: Store, adminToken: string | undefined, roles: OperatorRole[] = ['admin', 'staff', 'volunteer']) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (isAdmin(request, adminToken)) {
      operators.set(request, { username: 'api-token', role: 'admin', wards: [] });
      return;
    }
    const session = request.headers.authorization ? null : await readSession(store, request);
    if (!session) return reply.code(401).send({ error: 'Cần mã quản trị (Authorization: Bearer …) hoặc đăng nhập bảng điều khiển. / An admin token or a console session is required.' });
    if (!roles.includes(session.operator.role)) return reply.code(403).send({ error: 'Tài khoản này không có quyền. / Not allowed for this role.' });
    if (request.method !== 'GET' && (!sameOrigin(request) || !csrfMatches(session, request.headers['x-csrf-token']))) {
      return reply.code(403).send({ error: 'Thiếu mã chống giả mạo (X-CSRF-Token). / Missing CSRF token.' });
    }
    sessions.set(request, session);
    operators.set(request, session.operator);
  };
}

/** One line per operator action, newest first in the audit page. */
export async function audit(store: Store, operator: Operator, action: string, detail?: string): Promise<void> {
  await store.operators.audit({ at: new Date().toISOString(), username: operator.username, action, ...(detail ? { detail: detail.slice(0, 300) } : {}) });
}
