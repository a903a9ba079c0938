import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Netns, cleanEnv, netnsUnavailable, startInNetns, waitFor, type Child } from '@uptime/test-lab';
import { CLIS } from './helpers/clis.js';

/**
 * `uptime-sensor test-alert` beside a running appliance: the alert goes through the monitor's outbox
 * code, the MTA and delivery, and the command reports each recipient's outcome: delivered to Maildir,
 * accepted by a remote MX (Postfix's smtp-sink found through dnsmasq) with its reply, deferred and why.
 */
const DNSMASQ = '/usr/sbin/dnsmasq';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SMTP_SINK = '/usr/sbin/smtp-sink';
const MX = '127.0.0.10';
const missing = [DNSMASQ, SMTP_SINK].find((f) => !existsSync(f));
const unavailable = netnsUnavailable() ?? (missing ? `${missing} not installed (run scripts/install-test-deps.sh)` : undefined);
if (unavailable) console.warn(`SKIPPED test-alert tests: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('uptime-sensor test-alert', () => {
  let ns: Netns;
  let appliance: Child;
  const peers: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'uptime-test-alert-'));
  const dataDir = join(dir, 'data');
  const config = join(dir, 'uptime.config.yaml');
  const sinkDir = join(dir, 'sink');
  /** A command run inside the namespace: its argv for spawn. */
  const inNs = (argv: string[]) => {
    const [command, ...args] = ns.wrap(argv);
    return [command as string, args] as const;
  };
  const testAlert = (...args: string[]) => spawnSync(...inNs([process.execPath, CLIS.appliance, 'test-alert', '--config', config, ...args]), { encoding: 'utf8', cwd: dir, env: cleanEnv() });

  beforeAll(async () => {
    ns = new Netns();
    ns.addAddress(MX);
    mkdirSync(sinkDir);
    // lab.test has an MX on 127.0.0.10; down.test one on 127.0.0.11, where nothing answers; void.test does not exist
    const dns = [DNSMASQ, '--no-daemon', '--port=5353', '--listen-address=127.0.0.1', '--bind-interfaces', '--no-resolv', '--no-hosts', '--local=/test/'];
    const records = ['--mx-host=lab.test,mx1.lab.test,10', `--host-record=mx1.lab.test,${MX}`, '--mx-host=down.test,mx2.down.test,10', '--host-record=mx2.down.test,127.0.0.11'];
    peers.push(spawn(...inNs([...dns, ...records]), { stdio: 'ignore' }));
    peers.push(spawn(...inNs([SMTP_SINK, '-u', 'root', '-d', `${sinkDir}/%M.`, `${MX}:25`, '10']), { stdio: 'ignore' }));
    writeFileSync(
      config,
      [`dataDir: ${dataDir}`, 'monitor:', '  targets: [{ name: loop, host: 127.0.0.1 }]', 'mta:', '  relay: { mode: mx, dnsServers: ["127.0.0.1:5353"], retry: { first: 1h } }'].join('\n'),
    );
    appliance = startInNetns(ns, CLIS.appliance, ['--config', config], { cwd: dir });
    await appliance.waitForOutput(/all parts are running/, 'the appliance to start');
  });
  afterAll(async () => {
    await appliance?.stop();
    for (const peer of peers) peer.kill('SIGTERM');
    ns?.delete();
  });

  it('reports delivery to Maildir, and the mail is there with the test marker', () => {
    const out = testAlert();
    expect(out.status, out.stdout + out.stderr).toBe(0);
    expect(out.stdout).toMatch(/accepted by the MTA: accepted 250 /);
    expect(out.stdout).toContain('admin@localhost: delivered: delivered to maildir admin');
    const messageId = /Message-ID (<test-[^>]+>)/.exec(out.stdout)?.[1];
    const folder = join(dataDir, 'mail', 'admin', 'new');
    const mail = readdirSync(folder).map((f) => readFileSync(join(folder, f), 'utf8')).find((m) => m.includes(messageId ?? '?'));
    expect(mail).toMatch(/^Subject: \[uptime\] test alert from /m);
    expect(mail).toMatch(/^X-Uptime-Test: yes/m);
  });

  it('reports acceptance by the remote MX with its reply', async () => {
    const out = testAlert('--to', 'noc@lab.test');
    expect(out.status, out.stdout + out.stderr).toBe(0);
    expect(out.stdout).toMatch(new RegExp(`noc@lab\\.test: delivered: .*${MX.replace(/\./g, '\\.')}.*250`));
    await waitFor('the message in smtp-sink', () => readdirSync(sinkDir).length > 0);
  });

  it('reports a deferral and why, with exit code 75', () => {
    const out = testAlert('--to', 'noc@down.test', '--wait', '20');
    expect(out.status, out.stdout + out.stderr).toBe(75);
    expect(out.stdout).toMatch(/noc@down\.test: DEFERRED \(the MTA keeps it and retries\): .*127\.0\.0\.11/);
  });

  it('reports a bounce (a domain that does not exist) with exit code 1', () => {
    const out = testAlert('--to', 'noc@void.test', '--wait', '20');
    expect(out.status, out.stdout + out.stderr).toBe(1);
    expect(out.stdout).toMatch(/noc@void\.test: BOUNCED \(not delivered\): .*void\.test/);
  });

  it('the status page has a Send test alert form that works without JavaScript (a plain POST with the form token)', () => {
    const status = ns.fetchText('http://127.0.0.1:8025/status');
    const form = /<form method="post" action="\/status\/test-alert"[^>]*><input type="hidden" name="csrf" value="([^"]+)"><button type="submit">Send test alert<\/button>/.exec(status);
    expect(form, 'the form on /status').not.toBeNull();
    const post = (body: string) =>
      ns.exec(process.execPath, '-e', `fetch('http://127.0.0.1:8025/status/test-alert', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://127.0.0.1:8025' }, body: ${JSON.stringify(body)} }).then(async (r) => process.stdout.write(r.status + '\\n' + (await r.text())))`);
    expect(post('csrf=forged').split('\n')[0]).toBe('403');
    const answer = post(`csrf=${encodeURIComponent(form?.[1] ?? '')}`);
    expect(answer.split('\n')[0]).toBe('200');
    expect(answer).toContain('<h1>Test alert: Delivered</h1>');
    expect(answer).toContain('admin@localhost: delivered: delivered to maildir admin');
    const messageId = /Message-ID &lt;(test-[^&]+)&gt;/.exec(answer)?.[1];
    const folder = join(dataDir, 'mail', 'admin', 'new');
    expect(readdirSync(folder).some((f) => readFileSync(join(folder, f), 'utf8').includes(`<${messageId}>`))).toBe(true);
  });

  it.skipIf(!existsSync(CHROMIUM))('Send test alert works in Chromium with JavaScript off', async () => {
    // Chromium inside the namespace, where the viewer listens: a wrapper that playwright starts as the browser
    const wrapper = join(dir, 'chromium-in-netns.sh');
    writeFileSync(wrapper, `#!/bin/sh\nexec ${ns.wrap([CHROMIUM]).join(' ')} "$@"\n`);
    chmodSync(wrapper, 0o755);
    const browser = await chromium.launch({ executablePath: wrapper, args: CHROMIUM_ARGS });
    try {
      const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
      await page.goto('http://127.0.0.1:8025/status');
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().isNavigationRequest()), page.getByRole('button', { name: 'Send test alert' }).click()]);
      expect(response.status()).toBe(200);
      await page.waitForLoadState('load');
      expect(await page.locator('h1').textContent()).toBe('Test alert: Delivered');
      expect(await page.locator('pre.test-alert-report').textContent()).toContain('admin@localhost: delivered: delivered to maildir admin');
    } finally {
      await browser.close();
    }
  });
});
