// A TCP proxy between a process under test and Redis, on 127.0.0.1. It reads
// the RESP protocol both ways, so it can count what the process does (commands,
// and write bursts: a burst is one write that starts a new exchange, i.e. one
// round trip when nothing else shares the connection) and hold traffic at an
// exact point: before a command reaches Redis, or after Redis has executed a
// command but before its reply reaches the client (a crash "after the commit").
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ProxyCounts {
  /** Client→server writes that began with a new command (not the rest of one split across packets). */
  bursts: number;
  commands: number;
  /** Commands by upper-case name (EVALSHA, HMGET…). */
  byName: Record<string, number>;
  connections: number;
}

type Matcher = (args: string[]) => boolean;

interface Connection {
  client: Socket;
  server: Socket;
  pending: Buffer;
  replies: RespCounter;
  commandsSent: number;
  /** Client bytes not forwarded (a held command and everything after it). */
  heldClient?: Buffer[];
  /** Server bytes not forwarded (replies held back). */
  heldServer?: Buffer[];
  waitReply?: { index: number; resolve: () => void };
}

export class RedisProxy {
  port = 0;
  private server!: Server;
  private readonly connections = new Set<Connection>();
  private counts: ProxyCounts = { bursts: 0, commands: 0, byName: {}, connections: 0 };
  private commandHolds: { matches: Matcher; resolve: () => void }[] = [];
  private replyHolds: { matches: Matcher; resolve: () => void }[] = [];

  static async start(target = { host: '127.0.0.1', port: 6379 }): Promise<RedisProxy> {
    const proxy = new RedisProxy();
    proxy.server = createServer((client) => proxy.accept(client, target));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.server.address() as AddressInfo).port;
    return proxy;
  }

  /** A redis:// URL through the proxy, for db `db`. */
  url(db = 0): string {
    return `redis://127.0.0.1:${this.port}/${db}`;
  }

  snapshot(): ProxyCounts {
    return { ...this.counts, byName: { ...this.counts.byName } };
  }

  /** The next command matching is not passed to Redis (nor anything after it on that connection); resolves when it arrives. */
  holdCommand(matches: Matcher): Promise<void> {
    return new Promise((resolve) => this.commandHolds.push({ matches, resolve }));
  }

  /** The next command matching runs in Redis, but no reply reaches the client after it; resolves once Redis has answered it. */
  holdReplyTo(matches: Matcher): Promise<void> {
    return new Promise((resolve) => this.replyHolds.push({ matches, resolve }));
  }

  async close(): Promise<void> {
    for (const connection of this.connections) {
      connection.client.destroy();
      connection.server.destroy();
    }
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: Socket, target: { host: string; port: number }): void {
    const server = createConnection(target);
    client.setNoDelay(true);
    server.setNoDelay(true);
    const connection: Connection = { client, server, pending: Buffer.alloc(0), replies: new RespCounter(), commandsSent: 0 };
    this.connections.add(connection);
    this.counts.connections++;
    const end = () => {
      this.connections.delete(connection);
      client.destroy();
      server.destroy();
    };
    client.on('data', (chunk: Buffer) => this.fromClient(connection, chunk));
    server.on('data', (chunk: Buffer) => this.fromServer(connection, chunk));
    client.on('close', end).on('error', end);
    server.on('close', end).on('error', end);
  }

  private fromClient(connection: Connection, chunk: Buffer): void {
    if (connection.heldClient) {
      connection.heldClient.push(chunk);
      return;
    }
    if (connection.pending.length === 0) this.counts.bursts++;
    const buffer = connection.pending.length ? Buffer.concat([connection.pending, chunk]) : chunk;
    let offset = 0;
    for (;;) {
      const parsed = parseCommand(buffer, offset);
      if (!parsed) break;
      const commandHold = this.commandHolds.find((h) => h.matches(parsed.args));
      if (commandHold) {
        this.commandHolds = this.commandHolds.filter((h) => h !== commandHold);
        connection.server.write(buffer.subarray(0, offset));
        connection.heldClient = [buffer.subarray(offset)];
        connection.pending = Buffer.alloc(0);
        commandHold.resolve();
        return;
      }
      this.count(parsed.args);
      connection.commandsSent++;
      const replyHold = this.replyHolds.find((h) => h.matches(parsed.args));
      if (replyHold) {
        this.replyHolds = this.replyHolds.filter((h) => h !== replyHold);
        connection.heldServer ??= [];
        connection.waitReply = { index: connection.commandsSent, resolve: replyHold.resolve };
      }
      offset = parsed.next;
    }
    // Only whole commands go on, so a hold can stop exactly before one.
    connection.server.write(buffer.subarray(0, offset));
    connection.pending = Buffer.from(buffer.subarray(offset));
  }

  private fromServer(connection: Connection, chunk: Buffer): void {
    connection.replies.push(chunk);
    if (connection.heldServer) connection.heldServer.push(chunk);
    else connection.client.write(chunk);
    const wait = connection.waitReply;
    if (wait && connection.replies.count >= wait.index) {
      connection.waitReply = undefined;
      wait.resolve();
    }
  }

  private count(args: string[]): void {
    const name = (args[0] ?? '').toUpperCase();
    this.counts.commands++;
    this.counts.byName[name] = (this.counts.byName[name] ?? 0) + 1;
  }
}

