import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '@uptime/test-lab';

const cli = resolve(import.meta.dirname, '../dist/cli.js');
const unavailable = process.getuid?.() === 0 ? undefined : 'needs root for raw ICMP to 127.0.0.1';
if (unavailable) console.warn(`SKIPPED --sim-fail test: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('--sim-fail', () => {
  it('fails about one check in ten, marked as simulated in the output and the logs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uptime-simfail-'));
    const dataDir = join(dir, 'data');
    const child = spawn(process.execPath, [cli, '--data-dir', dataDir, '--interval', '50ms', '--timeout', '50ms', '--target', '127.0.0.1', '--sim-fail'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    try {
      await waitFor('300 checks', () => (out.match(/ Network (Active|Inactive) to 127\.0\.0\.1/g) ?? []).length >= 300, 60_000);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    const lines = out.split('\n').filter((l) => / Network (Active|Inactive) to 127\.0\.0\.1/.test(l));
    const simulated = lines.filter((l) => l.endsWith('Network Inactive to 127.0.0.1 (simulated failure)'));
    const realFailures = lines.filter((l) => l.includes('Inactive') && !l.includes('(simulated failure)'));
    expect(realFailures).toEqual([]);
    // 1 in 10 of at least 300 checks: between 2% and 25% holds with overwhelming probability
    expect(simulated.length / lines.length).toBeGreaterThan(0.02);
    expect(simulated.length / lines.length).toBeLessThan(0.25);
    expect(readFileSync(join(dataDir, 'logs', 'monitor.log'), 'utf8')).toContain('(simulated failure)');
  });
});
