import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEvents, type UptimeEvent } from '@uptime/events';
import { Netns, cleanEnv, netnsUnavailable, startInNetns, waitFor, type Child } from '@uptime/test-lab';
import { CLIS } from './helpers/clis.js';

/**
 * Two hosts joined by a cable (a veth pair between two namespaces): a central appliance's MTA and
 * viewer on 198.51.100.1, a sensor on 198.51.100.2 that relays its alerts to it through SMTP with a
 * login the central MTA issued (`uptime-mta user add`).
 */
const CENTRAL = '198.51.100.1';
const SENSOR = '198.51.100.2';
const TARGET = '127.0.0.51';
const unavailable = netnsUnavailable();
if (unavailable) console.warn(`SKIPPED multi-sensor tests: ${unavailable}`);

function mailIn(dataDir: string, mailbox: string): string[] {
  const dir = join(dataDir, 'mail', mailbox, 'new');
  return existsSync(dir) ? readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')) : [];
}

describe.skipIf(unavailable !== undefined)('a sensor relaying its alerts to a central appliance', () => {
  let central: Netns;
  let sensor: Netns;
  let dir: string;
  const children: Child[] = [];
  const password = `pw-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  let centralMta: Child;
  let centralViewer: Child;
  let appliance: Child;

  const centralData = () => join(dir, 'central', 'data');
  const sensorData = () => join(dir, 'sensor', 'data');
  const centralConfig = () => join(dir, 'central', 'uptime.config.yaml');
  const startCentralMta = () => {
    const child = startInNetns(central, CLIS.mta, ['--config', centralConfig()], { cwd: join(dir, 'central') });
    children.push(child);
    return child;
  };
  const sensorEvents = (code: UptimeEvent['code']) => readEvents(join(sensorData(), 'events'), { code, limit: 1000 });

  beforeAll(async () => {
    central = new Netns();
    sensor = new Netns();
    central.link(sensor, `${CENTRAL}/24`, `${SENSOR}/24`);
    sensor.addAddress(TARGET);
    dir = mkdtempSync(join(tmpdir(), 'uptime-multi-'));
    for (const part of ['central', 'sensor']) mkdirSync(join(dir, part));
    writeFileSync(
      centralConfig(),
      [
        `dataDir: ${centralData()}`,
        'mta:',
        `  listen: ${CENTRAL}:2525`,
        '  hostname: central.lab',
        '  localDomains: [localhost, central.lab]',
      ].join('\n'),
    );
    centralMta = startCentralMta();
    await centralMta.waitForOutput(/mta: listening on /, 'the central MTA to listen');
    centralViewer = startInNetns(central, CLIS.viewer, ['--config', centralConfig()], { cwd: join(dir, 'central') });
    children.push(centralViewer);
    await centralViewer.waitForOutput(/viewer: listening on /, 'the central viewer to listen');

    // the central appliance issues the sensor's login; the password goes through stdin, never the argv
    const added = spawnSync(process.execPath, [CLIS.mta, 'user', 'add', 'sensor1', '--password-stdin', '--config', centralConfig()], {
      input: `${password}\n`,
      encoding: 'utf8',
      env: cleanEnv(),
    });
    expect(added.status, added.stderr).toBe(0);
    expect(readFileSync(join(centralData(), 'secrets', 'mta-users.json'), 'utf8')).not.toContain(password);

    const sensorConfig = join(dir, 'sensor', 'uptime.config.yaml');
    writeFileSync(
      sensorConfig,
      [
        `dataDir: ${sensorData()}`,
        'sensor: { name: sensor1 }',
        'monitor:',
        '  interval: 500ms',
        '  timeout: 300ms',
        '  targets:',
        `    - { name: lab-host, host: ${TARGET} }`,
        'alerts:',
        '  to: [admin@central.lab]',
        '  from: uptime@sensor1.lab',
        'mta:',
        '  hostname: sensor1.lab',
        '  relay:',
        '    mode: smarthost',
        `    smarthost: { host: ${CENTRAL}, port: 2525, secure: starttls, ca: ${join(centralData(), 'secrets', 'mta-tls.crt')} }`,
        '    retry: { first: 1s, max: 2s }',
      ].join('\n'),
    );
    appliance = startInNetns(sensor, CLIS.appliance, ['--config', sensorConfig], {
      cwd: join(dir, 'sensor'),
      env: cleanEnv({ SMTP_USERNAME: 'sensor1', SMTP_PASSWORD: password }),
    });
    children.push(appliance);
  });

  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop('SIGKILL')));
    central?.delete();
    sensor?.delete();
  });

  it('delivers the sensor\'s DOWN alert to the central inbox, naming the sensor', async () => {
    await waitFor('HOST_UP unknown -> up on the sensor', async () => (await sensorEvents('HOST_UP')).length > 0);
    expect(appliance.output()).toMatch(/other domains: smarthost 198\.51\.100\.1:2525 \(starttls, AUTH as sensor1\)/);
    sensor.removeAddress(TARGET);
    const mail = await waitFor('the DOWN alert in the central Maildir admin', () => mailIn(centralData(), 'admin').find((m) => m.includes('is DOWN')));
    expect(mail).toContain(`Subject: [uptime] lab-host ${TARGET} is DOWN`);
    expect(mail).toContain('X-Uptime-Sensor: sensor1');
    expect(mail).toMatch(/^Sensor: +sensor1$/m);
    // relayed over TLS with the issued login: the central MTA's Received header says ESMTPSA
    expect(mail).toMatch(/Received: from sensor1\.lab \(\[198\.51\.100\.2\]\)\r\n\tby central\.lab with ESMTPSA/);
    expect(appliance.output()).not.toContain(password);
    const list = central.fetchJson<{ messages: Array<{ subject: string }> }>('http://127.0.0.1:8025/api/messages?mailbox=admin');
    expect(list.messages.map((m) => m.subject)).toContain(`[uptime] lab-host ${TARGET} is DOWN`);
  });

  it('keeps the UP alert queued on the sensor while the central MTA is down, and delivers it when it is back', async () => {
    expect(await centralMta.stop()).toBe(0);
    sensor.addAddress(TARGET);
    await waitFor('HOST_UP after the outage', async () => (await sensorEvents('HOST_UP')).some((e) => e.code === 'HOST_UP' && e.before === 'down'));
    const deferred = await waitFor('two MAIL_DEFERRED on the sensor', async () => {
      const found = (await sensorEvents('MAIL_DEFERRED')).filter((e) => e.code === 'MAIL_DEFERRED' && e.recipient === 'admin@central.lab');
      return found.length >= 2 ? found : undefined;
    });
    console.log(`central MTA down: the sensor deferred the UP alert ${deferred.length} times (retry 1 s doubling to 2 s)`);
    expect(deferred[0]).toMatchObject({ detail: expect.stringContaining(`smarthost ${CENTRAL}:2525`) });
    const health = await waitFor('the sensor\'s health to show the queued alert', () => {
      const h = sensor.fetchJson<{ ok: boolean; queue: { mail: number | null; alerts: number } }>('http://127.0.0.1:8025/api/health');
      return (h.queue.mail ?? 0) >= 1 ? h : undefined;
    });
    expect(health).toMatchObject({ ok: true, queue: { mail: 1, alerts: 0 } });
    expect(mailIn(centralData(), 'admin').some((m) => m.includes('is UP'))).toBe(false);

    centralMta = startCentralMta(); // same data directory
    await centralMta.waitForOutput(/mta: listening on /, 'the central MTA to listen again');
    const mail = await waitFor('the UP alert in the central Maildir admin', () => mailIn(centralData(), 'admin').find((m) => m.includes('is UP')));
    expect(mail).toContain(`Subject: [uptime] lab-host ${TARGET} is UP`);
    expect(mail).toContain('X-Uptime-Sensor: sensor1');
    await waitFor('the sensor\'s queue to empty', () => sensor.fetchJson<{ queue: { mail: number | null } }>('http://127.0.0.1:8025/api/health').queue.mail === 0);
    await waitFor('MAIL_DELIVERED of both alerts on the sensor', async () => {
      const delivered = (await sensorEvents('MAIL_DELIVERED')).filter((e) => e.code === 'MAIL_DELIVERED' && e.recipient === 'admin@central.lab');
      return delivered.length === 2;
    });
    expect(mailIn(centralData(), 'admin')).toHaveLength(2);
  });

  it('stops the sensor cleanly', async () => {
    expect(await appliance.stop()).toBe(0);
  });
});
