// Redis store (ioredis): the parts on one connection, Lua scripts defined once.
// `url` is a Redis URL or a Cluster/Sentinel descriptor (src/cluster/redis-connection.ts).
import { connectRedis, isClusterDescriptor, type RedisClient } from '../../cluster/redis-connection.js';
import type { Redis } from 'ioredis';
import type { Store } from '../types.js';
import { RedisBroadcasts, RedisOperators, RedisShared, RedisVolunteers } from './parts.js';
import { CLAIM_OVERDUE, COMMIT, FORGET, MARK_SENT, MARK_SENT_ONE, VOLUNTEER_ADD } from './scripts.js';
import { RedisUsers, type RedisConnection } from './users.js';
import { RedisInvites, RedisSurveys } from './journey-parts.js';
import { CERTIFICATE_ISSUE, RedisCertificates } from './certificates.js';

const PING_TIMEOUT_MS = 1000;

export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  readonly users: RedisUsers;
  readonly volunteers: RedisVolunteers;
  readonly shared: RedisShared;
  readonly broadcasts: RedisBroadcasts;
  readonly operators: RedisOperators;
  readonly surveys: RedisSurveys;
  readonly invites: RedisInvites;
  readonly certificates: RedisCertificates;
  readonly cluster: boolean;
  readonly prefix: string;
  private readonly redis: RedisConnection;

  /** `prefix` namespaces every key (tests use their own). */
  constructor(url: string, options: { prefix?: string } = {}) {
    const prefix = options.prefix ?? 'hvs:';
    this.prefix = prefix;
    // Commands fail fast while Redis is away (offline queue off, one retry), so a turn answers 503 at once instead of hanging.
    this.cluster = isClusterDescriptor(url);
    const redis = connectRedis(url, { maxRetriesPerRequest: 1, enableAutoPipelining: true, enableOfflineQueue: true, connectTimeout: 2000 });
    // A variable number of keys on one server (survey hashes); a fixed five on a Cluster, where
    // ioredis routes auto-pipelined commands by their first argument, which must then be a key.
    redis.defineCommand('hvsCommit', this.cluster ? { numberOfKeys: 5, lua: COMMIT } : { lua: COMMIT });
    redis.defineCommand('hvsForget', this.cluster ? { numberOfKeys: 5, lua: FORGET } : { lua: FORGET });
    redis.defineCommand('hvsMarkSent', { lua: MARK_SENT });
    redis.defineCommand('hvsClaimOverdue', { numberOfKeys: 1, lua: CLAIM_OVERDUE });
    redis.defineCommand('hvsMarkSentOne', { numberOfKeys: 1, lua: MARK_SENT_ONE });
    redis.defineCommand('hvsVolunteerAdd', { numberOfKeys: 2, lua: VOLUNTEER_ADD });
    redis.defineCommand('hvsCertificateIssue', { numberOfKeys: 3, lua: CERTIFICATE_ISSUE });
    redis.on('error', () => {
      // Reported through ping() and /healthz; ioredis reconnects by itself.
    });
    this.redis = redis as RedisConnection;
    this.certificates = new RedisCertificates(redis, prefix);
    this.users = new RedisUsers(this.redis, prefix, this.cluster, (userKey) => this.certificates.forgetHolder(userKey, new Date().toISOString()));
    this.volunteers = new RedisVolunteers(redis, this.users.volunteerKeys);
    this.shared = new RedisShared(redis, prefix);
    this.broadcasts = new RedisBroadcasts(redis, prefix);
    this.operators = new RedisOperators(redis, prefix);
    this.surveys = new RedisSurveys(redis, prefix);
    this.invites = new RedisInvites(redis, prefix);
  }

  async ping(): Promise<boolean> {
    try {
      return (await withTimeout(this.redis.ping(), PING_TIMEOUT_MS)) === 'PONG';
    } catch {
      return false;
    }
  }

  /**
   * The underlying connection, for modules that need Redis itself (rate limits,
   * leases). On Redis Cluster it is an ioredis Cluster, which has the same command
   * methods (typed as Redis so callers need not care; see `connection`).
   */
  get client(): Redis {
    return this.redis as unknown as Redis;
  }

  get connection(): RedisClient {
    return this.redis;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}
