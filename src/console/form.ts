// HTML form bodies (application/x-www-form-urlencoded), parsed only inside the
// console's routes; repeated fields (checkboxes) become arrays.
import type { FastifyInstance } from 'fastify';

export type FormBody = Record<string, string | string[]>;

export function parseForm(body: string): FormBody {
  const form: FormBody = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = form[name];
    form[name] = seen === undefined ? value : [...[seen].flat(), value];
  }
  return form;
}

export function useFormBodies(scope: FastifyInstance): void {
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, parseForm(String(body))));
}

export function field(form: unknown, name: string): string {
  const value = (form as FormBody | undefined)?.[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
}

export function fields(form: unknown, name: string): string[] {
  const value = (form as FormBody | undefined)?.[name];
  return value === undefined
    ? []
    : [value]
        .flat()
        .map((v) => v.trim())
        .filter(Boolean);
}
