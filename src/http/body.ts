// HTTP helpers shared by the server and the channels' routes. They live here,
// outside src/server/, so a channel never depends on the server's internals.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

/** A zod error as one line of plain words: "path: message; path: message". */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/** Parses a request body with a zod schema; answers 400 in plain words when it does not fit. */
export function parseBody<T extends z.ZodType>(schema: T, request: FastifyRequest, reply: FastifyReply): z.output<T> | undefined {
  const parsed = schema.safeParse(request.body);
  if (parsed.success) return parsed.data;
  void reply.code(400).send({ error: describeZodError(parsed.error) });
  return undefined;
}
