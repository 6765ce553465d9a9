// TRUST_PROXY: which reverse proxies may tell us the client's address through
// X-Forwarded-For. "true" (trust the whole chain) is refused: any client could
// then pick its own address, and with it its own flood-limit key.
import { isIP } from 'node:net';
import { z } from 'zod';

/** false: use the socket address; a number: that many proxy hops; a list: the proxies' addresses or CIDRs. */
export type TrustProxy = false | number | string[];

const MAX_HOPS = 10;
/** Names proxy-addr understands for whole address ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export const TRUST_PROXY_EXPECTED =
  `false, the number of proxies in front of the tutor (1 to ${MAX_HOPS}, e.g. 1 for one nginx), ` +
  "or the proxies' addresses or CIDR ranges separated by commas (e.g. 127.0.0.1,10.0.0.0/8, or loopback); " +
  '"true" is refused because it trusts any X-Forwarded-For a client sends';

export function parseTrustProxy(raw: string): TrustProxy | undefined {
  const value = raw.trim().toLowerCase();
  if (value === 'false' || value === 'no' || value === '0') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops >= 1 && hops <= MAX_HOPS ? hops : undefined;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  return entries.every(isProxyAddress) ? entries : undefined;
}

function isProxyAddress(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

export const trustProxySchema = z
  .string()
  .default('false')
  .transform((raw, context) => {
    const parsed = parseTrustProxy(raw);
    if (parsed === undefined) {
      context.addIssue({ code: 'custom', message: TRUST_PROXY_EXPECTED });
      return z.NEVER;
    }
    return parsed;
  })
  .describe(TRUST_PROXY_EXPECTED);
