/** @module A monitor whose stdout reader goes away (`| head -3`) keeps checking and logging, and stops cleanly. */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '@uptime/test-lab';

const cli = resolve(import.meta.dirname, '../dist/cli.js');
const unavailable = process.getuid?.() === 0 ? undefined : 'needs root for raw ICMP to 127.0.0.1';
if (unavailable) console.warn(`SKIPPED stdout-closed test: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('monitor with a closed stdout', () => {
  it('reports the broken pipe once and goes on checking into monitor.log (was: crashed on EPIPE)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uptime-epipe-'));
    const log = join(dir, 'data', 'logs', 'monitor.log');
    const child = spawn(process.execPath, [cli, '--data-dir', join(dir, 'data'), '--interval', '0.1', '--timeout', '0.05', '--target', '127.0.0.1'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    const lines = () => {
      try {
        return (readFileSync(log, 'utf8').match(/Network Active to 127\.0\.0\.1/g) ?? []).length;
      } catch {
        return 0;
      }
    };
    await new Promise((r) => child.stdout?.once('data', r));
    child.stdout?.destroy(); // the reader goes away, as `head` does
    const before = lines();
    await waitFor('checks after stdout closed', () => child.exitCode === null && lines() >= before + 20, 30_000);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr.match(/standard output failed/g)).toHaveLength(1);
  });
});
