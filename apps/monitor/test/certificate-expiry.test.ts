import { afterAll, describe, expect, it } from 'vitest';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTlsServer } from 'node:tls';
import type { AddressInfo, Server, Socket } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readEvents, type CertExpiringEvent } from '@uptime/events';
import { freePort, lab, startMta } from './helpers/mta-child.js';
import { deliveredMail, runMonitor, type MonitorRun } from './helpers/monitor-run.js';
import { TestCa } from './helpers/certificates.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function listen(server: Server): Promise<number> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => sockets.add(s));
  server.on('secureConnection', (s: Socket) => sockets.add(s));
  cleanups.push(() => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('certificateExpiry', () => {
  let run: MonitorRun | undefined;

  it('raises CERT_EXPIRING and sends one email for each https and tls target whose certificate expires within it (also across a restart), and shows the expiry', async () => {
    const ca = new TestCa();
    const soon = ca.leaf(['127.0.0.1'], 3);
    const later = ca.leaf(['127.0.0.1'], 60);
    const https = await listen(createHttpsServer({ key: soon.key, cert: soon.cert }, (_req, res) => res.end('ok')));
    const ldaps = await listen(createTlsServer({ key: soon.key, cert: soon.cert }, (s) => s.end()));
    const fresh = await listen(createTlsServer({ key: later.key, cert: later.cert }, (s) => s.end()));
    const mtaPort = await freePort();
    const { dir, layout } = await lab(mtaPort);
    await writeFile(
      join(dir, 'uptime.config.yaml'),
      [
        'mta:',
        `  listen: "127.0.0.1:${mtaPort}"`,
        'monitor:',
        '  interval: 200ms',
        '  timeout: 150ms',
        '  targets:',
        `    - { name: web, probe: http, url: "https://127.0.0.1:${https}/", ca: "${ca.pem.certFile}", certificateExpiry: 14d }`,
        `    - { name: ldaps, probe: tls, host: 127.0.0.1, port: ${ldaps}, ca: "${ca.pem.certFile}", certificateExpiry: 21d }`,
        `    - { name: fresh, probe: tls, host: 127.0.0.1, port: ${fresh}, ca: "${ca.pem.certFile}", certificateExpiry: 14d }`,
        '',
      ].join('\n'),
    );
    await startMta(dir, cleanups);
    run = await runMonitor(dir);
    cleanups.push(() => run?.stop());
    const certificateMail = async () => (await deliveredMail(layout)).filter((m) => m.subject.includes('certificate')).map((m) => m.subject).sort();
    await expect.poll(certificateMail, { timeout: 20_000 }).toEqual([
      '[uptime] ldaps 127.0.0.1 certificate expires in 2 day(s)',
      '[uptime] web 127.0.0.1 certificate expires in 2 day(s)',
    ]);
    await new Promise((r) => setTimeout(r, 1000)); // five more checks of each: no second event or email within the day
    await run.stop();
    const events = (await readEvents(layout.events, { code: ['CERT_EXPIRING'] }, { onProblem: () => undefined })) as CertExpiringEvent[];
    expect(events.map((e) => [e.target, e.daysLeft, e.hosts]).sort()).toEqual([
      ['ldaps', 2, ['127.0.0.1']],
      ['web', 2, ['127.0.0.1']],
    ]);
    expect(new Date(events[0]!.notAfter).getTime()).toBeGreaterThan(Date.now() + 2 * 86_400_000);
    expect(await certificateMail()).toHaveLength(2);
    // a restart within the day sends no second email: the last day's CERT_EXPIRING events are remembered
    const again = await runMonitor(dir);
    await new Promise((r) => setTimeout(r, 1000));
    await again.stop();
    expect(await readEvents(layout.events, { code: ['CERT_EXPIRING'] }, { onProblem: () => undefined })).toHaveLength(2);
    const status = JSON.parse(await readFile(layout.statusFile, 'utf8')) as { targets: Array<{ name: string; certificateExpires: string | null }> };
    const expires = Object.fromEntries(status.targets.map((t) => [t.name, t.certificateExpires ? (Date.parse(t.certificateExpires) - Date.now()) / 86_400_000 : null]));
    expect(expires.web).toBeGreaterThan(2.9);
    expect(expires.ldaps).toBeGreaterThan(2.9);
    expect(expires.fresh).toBeGreaterThan(59);
  });
});
