// Structured logs (pino). Every string passes through redaction, and resident
// message text is never logged at info level: turns log ids, events and timings.
import { createHash } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { traceMixin } from '../cluster/trace.js';
import { redactDeep } from '../privacy/redact.js';

export type { Logger };

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'hoc-vu-so' },
      // The turn's trace id, when the line is written inside one (src/cluster/trace.ts).
      mixin: traceMixin,
      formatters: { log: redactRecord },
      hooks: {
        logMethod(args, method) {
          const [first, ...rest] = args;
          const redactedArgs = (typeof first === 'string' ? [redactDeep(first), ...rest] : [first, ...rest.map((arg) => redactDeep(arg))]) as Parameters<typeof method>;
          method.apply(this, redactedArgs);
        },
      },
    },
    destination,
  );
}

/** Fields that carry our own identifiers, never resident text: left as they are. */
const OWN_FIELDS = new Set(['user', 'channel', 'component', 'service', 'events', 'attempt', 'flow', 'broadcast', 'job', 'trace']);

function redactRecord(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, OWN_FIELDS.has(key) ? value : redactDeep(value)]));
}

/** A stable pseudonym for a resident in logs and metrics, not their platform id. */
export function userTag(userKey: string): string {
  return createHash('sha256').update(userKey).digest('hex').slice(0, 12);
}
