// Certificates on Redis: every key under one hash tag ({certs}), so the issue
// script touches one slot on a Cluster too. A record per code, the code each
// resident holds, and a time index for the operators' list.
import type { RedisClient as Redis } from '../../cluster/redis-connection.js';
import { forgottenCertificate, revokedByOperator, type CertificateDraft, type CertificateRecord, type CertificateStore } from '../certificate-types.js';

/** Keeps the holder's first certificate: a second issue returns the code they hold. */
export const CERTIFICATE_ISSUE = `
local held = redis.call('GET', KEYS[1])
if held then return held end
redis.call('SET', KEYS[3], ARGV[2])
redis.call('SET', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return ARGV[1]
`;

type IssueScript = { hvsCertificateIssue(...args: (string | number)[]): Promise<string> };

export class RedisCertificates implements CertificateStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(code: string): string {
    return `${this.prefix}{certs}:c:${code}`;
  }

  private holderKey(userKey: string): string {
    return `${this.prefix}{certs}:u:${userKey}`;
  }

  private get indexKey(): string {
    return `${this.prefix}{certs}:by-time`;
  }

  async issue(userKey: string, draft: CertificateDraft): Promise<CertificateRecord> {
    const record: CertificateRecord = { ...draft, status: 'valid', userKey };
    const script = this.redis as unknown as IssueScript;
    const code = await script.hvsCertificateIssue(this.holderKey(userKey), this.indexKey, this.key(draft.code), draft.code, JSON.stringify(record), Date.parse(draft.issuedAt));
    return code === draft.code ? record : ((await this.get(code)) ?? record);
  }

  async get(code: string): Promise<CertificateRecord | null> {
    const json = await this.redis.get(this.key(code));
    return json ? (JSON.parse(json) as CertificateRecord) : null;
  }

  async heldBy(userKey: string): Promise<CertificateRecord | null> {
    const code = await this.redis.get(this.holderKey(userKey));
    return code ? this.get(code) : null;
  }

  async list(limit: number): Promise<CertificateRecord[]> {
    const codes = await this.redis.zrevrange(this.indexKey, 0, Math.max(0, limit - 1));
    if (codes.length === 0) return [];
    const items = await this.redis.mget(...codes.map((code) => this.key(code)));
    return items.filter((item): item is string => item !== null).map((item) => JSON.parse(item) as CertificateRecord);
  }

  async revoke(code: string, at: string): Promise<CertificateRecord | null> {
    const record = await this.get(code);
    if (!record) return null;
    const revoked = revokedByOperator(record, at);
    await this.redis.set(this.key(code), JSON.stringify(revoked));
    return revoked;
  }

  /** users.forget: the holder's certificate is revoked and keeps nothing that names them. */
  async forgetHolder(userKey: string, at: string): Promise<void> {
    const record = await this.heldBy(userKey);
    if (!record) return;
    await this.redis
      .multi()
      .set(this.key(record.code), JSON.stringify(forgottenCertificate(record, at)))
      .del(this.holderKey(userKey))
      .exec();
  }
}
