import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NameResolver } from '../src/probes/names/name-resolver.js';
import { createTcpProbeWith } from '../src/probes/tcp-probe.js';
import { createHttpProbeWith } from '../src/probes/http-probe.js';
import { createTlsProbe } from '../src/probes/tls-probe.js';
import { createDnsProbe } from '../src/probes/dns-probe.js';
import { dnsmasqUnavailable, startDnsmasq, type Dnsmasq } from './helpers/name-servers.js';
import { TestCa } from './helpers/certificates.js';
import { runMonitor } from './helpers/monitor-run.js';
import { freePort } from './helpers/mta-child.js';

const unavailable = dnsmasqUnavailable();
if (unavailable) console.warn(`SKIPPED IPv6 name tests: ${unavailable}`);

const servers: Server[] = [];
const sockets = new Set<Socket>();
const listen6 = (server: Server) => {
  servers.push(server);
  server.on('connection', (s: Socket) => sockets.add(s));
  return new Promise<number>((resolve) => server.listen(0, '::1', () => resolve((server.address() as AddressInfo).port)));
};
afterAll(() => {
  for (const s of sockets) s.destroy();
  return Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('IPv6 everywhere', () => {
  let tcpPort: number;
  let httpPort: number;
  let dns: Dnsmasq | undefined;
  let names: NameResolver | undefined;
  beforeAll(async () => {
    tcpPort = await listen6(createTcpServer((s) => s.end()));
    httpPort = await listen6(createHttpServer((_req, res) => res.end('{"status":"UP"}')));
    if (!unavailable) {
      // AAAA only: a name that has no IPv4 address; dnsmasq also answers on ::1
      dns = await startDnsmasq(['--listen-address=::1', '--host-record=six.lab.test,::1']);
      names = new NameResolver({ servers: [dns.server] });
    }
  });
  afterAll(async () => {
    names?.close();
    await dns?.stop();
  });

  it('checks tcp, http and tls at ::1, showing the IPv6 address', async () => {
    expect(await createTcpProbeWith().check({ name: 'ssh6', probe: 'tcp', host: '::1', port: tcpPort }, 1000)).toMatchObject({ ok: true, address: '::1' });
    const web = await createHttpProbeWith().check(
      { name: 'web6', probe: 'http', host: '::1', url: `http://[::1]:${httpPort}/`, expect: { json: { path: '$.status', equals: 'UP' } } },
      1000,
    );
    expect(web).toMatchObject({ ok: true, address: '::1' });
    const ca = new TestCa();
    const pem = ca.leaf(['::1'], 30);
    const tlsPort = await listen6(createTlsServer({ key: pem.key, cert: pem.cert }, (s) => s.end()));
    expect(await createTlsProbe().check({ name: 'tls6', probe: 'tls', host: '::1', port: tlsPort, ca: ca.pem.certFile }, 2000)).toMatchObject({ ok: true, address: '::1' });
  });

  it.skipIf(unavailable !== undefined)('resolves a name with only an AAAA record for tcp and http, and asks a DNS server at ::1', async () => {
    const tcp = await createTcpProbeWith(names).check({ name: 'six', probe: 'tcp', host: 'six.lab.test', port: tcpPort }, 1000);
    expect(tcp).toMatchObject({ ok: true, address: '::1' });
    const http = await createHttpProbeWith(names).check({ name: 'six-web', probe: 'http', host: 'six.lab.test', url: `http://six.lab.test:${httpPort}/` }, 1000);
    expect(http).toMatchObject({ ok: true, address: '::1' });
    const port = Number(dns!.server.split(':')[1]);
    const asked = await createDnsProbe().check({ name: 'dns6', probe: 'dns', host: '::1', port, query: 'six.lab.test', type: 'AAAA', expect: { addresses: ['::1'] } }, 1000);
    expect(asked).toMatchObject({ ok: true, address: '::1' });
  });

  it('prints the IPv6 address in the check line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ipv6-'));
    await writeFile(
      join(dir, 'uptime.config.yaml'),
      ['mta:', `  listen: "127.0.0.1:${await freePort()}"`, 'monitor:', '  interval: 200ms', '  timeout: 150ms', '  targets:', `    - { name: ssh6, probe: tcp, host: "::1", port: ${tcpPort} }`, ''].join('\n'),
    );
    const run = await runMonitor(dir);
    await new Promise((r) => setTimeout(r, 500));
    await run.stop();
    expect(run.output.join('')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} Network Active to ::1$/m);
    expect(await readFile(join(dir, 'data', 'logs', 'monitor.log'), 'utf8')).toContain('Network Active to ::1\n');
  });
});
