// One way to reach Redis, whatever its shape: a single server (REDIS_URL), a
// Cluster (REDIS_CLUSTER_NODES) or a Sentinel group (REDIS_SENTINELS +
// REDIS_SENTINEL_NAME). Configuration turns the last two into a descriptor
// string (redis-cluster://h:p,h:p or redis-sentinel://name@h:p,h:p) so every
// module keeps taking one `redisUrl` string and asks this file for a client.
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

export type RedisClient = Redis | Cluster;

export interface RedisTarget {
  kind: 'single' | 'cluster' | 'sentinel';
  url?: string;
  nodes: { host: string; port: number }[];
  sentinelName?: string;
  password?: string;
}

const CLUSTER_SCHEME = 'redis-cluster://';
const SENTINEL_SCHEME = 'redis-sentinel://';

/** "h1:7000,h2:7001" → nodes; throws with the bad entry named. */
export function parseNodes(list: string): { host: string; port: number }[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = /^([^:\s]+):(\d{1,5})$/.exec(entry);
      const port = Number(match?.[2]);
      if (!match || port < 1 || port > 65535) throw new Error(`"${entry}" is not host:port`);
      return { host: match[1]!, port };
    });
}

export function clusterDescriptor(nodes: string, password?: string): string {
  return `${CLUSTER_SCHEME}${password ? `${encodeURIComponent(password)}@` : ''}${nodes.replace(/\s+/g, '')}`;
}

export function sentinelDescriptor(name: string, sentinels: string, password?: string): string {
  return `${SENTINEL_SCHEME}${encodeURIComponent(name)}${password ? `:${encodeURIComponent(password)}` : ''}@${sentinels.replace(/\s+/g, '')}`;
}

export function parseTarget(descriptor: string): RedisTarget {
  if (descriptor.startsWith(CLUSTER_SCHEME)) {
    const rest = descriptor.slice(CLUSTER_SCHEME.length);
    const at = rest.lastIndexOf('@');
    return { kind: 'cluster', nodes: parseNodes(rest.slice(at + 1)), ...(at >= 0 ? { password: decodeURIComponent(rest.slice(0, at)) } : {}) };
  }
  if (descriptor.startsWith(SENTINEL_SCHEME)) {
    const rest = descriptor.slice(SENTINEL_SCHEME.length);
    const at = rest.lastIndexOf('@');
    const [name, password] = rest.slice(0, at).split(':');
    return { kind: 'sentinel', nodes: parseNodes(rest.slice(at + 1)), sentinelName: decodeURIComponent(name!), ...(password ? { password: decodeURIComponent(password) } : {}) };
  }
  return { kind: 'single', url: descriptor, nodes: [] };
}

export function isClusterDescriptor(descriptor: string | undefined): boolean {
  return descriptor?.startsWith(CLUSTER_SCHEME) === true;
}

/** A client for the target; `options` are per-connection settings (retries, pipelining). */
export function connectRedis(descriptor: string, options: RedisOptions = {}): RedisClient {
  const target = parseTarget(descriptor);
  if (target.kind === 'cluster') {
    const clusterOptions: ClusterOptions = {
      redisOptions: { ...options, ...(target.password ? { password: target.password } : {}) },
      enableAutoPipelining: options.enableAutoPipelining,
      enableOfflineQueue: options.enableOfflineQueue,
      // Keeps a dead master from making every command wait: fail fast, ioredis refreshes the slots.
      clusterRetryStrategy: (times) => Math.min(100 * times, 2000),
    };
    return new Cluster(target.nodes, clusterOptions);
  }
  if (target.kind === 'sentinel') {
    return new Redis({ ...options, sentinels: target.nodes, name: target.sentinelName!, ...(target.password ? { password: target.password, sentinelPassword: target.password } : {}) });
  }
  return new Redis(target.url!, options);
}
