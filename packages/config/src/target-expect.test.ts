import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

/** Loads a config with these target lines; the targets, or the problems. */
function load(...targets: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'target-expect-'));
  writeFileSync(join(cwd, 'uptime.config.yaml'), ['monitor:', '  targets:', ...targets.map((t) => `    - ${t}`)].join('\n'));
  try {
    return { targets: loadConfig({ cwd, env: {} }).config.monitor.targets, problems: [] };
  } catch (err) {
    if (err instanceof ConfigError) return { targets: [], problems: err.problems };
    throw err;
  }
}

describe('http expect in the config', () => {
  it('reads status codes and classes, body, json and maxResponseTime', () => {
    const { targets, problems } = load(
      '{ name: web, probe: http, url: "https://127.0.0.1/health", expect: { status: [200, "2XX"], body: ok, json: { path: "$.status", equals: UP }, maxResponseTime: 800ms } }',
      '{ name: one, probe: http, url: "http://127.0.0.1/", expect: { status: 204 } }',
    );
    expect(problems).toEqual([]);
    expect(targets[0]?.expect).toEqual({ status: ['200', '2xx'], body: 'ok', json: { path: '$.status', equals: 'UP' }, maxResponseTime: 800 });
    expect(targets[1]?.expect).toEqual({ status: ['204'] });
  });

  it('names the key of a bad expectation', () => {
    expect(load('{ probe: http, url: "http://127.0.0.1/", expect: { status: [200, "6xx"] } }').problems).toEqual([
      'monitor.targets[0].expect.status[1]: "6xx" is not an HTTP status (a code like 200 or a class like "2xx")',
    ]);
    expect(load('{ probe: http, url: "http://127.0.0.1/", expect: { json: { path: "status", equals: UP } } }').problems).toEqual([
      'monitor.targets[0].expect.json.path: "status" is not a JSONPath (it starts with "$", e.g. "$.status")',
    ]);
    expect(load('{ probe: http, url: "http://127.0.0.1/", expect: { code: 200 } }').problems).toEqual(['monitor.targets[0].expect.code: unknown key']);
  });

  it('refuses keys the probe would ignore', () => {
    expect(load('{ probe: tcp, host: 127.0.0.1, port: 22, expect: { body: ok } }').problems).toEqual([
      "monitor.targets[0].expect.body: is for http probes; this target's probe is tcp",
    ]);
    expect(load('{ probe: http, url: "http://127.0.0.1/", verifyCertificate: false }').problems).toEqual([
      'monitor.targets[0].verifyCertificate: is for tls probes and https URLs; this target checks http://127.0.0.1/',
    ]);
  });

  it('refuses a ca file that cannot be read, at start', () => {
    expect(load('{ probe: http, url: "https://127.0.0.1/", ca: /nonexistent/ca.pem }').problems).toEqual([
      'monitor.targets[0].ca: "/nonexistent/ca.pem" cannot be read (ENOENT); give a PEM file of CA certificates',
    ]);
  });

describe('tls targets and certificateExpiry in the config', () => {
  it('reads a tls target and certificateExpiry in days', () => {
    const { targets, problems } = load('{ name: ldaps, probe: tls, host: 127.0.0.1, port: 636, certificateExpiry: 21d }', '{ name: web, probe: http, url: "https://127.0.0.1/", certificateExpiry: 14d }');
    expect(problems).toEqual([]);
    expect(targets.map((t) => [t.probe, t.certificateExpiry])).toEqual([['tls', 21 * 86_400_000], ['http', 14 * 86_400_000]]);
  });

  it('wants a port for tls, and certificateExpiry only where a certificate is checked', () => {
    expect(load('{ probe: tls, host: 127.0.0.1 }').problems).toEqual(['monitor.targets[0].port: is required for a tls probe']);
    expect(load('{ host: 127.0.0.1, certificateExpiry: 14d }').problems).toEqual([
      'monitor.targets[0].certificateExpiry: is for tls probes and https URLs; this target checks icmp',
    ]);
    expect(load('{ probe: tls, host: 127.0.0.1, port: 636, certificateExpiry: 30s }').problems).toEqual(['monitor.targets[0].certificateExpiry: must be at least 1m (e.g. "14d")']);
  });
});
});

describe('dns targets in the config', () => {
  it('reads query, type and expect.addresses', () => {
    const { targets, problems } = load('{ name: dns, probe: dns, host: 127.0.0.1, port: 5353, query: gateway.lab, type: A, expect: { addresses: [192.0.2.1] } }');
    expect(problems).toEqual([]);
    expect(targets[0]).toMatchObject({ probe: 'dns', host: '127.0.0.1', port: 5353, query: 'gateway.lab', type: 'A', expect: { addresses: ['192.0.2.1'] } });
  });

  it('wants a query, a known type and addresses that are IPs, and keeps dns keys to dns targets', () => {
    expect(load('{ probe: dns, host: 127.0.0.1 }').problems).toEqual(['monitor.targets[0].query: is required for a dns probe (the name to ask for)']);
    expect(load('{ probe: dns, host: 127.0.0.1, query: a.lab, type: SRV }').problems).toEqual([
      'monitor.targets[0].type: "SRV" is not a record type (A, AAAA, MX, TXT, CNAME or PTR)',
    ]);
    expect(load('{ probe: dns, host: 127.0.0.1, query: a.lab, expect: { addresses: [gateway] } }').problems).toEqual([
      'monitor.targets[0].expect.addresses[0]: "gateway" is not an IP address',
    ]);
    expect(load('{ host: 127.0.0.1, query: a.lab }').problems).toEqual(["monitor.targets[0].query: is for dns probes; this target's probe is icmp"]);
  });

  it('takes two questions to one server as two targets, and the same question twice as a duplicate', () => {
    expect(load('{ name: a, probe: dns, host: 127.0.0.1, query: a.lab }', '{ name: b, probe: dns, host: 127.0.0.1, query: b.lab }').problems).toEqual([]);
    expect(load('{ name: a, probe: dns, host: 127.0.0.1, query: a.lab }', '{ name: b, probe: dns, host: 127.0.0.1, query: A.lab, type: A }').problems).toEqual([
      'monitor.targets[1]: dns 127.0.0.1:53 A a.lab is already checked by monitor.targets[0]',
    ]);
  });
});
