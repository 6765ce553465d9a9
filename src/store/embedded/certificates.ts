// Certificates on LMDB: "c:<code>" → record, "u:<userKey>" → the code held.
// Forgetting runs inside the users' forget transaction (forgetHolderInTransaction).
import type { Database, RootDatabase } from 'lmdb';
import { forgottenCertificate, revokedByOperator, type CertificateDraft, type CertificateRecord, type CertificateStore } from '../certificate-types.js';

export class EmbeddedCertificates implements CertificateStore {
  constructor(
    private readonly root: RootDatabase,
    private readonly db: Database<unknown, string>,
  ) {}

  async issue(userKey: string, draft: CertificateDraft): Promise<CertificateRecord> {
    return this.root.transaction(() => {
      const held = this.db.get(`u:${userKey}`) as string | undefined;
      const existing = held ? (this.db.get(`c:${held}`) as CertificateRecord | undefined) : undefined;
      if (existing) return existing;
      const record: CertificateRecord = { ...draft, status: 'valid', userKey };
      void this.db.put(`c:${draft.code}`, record);
      void this.db.put(`u:${userKey}`, draft.code);
      return record;
    });
  }

  async get(code: string): Promise<CertificateRecord | null> {
    return (this.db.get(`c:${code}`) as CertificateRecord | undefined) ?? null;
  }

  async heldBy(userKey: string): Promise<CertificateRecord | null> {
    const code = this.db.get(`u:${userKey}`) as string | undefined;
    return code ? this.get(code) : null;
  }

  async list(limit: number): Promise<CertificateRecord[]> {
    const all = [...this.db.getRange({ start: 'c:', end: 'c;' })].map(({ value }) => value as CertificateRecord);
    return all.sort((a, b) => b.issuedAt.localeCompare(a.issuedAt)).slice(0, limit);
  }

  async revoke(code: string, at: string): Promise<CertificateRecord | null> {
    return this.root.transaction(() => {
      const record = this.db.get(`c:${code}`) as CertificateRecord | undefined;
      if (!record) return null;
      const revoked = revokedByOperator(record, at);
      void this.db.put(`c:${code}`, revoked);
      return revoked;
    });
  }

  /** Called inside the users' forget transaction, so forgetting and revoking are one write. */
  forgetHolderInTransaction(userKey: string, at: string): void {
    const code = this.db.get(`u:${userKey}`) as string | undefined;
    if (!code) return;
    const record = this.db.get(`c:${code}`) as CertificateRecord | undefined;
    if (record) void this.db.put(`c:${code}`, forgottenCertificate(record, at));
    void this.db.remove(`u:${userKey}`);
  }
}
