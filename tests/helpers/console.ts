// The operator console over real HTTP, for console tests: accounts, login with
// the form, GET and POST with the session cookie, and the CSRF token of a page.
import { hashPassword } from '../../src/console/auth/password.js';
import type { TestTutor } from './tutor.js';

export type Role = 'admin' | 'staff' | 'volunteer';

export const csrfIn = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)![1]!;

export function form(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) params.append(name, v);
  return params.toString();
}

export function consoleClient(tutor: () => TestTutor) {
  const url = () => tutor().url;
  return {
    /** Password: `<username>-password-1`. */
    async addAccount(username: string, role: Role, wards: string[] = []) {
      await tutor().store.operators.saveAccount({ username, role, wards, passwordHash: await hashPassword(`${username}-password-1`), createdAt: new Date().toISOString() });
    },
    /** An admin, staff of Hòa Bình and of Bến Nghé, and a volunteer. */
    async addTeam() {
      await this.addAccount('an-admin', 'admin');
      await this.addAccount('lan-staff', 'staff', ['Phường Hòa Bình']);
      await this.addAccount('binh-staff', 'staff', ['Phường Bến Nghé']);
      await this.addAccount('mai-tnv', 'volunteer');
    },
    async login(username: string, password = `${username}-password-1`) {
      const response = await fetch(`${url()}/admin/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ username, password }),
      });
      const setCookie = response.headers.get('set-cookie') ?? '';
      return { response, setCookie, cookie: setCookie.split(';')[0]! };
    },
    async get(path: string, cookie: string) {
      const response = await fetch(`${url()}${path}`, { headers: { cookie }, redirect: 'manual' });
      return { response, status: response.status, type: response.headers.get('content-type'), body: await response.text() };
    },
    async post(path: string, cookie: string, fields: Record<string, string | string[]>) {
      const response = await fetch(`${url()}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: form(fields) });
      return { response, status: response.status, body: await response.text() };
    },
  };
}
