import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '@uptime/test-lab';

const cli = resolve(import.meta.dirname, '../dist/cli.js');

describe('--stats-file', () => {
  it('writes the checks and their lateness against the schedule when the monitor stops', async () => {
    const server = createServer((socket) => socket.end());
    const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
    const other = createServer((socket) => socket.end()); // a second target: the same one twice is refused
    const otherPort = await new Promise<number>((r) => other.listen(0, '127.0.0.1', () => r((other.address() as AddressInfo).port)));
    const dir = mkdtempSync(join(tmpdir(), 'uptime-stats-'));
    const config = join(dir, 'uptime.config.yaml');
    writeFileSync(config, `monitor:\n  interval: 200ms\n  targets:\n    - { name: a, probe: tcp, host: 127.0.0.1, port: ${port} }\n    - { name: b, probe: tcp, host: 127.0.0.1, port: ${otherPort} }\n`);
    const stats = join(dir, 'stats.json');
    const child = spawn(process.execPath, [cli, '--config', config, '--data-dir', join(dir, 'data'), '--stats-file', stats], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    try {
      await waitFor('a few checks', () => (out.match(/Network Active to 127\.0\.0\.1/g)?.length ?? 0) >= 4);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      server.close();
      other.close();
    }
    const written = JSON.parse(readFileSync(stats, 'utf8'));
    expect(written).toMatchObject({ targets: 2, intervalMs: 200, skipped: 0 });
    expect(written.checks).toBeGreaterThanOrEqual(4);
    for (const q of ['p50', 'p90', 'p99', 'max']) expect(written.latenessMs[q]).toBeGreaterThanOrEqual(0);
    expect(written.latenessMs.max).toBeGreaterThanOrEqual(written.latenessMs.p99);
    expect(written.cpuSeconds).toBeGreaterThan(0);
    expect(written.maxRssMb).toBeGreaterThan(0);
  });
});