/** One client command (a RESP array of bulk strings, or an inline command) from `offset`, or null when incomplete. */
export function parseCommand(buffer: Buffer, offset: number): { args: string[]; next: number } | null {
  if (offset >= buffer.length) return null;
  if (buffer[offset] !== 0x2a /* '*' */) {
    const eol = buffer.indexOf('\r\n', offset);
    if (eol < 0) return null;
    return { args: buffer.toString('utf8', offset, eol).trim().split(/\s+/), next: eol + 2 };
  }
  let eol = buffer.indexOf('\r\n', offset);
  if (eol < 0) return null;
  const count = Number(buffer.toString('ascii', offset + 1, eol));
  let position = eol + 2;
  const args: string[] = [];
  for (let i = 0; i < count; i++) {
    eol = buffer.indexOf('\r\n', position);
    if (eol < 0) return null;
    const length = Number(buffer.toString('ascii', position + 1, eol));
    const start = eol + 2;
    if (buffer.length < start + length + 2) return null;
    args.push(buffer.toString('utf8', start, start + length));
    position = start + length + 2;
  }
  return { args, next: position };
}

/** Counts complete RESP replies (RESP2 and the common RESP3 types) in a byte stream. */
export class RespCounter {
  count = 0;
  private pending = Buffer.alloc(0);

  push(chunk: Buffer): void {
    let buffer = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let offset = 0;
    for (;;) {
      const next = skipValue(buffer, offset);
      if (next < 0) break;
      this.count++;
      offset = next;
    }
    buffer = buffer.subarray(offset);
    this.pending = Buffer.from(buffer);
  }
}

/** The offset after one RESP value starting at `offset`, or -1 when incomplete. */
function skipValue(buffer: Buffer, offset: number): number {
  if (offset >= buffer.length) return -1;
  const eol = buffer.indexOf('\r\n', offset);
  if (eol < 0) return -1;
  const type = String.fromCharCode(buffer[offset]!);
  const head = buffer.toString('ascii', offset + 1, eol);
  let position = eol + 2;
  switch (type) {
    case '$':
    case '!':
    case '=': {
      const length = Number(head);
      if (length < 0) return position;
      return buffer.length < position + length + 2 ? -1 : position + length + 2;
    }
    case '*':
    case '~':
    case '>':
    case '%': {
      const items = Number(head) * (type === '%' ? 2 : 1);
      for (let i = 0; i < items; i++) {
        position = skipValue(buffer, position);
        if (position < 0) return -1;
      }
      return position;
    }
    default: // + - : _ , # ( : a single line
      return position;
  }
}
