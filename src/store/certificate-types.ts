// Store part of certificates: one per resident, found by its verify code. A
// certificate names its holder (userKey) only while it is valid and held;
// "xóa dữ liệu" (users.forget) revokes it and keeps nothing but the code, the
// date and the revocation, so the verify page can still say "đã thu hồi".

export interface CertificateRecord {
  /** The verify code printed on it and in its QR code (PUBLIC_URL/verify/<code>). */
  code: string;
  issuedAt: string;
  /** The name the resident chose to show; absent when they chose none. */
  name?: string;
  ward?: string;
  /** The titles of the areas passed. */
  areas: string[];
  status: 'valid' | 'revoked';
  revokedAt?: string;
  /** Who revoked it: an operator, or the resident by deleting their data. */
  revokedBy?: 'operator' | 'forgotten';
  /** The holder, while it is held (removed when their data is deleted). */
  userKey?: string;
}

export type CertificateDraft = Pick<CertificateRecord, 'code' | 'issuedAt' | 'name' | 'ward' | 'areas'>;

export interface CertificateStore {
  /** Saves the draft unless the resident holds a certificate already; returns the one they hold (one per resident). */
  issue(userKey: string, draft: CertificateDraft): Promise<CertificateRecord>;
  get(code: string): Promise<CertificateRecord | null>;
  /** The certificate the resident holds. */
  heldBy(userKey: string): Promise<CertificateRecord | null>;
  /** Newest first. */
  list(limit: number): Promise<CertificateRecord[]>;
  /** An operator revokes it (kept, marked revoked); null for an unknown code. */
  revoke(code: string, at: string): Promise<CertificateRecord | null>;
}

/** What is left of a certificate whose holder deleted their data. */
export function forgottenCertificate(record: CertificateRecord, at: string): CertificateRecord {
  return { code: record.code, issuedAt: record.issuedAt, areas: [], status: 'revoked', revokedAt: record.revokedAt ?? at, revokedBy: 'forgotten' };
}

export function revokedByOperator(record: CertificateRecord, at: string): CertificateRecord {
  return record.status === 'revoked' ? record : { ...record, status: 'revoked', revokedAt: at, revokedBy: 'operator' };
}
