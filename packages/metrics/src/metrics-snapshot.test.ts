import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataLayout, registerPart } from '@uptime/config';
import { createMonitorMetrics } from './monitor-metrics.js';
import { MetricsSnapshot, readMetricsSnapshots } from './metrics-snapshot.js';

describe('metrics snapshots', () => {
  it('shares a running part\'s metrics and drops them when it stops', async () => {
    const layout = dataLayout(mkdtempSync(join(tmpdir(), 'metrics-')));
    const unregister = registerPart(layout, 'monitor');
    const metrics = createMonitorMetrics();
    metrics.checks.inc({ target: 'gw', host: '127.0.0.1', result: 'failure' }, 3);
    metrics.up.set({ target: 'gw', host: '127.0.0.1' }, 0);
    const snapshot = new MetricsSnapshot(layout, 'monitor', metrics.registry, 60_000);
    await snapshot.flush();
    const text = await readMetricsSnapshots(layout);
    expect(text).toContain('uptime_checks_total{target="gw",host="127.0.0.1",result="failure"} 3');
    expect(text).toContain('uptime_target_up{target="gw",host="127.0.0.1"} 0');
    expect(text).toContain('# TYPE uptime_target_up gauge');
    await snapshot.stop();
    expect(await readMetricsSnapshots(layout)).toBe('');
    unregister();
  });

  it('ignores the snapshot of a part that is not running', async () => {
    const layout = dataLayout(mkdtempSync(join(tmpdir(), 'metrics-')));
    const snapshot = new MetricsSnapshot(layout, 'mta', createMonitorMetrics().registry, 60_000);
    await snapshot.flush();
    expect(await readMetricsSnapshots(layout)).toBe('');
    await snapshot.stop();
  });
});
