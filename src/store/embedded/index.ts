// Embedded store: LMDB (lmdb-js) under DATA_DIR, no server needed. One table per
// part; a turn is one write transaction (compare-and-set on the user's version),
// durable when its promise resolves, so an answered turn survives kill -9.
// Several processes may share the folder.
import { mkdirSync } from 'node:fs';
import { open, type RootDatabase } from 'lmdb';
import { EmbeddedBroadcasts, EmbeddedOperators, EmbeddedRecipients, EmbeddedShared, EmbeddedVolunteers, type Tables } from './parts.js';
import { EmbeddedUsers } from './users.js';
import { EmbeddedInvites, EmbeddedSurveys } from './journey-parts.js';
import { EmbeddedCertificates } from './certificates.js';
import type { Store } from '../types.js';

const SWEEP_EVERY_MS = 3600_000;

export class LmdbStore implements Store {
  readonly kind = 'embedded' as const;
  readonly users: EmbeddedUsers;
  readonly volunteers: EmbeddedVolunteers;
  readonly shared: EmbeddedShared;
  readonly broadcasts: EmbeddedBroadcasts;
  readonly recipients: EmbeddedRecipients;
  readonly operators: EmbeddedOperators;
  readonly surveys: EmbeddedSurveys;
  readonly invites: EmbeddedInvites;
  readonly certificates: EmbeddedCertificates;
  private readonly root: RootDatabase;
  private readonly sweeper: NodeJS.Timeout;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.root = open({ path: dir, maxDbs: 16 });
    const tables: Tables = {
      root: this.root,
      users: this.root.openDB({ name: 'users.v2', useVersions: true }),
      sent: this.root.openDB({ name: 'sent' }),
      due: this.root.openDB({ name: 'deliveries-due' }),
      volunteers: this.root.openDB({ name: 'volunteer-questions' }),
      shared: this.root.openDB({ name: 'shared' }),
      broadcasts: this.root.openDB({ name: 'broadcasts' }),
      recipients: this.root.openDB({ name: 'broadcast-recipients' }),
      operators: this.root.openDB({ name: 'operators' }),
      surveys: this.root.openDB({ name: 'survey-answers' }),
      invites: this.root.openDB({ name: 'invite-codes' }),
    };
    this.certificates = new EmbeddedCertificates(this.root, this.root.openDB({ name: 'certificates' }));
    this.users = new EmbeddedUsers(tables, (userKey) => this.certificates.forgetHolderInTransaction(userKey, new Date().toISOString()));
    this.volunteers = new EmbeddedVolunteers(tables);
    this.shared = new EmbeddedShared(tables);
    this.broadcasts = new EmbeddedBroadcasts(tables);
    this.recipients = new EmbeddedRecipients(tables);
    this.operators = new EmbeddedOperators(tables);
    this.surveys = new EmbeddedSurveys(tables.surveys);
    this.invites = new EmbeddedInvites(tables.invites);
    // Redis expires keys itself; LMDB does not: expired cache entries and tombstones are swept.
    this.sweeper = setInterval(() => void this.sweepExpired().catch(() => undefined), SWEEP_EVERY_MS).unref();
  }

  /** Removes expired shared entries and forgotten users' tombstones; returns how many. */
  async sweepExpired(now = Date.now()): Promise<number> {
    return (await this.shared.sweep(now)) + (await this.users.sweepTombstones(now));
  }

  async ping(): Promise<boolean> {
    try {
      this.root.get('__ping__');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await this.root.close();
  }
}
