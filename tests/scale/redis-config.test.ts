// Redis settings: one way to reach Redis at a time, Cluster and Sentinel checked
// and turned into the descriptor every module takes.
import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../src/cluster/redis-connection.js';
import { ConfigError, loadConfig } from '../../src/config/index.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => `${p.variable}: ${p.expected}`);
  }
};

describe('Redis configuration', () => {
  it('turns cluster nodes into a descriptor, with the password', () => {
    const { core } = loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7000,10.0.0.3:7000', REDIS_PASSWORD: 's3cret' });
    expect(core.REDIS_URL).toBe('redis-cluster://s3cret@10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000');
    expect(parseTarget(core.REDIS_URL!)).toMatchObject({
      kind: 'cluster',
      password: 's3cret',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7000 },
        { host: '10.0.0.3', port: 7000 },
      ],
    });
  });

  it('turns sentinels into a descriptor with the master name', () => {
    const { core } = loadConfig({ REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_NAME: 'mymaster' });
    expect(parseTarget(core.REDIS_URL!)).toMatchObject({
      kind: 'sentinel',
      sentinelName: 'mymaster',
      nodes: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
    });
  });

  it('refuses two ways at once, sentinels without a name and nodes that are not host:port', () => {
    expect(problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: '10.0.0.1:7000' }).join('\n')).toMatch(/REDIS_URL: only one of REDIS_URL, REDIS_CLUSTER_NODES/);
    expect(problemsOf({ REDIS_SENTINELS: 's1:26379' }).join('\n')).toMatch(/REDIS_SENTINEL_NAME/);
    expect(problemsOf({ REDIS_CLUSTER_NODES: '10.0.0.1' }).join('\n')).toMatch(/REDIS_CLUSTER_NODES: Redis Cluster nodes as host:port/);
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).core.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });
});
