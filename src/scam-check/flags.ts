// The red flags the checker can raise, and how much each weighs. A message's
// level comes from the sum of its flags' weights (see check.ts).

export const FLAG_WEIGHTS = {
  // Any one of these alone makes a message dangerous.
  'credential-request': 4,
  'safe-account': 4,
  'remote-app': 4,
  'link-apk': 4,
  'link-lookalike': 4,
  'link-punycode': 4,
  'link-ip': 4,
  'link-userinfo': 4,
  'link-subdomain': 4,
  'link-confusable': 4,
  // Suspicious on their own; dangerous together.
  'transfer-request': 2,
  'threat': 2,
  'secrecy': 2,
  'too-good': 2,
  'install-app': 2,
  'link-shortener': 2,
  'link-suspicious-tld': 2,
  'link-http': 2,
  'link-action': 2,
  'phone-foreign': 2,
  'pattern': 2,
  // Weak alone (real notices have them too); they tip the balance together.
  'urgency': 1,
  'impersonation': 1,
  'link-unknown': 1,
  'money-mention': 1,
  'personal-contact': 1,
  'model': 0,
} as const;

export type FlagCode = keyof typeof FLAG_WEIGHTS;

export interface Flag {
  code: FlagCode;
  weight: number;
  /** What triggered it, for the resident ("vietcombank-vn.com", "Công an"). */
  detail?: string;
}

export function flag(code: FlagCode, detail?: string, weight: number = FLAG_WEIGHTS[code]): Flag {
  return detail === undefined ? { code, weight } : { code, weight, detail };
}

export const FLAG_CODES = Object.keys(FLAG_WEIGHTS) as FlagCode[];
