// The Grafana dashboard and the Prometheus alert rules only use metrics the
// tutor really exports (a renamed metric would leave a panel empty, an alert silent).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Metrics } from '../../src/server/metrics.js';
import { ROOT } from '../helpers/engine.js';

async function exported(): Promise<Set<string>> {
  const metrics = new Metrics({ defaultMetrics: true });
  return new Set((await metrics.registry.getMetricsAsJSON()).map((metric) => metric.name));
}

function used(expressions: string[]): string[] {
  const names = expressions.flatMap((expr) => expr.match(/\bhvs_[a-z0-9_]+/g) ?? []);
  return [...new Set(names.map((name) => name.replace(/_(bucket|count|sum)$/, '')))];
}

describe('monitoring files', () => {
  it('the dashboard and the alert rules name only exported metrics', async () => {
    const names = await exported();
    const dashboard = JSON.parse(readFileSync(path.join(ROOT, 'docs/grafana-dashboard.json'), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const rules = parse(readFileSync(path.join(ROOT, 'docs/prometheus-alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
    const expressions = [...dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr)), ...rules.groups.flatMap((group) => group.rules.map((rule) => rule.expr))];
    const missing = used(expressions).filter((name) => !names.has(name));
    expect(missing).toEqual([]);
    expect(used(expressions)).toEqual(expect.arrayContaining(['hvs_ai_request_duration_seconds', 'hvs_ai_tokens_total', 'hvs_queue_depth', 'hvs_delivery_lag_seconds', 'hvs_lease_held']));
  });
});
