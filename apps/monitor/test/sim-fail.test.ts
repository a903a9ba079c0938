/** @module `--sim-fail` at the default failureThreshold: simulated outages are reported DOWN and UP, marked as simulated. */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readEvents } from '@uptime/events';
import { waitFor } from '@uptime/test-lab';

const cli = resolve(import.meta.dirname, '../dist/cli.js');
const unavailable = process.getuid?.() === 0 ? undefined : 'needs root for raw ICMP to 127.0.0.1';
if (unavailable) console.warn(`SKIPPED --sim-fail test: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('--sim-fail', () => {
  it('simulates outages that last through the re-checks: DOWN and UP events at the default threshold, every failure marked as simulated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uptime-simfail-'));
    const dataDir = join(dir, 'data');
    // the default failureThreshold (3) and quick re-checks, on a fast schedule; no MTA: the alerts wait in the outbox
    const config = join(dir, 'uptime.config.yaml');
    writeFileSync(config, 'monitor:\n  interval: 60ms\n  retryInterval: 30ms\n  timeout: 50ms\n  targets: [{ name: loopback, host: 127.0.0.1 }]\n');
    const child = spawn(process.execPath, [cli, '--config', config, '--data-dir', dataDir, '--sim-fail'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    const events = () => readEvents(join(dataDir, 'events'), { limit: 10_000 }).catch(() => []);
    try {
      await waitFor('two simulated outages, DOWN and UP', async () => (await events()).filter((e) => e.code === 'HOST_UP' && e.before === 'down').length >= 2, 60_000);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    const lines = out.split('\n').filter((l) => / Network (Active|Inactive) to 127\.0\.0\.1/.test(l));
    const simulated = lines.filter((l) => l.endsWith('Network Inactive to 127.0.0.1 (simulated failure)'));
    expect(lines.filter((l) => l.includes('Inactive') && !l.includes('(simulated failure)'))).toEqual([]);
    expect(simulated.length).toBeGreaterThanOrEqual(6); // two outages of three failed checks
    const downs = (await events()).filter((e) => e.code === 'HOST_DOWN');
    expect(downs.length).toBeGreaterThanOrEqual(2);
    for (const down of downs) expect(down.message).toContain('simulated failure');
    // the recovery from a simulated outage says so too (its email carries the event's sentence)
    const ups = (await events()).filter((e) => e.code === 'HOST_UP' && e.before === 'down');
    for (const up of ups) expect(up.message).toContain('a simulated outage, --sim-fail');
    expect(readFileSync(join(dataDir, 'logs', 'monitor.log'), 'utf8')).toContain('(simulated failure)');
  });
});
