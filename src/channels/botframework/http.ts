// The bridge between Fastify and botbuilder's CloudAdapter.process, which
// expects an express/restify-like req/res (Fastify has already parsed the JSON
// body), and the loopback check for Emulator mode.
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface AdapterRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** The subset of an express response that CloudAdapter.process uses; collects what it sets. */
export class AdapterResponse {
  statusCode = 200;
  body: unknown;
  readonly headers: Record<string, string> = {};
  ended = false;

  constructor(readonly socket: unknown) {}

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(name: string, value: unknown): this {
    this.headers[name] = String(value);
    return this;
  }

  send(body?: unknown): this {
    this.body = body;
    return this;
  }

  end(): this {
    this.ended = true;
    return this;
  }

  /** Writes what the adapter decided to the Fastify reply. */
  sendTo(reply: FastifyReply): FastifyReply {
    reply.code(this.statusCode).headers(this.headers);
    if (this.body === undefined || this.body === null || this.body === '') return reply.send();
    return reply.send(this.body);
  }
}

/** The request for CloudAdapter.process, or undefined when the body is not an activity (answered 400 here: the SDK would throw). */
export function toAdapterRequest(request: FastifyRequest): AdapterRequest | undefined {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const type = (body as { type?: unknown }).type;
  if (typeof type !== 'string' || type.length === 0) return undefined;
  const serviceUrl = (body as { serviceUrl?: unknown }).serviceUrl;
  if (typeof serviceUrl !== 'string' || !/^https?:\/\/[^\s]+$/.test(serviceUrl)) return undefined;
  return { method: request.method, headers: request.headers, body: body as Record<string, unknown> };
}

/**
 * Emulator mode accepts only requests made on this machine: the peer must be a
 * loopback address, and so must every address in forwarding headers, so a
 * reverse proxy on the same host cannot let the internet in unauthenticated.
 */
export function isFromLoopback(request: FastifyRequest): boolean {
  if (!isLoopbackAddress(request.socket.remoteAddress) || !isLoopbackAddress(request.ip)) return false;
  return forwardedAddresses(request).every(isLoopbackAddress);
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address
    .trim()
    .replace(/^\[|\](:\d+)?$/g, '')
    .replace(/^::ffff:/i, '');
  return plain === '::1' || plain.toLowerCase() === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}(:\d+)?$/.test(plain);
}

function forwardedAddresses(request: FastifyRequest): string[] {
  const values = (name: string): string[] => {
    const value = request.headers[name];
    return (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v) => v.split(','));
  };
  const forwardedFor = values('forwarded').flatMap((part) => [...part.matchAll(/for=("?)([^";]+)\1/gi)].map((match) => match[2]!));
  return [...values('x-forwarded-for'), ...values('x-real-ip'), ...forwardedFor].map((v) => v.trim()).filter(Boolean);
}
