import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataLayout, registerPart } from '@uptime/config';
import { createMonitorMetrics, MetricsSnapshot } from '@uptime/metrics';
import { createApp } from '../app.js';

describe('GET /metrics', () => {
  it('serves the running parts\' metrics in the Prometheus text format', async () => {
    const layout = dataLayout(mkdtempSync(join(tmpdir(), 'viewer-metrics-')));
    const app = createApp({ layout });
    const unregister = registerPart(layout, 'monitor');
    const metrics = createMonitorMetrics();
    metrics.up.set({ target: 'lab "one"', host: '127.0.0.51' }, 0);
    const snapshot = new MetricsSnapshot(layout, 'monitor', metrics.registry, 60_000);
    await snapshot.flush();
    const res = await app.request('http://127.0.0.1:8025/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('uptime_part_up{part="viewer"} 1');
    expect(text).toContain('uptime_part_up{part="monitor"} 1');
    expect(text).toContain('uptime_target_up{target="lab \\"one\\"",host="127.0.0.51"} 0');
    await snapshot.stop();
    unregister();
    const after = await (await app.request('http://127.0.0.1:8025/metrics')).text();
    expect(after).not.toContain('uptime_target_up{');
    expect(after).not.toContain('part="monitor"');
  });
});
