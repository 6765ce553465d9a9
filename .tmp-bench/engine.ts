// Driver-like sequence through the pure engine with the real content: µs per turn, text vs press.
import path from 'node:path';
import { defaultContentPaths, loadContent } from '../src/content/loader.js';
import { flowSources } from '../src/content/registry.js';
import { turn } from '../src/engine/router.js';
import type { UserState } from '../src/engine/state.js';
const ROOT = path.resolve(import.meta.dirname, '..');
const content = await loadContent(defaultContentPaths(), flowSources);
const ctxBase = { registry: content.registry, catalog: content.catalog, replyStillSending: false };
const users = Number(process.env.U ?? 200), turns = 30;
let now = 1_800_000_000_000;
const cost = { text: 0, press: 0, nt: 0, np: 0 };
for (let round = 0; round < Number(process.env.R ?? 3); round++) {
  const states: (UserState | null)[] = Array(users).fill(null);
  const lastButtons: ({ label: string; payload: string }[] | undefined)[] = Array(users).fill(undefined);
  for (let t = 0; t <= turns; t++) {
    for (let u = 0; u < users; u++) {
      const b = lastButtons[u];
      const inbound = t === 0 ? { text: '/start' } : b?.length ? { payload: b[0]!.payload } : { text: '1' };
      const t0 = performance.now();
      const r = turn(states[u]!, { channel: 'telegram', userId: String(u), messageId: `${round}-${t}-${u}`, at: now, ...inbound }, { ...ctxBase, now: (now += 10) });
      const dt = performance.now() - t0;
      if (round > 0) { if ('payload' in inbound) { cost.press += dt; cost.np++; } else { cost.text += dt; cost.nt++; } }
      states[u] = r.state;
      const msgs = [...r.outbox, ...(r.service?.after ?? [])];
      lastButtons[u] = [...msgs].reverse().find((m) => m.buttons?.length)?.buttons;
    }
  }
}
console.log(`text ${(1000 * cost.text / cost.nt).toFixed(1)} µs (${cost.nt}), press ${(1000 * cost.press / cost.np).toFixed(1)} µs (${cost.np})`);
