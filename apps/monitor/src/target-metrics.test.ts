import { describe, expect, it } from 'vitest';
import { createMonitorMetrics } from '@uptime/metrics';
import { TargetMetrics } from './target-metrics.js';

describe('TargetMetrics', () => {
  it('counts checks by result, sets up/down, and follows a target whose address changes', async () => {
    const sink = new TargetMetrics();
    const metrics = createMonitorMetrics(() => sink.collect());
    sink.attach(metrics);
    const entry = { target: { name: 'web', probe: 'icmp' }, address: '127.0.0.51' };
    sink.check(entry, true, 1.5);
    sink.check(entry, true, 2.5);
    sink.status(entry, 'up');
    sink.check(entry, false, null);
    sink.status(entry, 'down');
    let text = await metrics.registry.metrics();
    expect(text).toContain('uptime_checks_total{target="web",host="127.0.0.51",result="success"} 2');
    expect(text).toContain('uptime_checks_total{target="web",host="127.0.0.51",result="failure"} 1');
    expect(text).toContain('uptime_target_up{target="web",host="127.0.0.51"} 0');
    expect(text).toContain('uptime_check_rtt_seconds_count{probe="icmp"} 2');
    entry.address = '127.0.0.52';
    sink.check(entry, true, 1);
    sink.status(entry, 'up');
    text = await metrics.registry.metrics();
    expect(text).not.toContain('host="127.0.0.51"');
    expect(text).toContain('uptime_target_up{target="web",host="127.0.0.52"} 1');
  });

  it('moves the up gauge to the new address at once when a name resolves to another IP', async () => {
    const sink = new TargetMetrics();
    const metrics = createMonitorMetrics(() => sink.collect());
    sink.attach(metrics);
    const entry = { target: { name: 'web', probe: 'icmp' }, address: '127.0.0.51' };
    sink.check(entry, true, 1);
    sink.status(entry, 'up');
    entry.address = '127.0.0.52';
    sink.check(entry, true, 1); // no status change: the target stays up
    const text = await metrics.registry.metrics();
    expect(text).not.toContain('uptime_target_up{target="web",host="127.0.0.51"}');
    expect(text).toContain('uptime_target_up{target="web",host="127.0.0.52"} 1');
  });
});
