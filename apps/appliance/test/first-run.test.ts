import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Netns, cleanEnv, netnsUnavailable, startInNetns, waitFor } from '@uptime/test-lab';
import { CLIS } from './helpers/clis.js';

/**
 * The first start on a terminal (a real pty from util-linux `script`), with no config file: it asks for
 * the targets, offers to save them with the alert recipient, and the next start (no terminal) asks nothing.
 */
const SCRIPT = '/usr/bin/script';
const unavailable = netnsUnavailable() ?? (existsSync(SCRIPT) ? undefined : `${SCRIPT} not installed (Debian package bsdutils)`);
if (unavailable) console.warn(`SKIPPED first-run tests: ${unavailable}`);

/** `uptime-sensor start` on a pty inside `ns`; `answer` types when the output shows a prompt. */
function onTerminal(ns: Netns, cwd: string, subcommand = 'start') {
  // script runs the command with $SHELL -c (dash when SHELL is unset): exec, so that Ctrl-C reaches node alone
  // and no shell dies of SIGINT around it (exit 130 on CI, where SHELL was not bash)
  const words = ns.wrap([process.execPath, CLIS.appliance, subcommand, '--data-dir', join(cwd, 'data')]);
  const command = `exec ${words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ')}`;
  const child = spawn(SCRIPT, ['-qfec', command, '/dev/null'], { cwd, env: cleanEnv({ TERM: 'dumb', COLUMNS: '200' }), stdio: ['pipe', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  // what a person reads: without the escape sequences, the lines the prompt wrapped joined again
  const plain = () => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\s+/g, ' ');
  return {
    output: () => text,
    plain,
    exited,
    async answer(prompt: RegExp, keys: string): Promise<void> {
      await waitFor(`the prompt ${prompt}`, () => prompt.test(plain()));
      child.stdin.write(keys);
    },
    /** Ctrl-C typed on the terminal, as a person stops it. */
    async interrupt(): Promise<number | null> {
      child.stdin.write('\x03');
      const hang = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(hang);
      return code;
    },
  };
}

describe.skipIf(unavailable !== undefined)('first run on a terminal', () => {
  const namespaces: Netns[] = [];
  afterAll(() => namespaces.forEach((ns) => ns.delete()));
  const freshNs = () => {
    const ns = new Netns();
    namespaces.push(ns);
    return ns;
  };

  it('saves the targets and the alert recipient when asked to, and the next start asks nothing', async () => {
    const ns = freshNs();
    const dir = mkdtempSync(join(tmpdir(), 'uptime-first-run-'));
    const term = onTerminal(ns, dir);
    await term.answer(/Target IP address\(es\) to monitor/, '127.0.0.1\r');
    await term.answer(/Save these targets to .*uptime\.config\.yaml, so that the next start does not ask again\?/, 'y\r');
    await term.answer(/Email address that gets the alerts:.*admin@localhost/, 'ops@localhost\r');
    await waitFor('a check of the saved target', () => term.output().includes('Network Active to 127.0.0.1'));
    expect(term.output()).toContain(`saved 1 target(s) and alerts.to ops@localhost to ${join(dir, 'uptime.config.yaml')}`);
    expect(term.output()).toContain('alerts to ops@localhost');
    expect(await term.interrupt()).toBe(0);

    const saved = spawnSync(process.execPath, [CLIS.appliance, 'check-config'], { cwd: dir, encoding: 'utf8', env: cleanEnv() });
    expect(saved.status, saved.stderr).toBe(0);
    expect(saved.stdout).toMatch(/^ +host: 127\.0\.0\.1$/m);
    expect(readFileSync(join(dir, 'uptime.config.yaml'), 'utf8')).toBe('monitor:\n  targets:\n    - name: 127.0.0.1\n      host: 127.0.0.1\nalerts:\n  to:\n    - ops@localhost\n');
    expect(saved.stdout).toMatch(/to:\n\s+- ops@localhost/);

    const again = startInNetns(ns, CLIS.appliance, ['start', '--data-dir', join(dir, 'data')], { cwd: dir });
    try {
      await again.waitForOutput(/Network Active to 127\.0\.0\.1/, 'the second start to check the saved target');
      expect(again.output()).toContain(`config: ${join(dir, 'uptime.config.yaml')}`);
      expect(again.output()).not.toContain('No targets are configured');
    } finally {
      expect(await again.stop('SIGTERM')).toBe(0);
    }
  });

  it('writes nothing when the answer is no, and checks the targets for this run', async () => {
    const ns = freshNs();
    const dir = mkdtempSync(join(tmpdir(), 'uptime-first-run-no-'));
    const term = onTerminal(ns, dir);
    await term.answer(/Target IP address\(es\) to monitor/, '127.0.0.1\r');
    await term.answer(/Save these targets to/, 'n\r');
    await waitFor('a check of the target', () => term.output().includes('Network Active to 127.0.0.1'));
    expect(term.output()).not.toContain('Email address that gets the alerts');
    expect(existsSync(join(dir, 'uptime.config.yaml'))).toBe(false);
    expect(await term.interrupt()).toBe(0);
    expect(readFileSync(join(dir, 'data', 'logs', 'monitor.log'), 'utf8')).toContain('Network Active to 127.0.0.1');
  });

  it('offers the same when the monitor runs alone (uptime-sensor monitor)', async () => {
    const ns = freshNs();
    const dir = mkdtempSync(join(tmpdir(), 'uptime-first-run-monitor-'));
    const term = onTerminal(ns, dir, 'monitor');
    await term.answer(/Target IP address\(es\) to monitor/, '127.0.0.1\r');
    await term.answer(/Save these targets to/, 'y\r');
    await term.answer(/Email address that gets the alerts:/, '\r'); // the default
    await waitFor('a check of the saved target', () => term.output().includes('Network Active to 127.0.0.1'));
    expect(await term.interrupt()).toBe(0);
    expect(readFileSync(join(dir, 'uptime.config.yaml'), 'utf8')).toBe('monitor:\n  targets:\n    - name: 127.0.0.1\n      host: 127.0.0.1\nalerts:\n  to:\n    - admin@localhost\n');
  });
});
