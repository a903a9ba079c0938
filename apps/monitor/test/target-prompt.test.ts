import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '@uptime/test-lab';

const cli = resolve(import.meta.dirname, '../dist/cli.js');
const unavailable = spawnSync('script', ['--version']).status === 0 ? undefined : 'needs script(1) from util-linux for a pseudo-terminal';
if (unavailable) console.warn(`SKIPPED target prompt test: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('the target prompt on a terminal', () => {
  it('asks for target addresses, re-asks on an invalid one, offers to save them, then monitors what was given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uptime-prompt-'));
    const command = `${process.execPath} ${cli} --data-dir ${join(dir, 'data')} --interval 300ms`;
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, INIT_CWD: dir } });
    let screen = '';
    child.stdout?.on('data', (d: Buffer) => (screen += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    try {
      await waitFor('the question', () => screen.includes('Target IP address(es) to monitor'));
      child.stdin?.write('10.0.0.300\r');
      await waitFor('the invalid answer refused', () => screen.includes('"10.0.0.300" is not an IPv4 or IPv6 address; try again.'));
      child.stdin?.write('\x7f'.repeat(10) + '127.0.0.1\r');
      // then it offers to save them (issue 14): no, for this run only
      await waitFor('the offer to save the targets', () => screen.includes('Save these targets to'));
      child.stdin?.write('n\r');
      await waitFor('checks of the address given', () => screen.includes('Network Active to 127.0.0.1'));
      expect(screen).toContain('monitor: checking 127.0.0.1');
      expect(existsSync(join(dir, 'uptime.config.yaml')), 'answered no: nothing saved').toBe(false);
    } finally {
      spawnSync('pkill', ['-TERM', '-f', `${cli} --data-dir ${join(dir, 'data')}`]);
      await exited;
      child.stdin?.end();
    }
  });
});
