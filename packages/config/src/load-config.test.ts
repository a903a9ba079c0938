import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the contract defaults with no file', () => {
    const cwd = dirWith({});
    const { config, configPath } = loadConfig({ cwd, env: {} });
    expect(configPath).toBeUndefined();
    expect(config.monitor).toMatchObject({ interval: 2000, failureThreshold: 3, retryInterval: 500, successThreshold: 1, targets: [] });
    expect(config.monitor.timeout).toBeUndefined();
    expect(config.alerts).toEqual({ to: ['admin@localhost'], from: 'uptime@localhost', groupWait: 10_000, repeatInterval: 0, escalate: [], routes: [], flapping: { high: 30, low: 20 } });
    expect(config.mta.listen).toEqual({ host: '127.0.0.1', port: 2525 });
    expect(config.mta.relay.mode).toBe('local');
    expect(config.viewer.listen).toEqual({ host: '127.0.0.1', port: 8025 });
    expect(config.dataDir).toBe(join(cwd, 'data'));
  });

  it('reads a JSON config file, and a YAML flow mapping that only looks like JSON, the same way', () => {
    const json = dirWith({ 'uptime.config.yaml': '{"monitor": {"interval": "5s", "targets": [{"name": "gw", "host": "192.0.2.1"}]}}\n' });
    const flow = dirWith({ 'uptime.config.yaml': '{ monitor: { interval: 5s, targets: [{ name: gw, host: 192.0.2.1 }] } }  # a comment\n' });
    for (const cwd of [json, flow]) {
      const { config } = loadConfig({ cwd, env: {} });
      expect(config.monitor.interval).toBe(5000);
      expect(config.monitor.targets).toMatchObject([{ name: 'gw', host: '192.0.2.1', probe: 'icmp' }]);
    }
    const broken = dirWith({ 'uptime.config.yaml': '{"monitor": {"interval": \n' });
    expect(problemsOf(() => loadConfig({ cwd: broken, env: {} }))[0]).toMatch(/is not valid YAML/);
  });

  it('reads ./uptime.config.yaml and fills target names and http hosts', () => {
    const cwd = dirWith({
      'uptime.config.yaml': [
        'monitor:',
        '  interval: 500ms',
        '  targets:',
        '    - { name: gw, host: 127.0.0.1 }',
        '    - { probe: http, url: "http://127.0.0.2:8080/" }',
      ].join('\n'),
    });
    const { config } = loadConfig({ cwd, env: {} });
    expect(config.monitor.interval).toBe(500);
    expect(config.monitor.targets).toEqual([
      { name: 'gw', host: '127.0.0.1', probe: 'icmp' },
      { name: '127.0.0.2', host: '127.0.0.2', probe: 'http', url: 'http://127.0.0.2:8080/' },
    ]);
  });

  it('names the key path and the bad value', () => {
    const cwd = dirWith({
      'c.yaml': 'monitor:\n  targets:\n    - { host: 127.0.0.1 }\n    - { host: 127.0.0.2 }\n    - { host: 10.0.0.300 }\n',
    });
    expect(problemsOf(() => loadConfig({ cwd, env: {}, flags: { config: 'c.yaml' } }))).toEqual([
      'monitor.targets[2].host: "10.0.0.300" is not an IP address or host name',
    ]);
  });

  it('rejects unknown keys and bad durations, each named', () => {
    const cwd = dirWith({ 'uptime.config.yaml': 'monitor:\n  intervall: 2s\n  timeout: soon\nviewer:\n  listen: nowhere\n' });
    const problems = problemsOf(() => loadConfig({ cwd, env: {} }));
    expect(problems).toContain('monitor.intervall: unknown key');
    expect(problems.some((p) => p.startsWith('monitor.timeout: "soon" is not a duration'))).toBe(true);
    expect(problems.some((p) => p.startsWith('viewer.listen: "nowhere" is not an address:port'))).toBe(true);
  });

  it('refuses target names with control or bidi-override characters (forged Bcc: lines in alert bodies), accepts any other text', () => {
    const cwd = dirWith({
      'uptime.config.yaml': [
        'monitor:',
        '  targets:',
        '    - { name: "gw\\r\\nBcc: victim@localhost", host: 127.0.0.1 }',
        '    - { name: "\\u202Egnp.exe", host: 127.0.0.2 }',
        '    - { name: "Küche 🔥 東京 =SUM(1)", host: 127.0.0.3 }',
      ].join('\n'),
    });
    expect(problemsOf(() => loadConfig({ cwd, env: {} }))).toEqual([
      expect.stringMatching(/^monitor\.targets\[0\]\.name: .* is not a target name \(1-200 printable characters on one line/),
      expect.stringMatching(/^monitor\.targets\[1\]\.name: .* is not a target name/),
    ]);
  });

  it('reads target tags (the contract example: tags: [core]) and names a bad one', () => {
    const cwd = dirWith({
      'uptime.config.yaml': 'monitor:\n  targets:\n    - { name: core-switch, host: 192.0.2.1, tags: [core, lab-2] }\n',
      'bad.yaml': 'monitor:\n  targets:\n    - { host: 192.0.2.1, tags: ["has space"] }\n    - { host: 192.0.2.2, tags: core }\n',
    });
    expect(loadConfig({ cwd, env: {} }).config.monitor.targets[0]).toMatchObject({ name: 'core-switch', tags: ['core', 'lab-2'] });
    expect(problemsOf(() => loadConfig({ cwd, env: {}, flags: { config: 'bad.yaml' } }))).toEqual([
      'monitor.targets[0].tags[0]: "has space" is not a tag (1-64 letters, digits, ".", "_" or "-")',
      'monitor.targets[1].tags: "core" is not a list of tags',
    ]);
  });

  it('refuses thresholds that would never change a status (1e12 checks), naming the bound', () => {
    const cwd = dirWith({ 'uptime.config.yaml': 'monitor:\n  failureThreshold: 1000000000000\n  successThreshold: 1001\n' });
    expect(problemsOf(() => loadConfig({ cwd, env: {} }))).toEqual([
      'monitor.failureThreshold: 1000000000000 is not a whole number from 1 to 1000 (for a slower verdict, lengthen retryInterval)',
      'monitor.successThreshold: 1001 is not a whole number from 1 to 1000',
    ]);
    const ok = dirWith({ 'uptime.config.yaml': 'monitor:\n  failureThreshold: 1000\n' });
    expect(loadConfig({ cwd: ok, env: {} }).config.monitor.failureThreshold).toBe(1000);
  });

  it('reads viewer.auth and viewer.retention, and wants auth off loopback', () => {
    const hash = `$scrypt$ln=15,r=8,p=1$${'A'.repeat(22)}==$${'B'.repeat(43)}=`;
    const cwd = dirWith({
      'ok.yaml': `viewer:\n  listen: 0.0.0.0:8025\n  auth: { user: admin, passwordHash: "${hash}" }\n  retention: { maxMessages: 1000, maxAge: 30d }\n`,
      'open.yaml': 'viewer:\n  listen: 0.0.0.0:8025\n',
      'bad.yaml': 'viewer:\n  auth: { user: "a:b", passwordHash: hunter2 }\n  retention: { maxMessages: 0, maxAge: soon, keep: 1 }\n',
    });
    expect(loadConfig({ cwd, env: {} }).config.viewer).toEqual({ listen: { host: '127.0.0.1', port: 8025 }, url: 'http://127.0.0.1:8025', retention: {} });
    const { viewer } = loadConfig({ cwd, env: {}, flags: { config: 'ok.yaml' } }).config;
    expect(viewer).toEqual({ listen: { host: '0.0.0.0', port: 8025 }, url: 'http://0.0.0.0:8025', auth: { user: 'admin', passwordHash: hash }, retention: { maxMessages: 1000, maxAge: 30 * 86_400_000 } });
    expect(problemsOf(() => loadConfig({ cwd, env: {}, flags: { config: 'open.yaml' } }))).toEqual([
      expect.stringMatching(/^viewer\.auth: is required when viewer\.listen \(0\.0\.0\.0\) is not a loopback address/),
    ]);
    const problems = problemsOf(() => loadConfig({ cwd, env: {}, flags: { config: 'bad.yaml' } }));
    expect(problems).toEqual(
      expect.arrayContaining([
        'viewer.auth.user: "a:b" is not a user name (1-64 characters, no colon or space)',
        expect.stringMatching(/^viewer\.auth\.passwordHash: is not a password hash/),
        'viewer.retention.maxMessages: 0 is not a whole number of at least 1',
        expect.stringMatching(/^viewer\.retention\.maxAge: "soon" is not a duration/),
        'viewer.retention.keep: unknown key',
      ]),
    );
  });

  it('reads viewer.url, the address people reach the viewer at (default http://<viewer.listen>), and names a bad one', () => {
    const cwd = dirWith({
      'proxy.yaml': 'viewer:\n  url: https://sensor.lab/uptime/\n',
      'v6.yaml': 'viewer:\n  listen: "[::1]:9000"\n',
      'bad.yaml': 'viewer:\n  url: ftp://sensor.lab\n',
      'query.yaml': 'viewer:\n  url: "https://admin:pw@sensor.lab/?x=1"\n',
    });
    expect(loadConfig({ cwd, env: {}, flags: { config: 'proxy.yaml' } }).config.viewer.url).toBe('https://sensor.lab/uptime');
    expect(loadConfig({ cwd, env: {}, flags: { config: 'v6.yaml' } }).config.viewer.url).toBe('http://[::1]:9000');
    expect(problemsOf(() => loadConfig({ cwd, env: {}, flags: { config: 'bad.yaml' } }))).toEqual([expect.stringMatching(/^viewer\.url: "ftp:\/\/sensor\.lab" is not an http\(s\) URL/)]);
    expect(problemsOf(() => loadConfig({ cwd, env: {}, flags: { config: 'query.yaml' } }))).toEqual([expect.stringMatching(/^viewer\.url: .* is not an http\(s\) URL without credentials/)]);
  });

  it('reads the event log retention and names a bad value', () => {
    const good = dirWith({ 'uptime.config.yaml': 'events:\n  retention: { maxAgeDays: 30, maxBytes: 1000000 }\n' });
    expect(loadConfig({ cwd: good, env: {} }).config.events.retention).toEqual({ maxAgeDays: 30, maxBytes: 1000000 });
    const bad = dirWith({ 'uptime.config.yaml': 'events:\n  retention: { maxAgeDays: 0 }\n' });
    expect(problemsOf(() => loadConfig({ cwd: bad, env: {} }))).toEqual(['events.retention.maxAgeDays: 0 is not a whole number of days of at least 1']);
  });

  it('refuses an interval or timeout of 0, which would stop the checks', () => {
    const cwd = dirWith({ 'uptime.config.yaml': 'monitor:\n  interval: 0\n  timeout: 0ms\n' });
    expect(problemsOf(() => loadConfig({ cwd, env: {} }))).toEqual(['monitor.interval: must be at least 1ms', 'monitor.timeout: must be at least 1ms']);
    expect(problemsOf(() => loadConfig({ cwd: dirWith({}), env: { CHECK_INTERVAL: '0.0001' } }))).toEqual([
      'monitor.interval: must be at least 1ms (from CHECK_INTERVAL, in seconds)',
    ]);
  });

  it('layers file < .env < environment < flags', () => {
    const cwd = dirWith({
      'uptime.config.yaml': 'monitor:\n  interval: 10s\n  timeout: 3s\nalerts:\n  to: [a@localhost]\n',
      '.env': 'CHECK_INTERVAL=5\nNOTIFICATION_EMAIL=dotenv@localhost\n',
    });
    const fromDotenv = loadConfig({ cwd, env: {} }).config;
    expect(fromDotenv.monitor.interval).toBe(5000);
    expect(fromDotenv.alerts.to).toEqual(['dotenv@localhost']);
    const fromEnv = loadConfig({ cwd, env: { CHECK_INTERVAL: '4' } }).config;
    expect(fromEnv.monitor.interval).toBe(4000);
    const fromFlags = loadConfig({ cwd, env: { CHECK_INTERVAL: '4' }, flags: { interval: '3s', target: ['127.0.0.9'] } }).config;
    expect(fromFlags.monitor.interval).toBe(3000);
    expect(fromFlags.monitor.timeout).toBe(3000);
    expect(fromFlags.monitor.targets.map((t) => t.host)).toEqual(['127.0.0.9']);
  });

  it('reads a bare number given to --interval or --timeout as seconds, like CHECK_INTERVAL', () => {
    const cwd = dirWith({});
    const { monitor } = loadConfig({ cwd, env: {}, flags: { interval: '60', timeout: '0.5' } }).config;
    expect(monitor).toMatchObject({ interval: 60_000, timeout: 500 });
    expect(loadConfig({ cwd, env: { CHECK_INTERVAL: '60' } }).config.monitor.interval).toBe(loadConfig({ cwd, env: {}, flags: { interval: '60' } }).config.monitor.interval);
    expect(loadConfig({ cwd, env: {}, flags: { interval: '1500ms', timeout: '1s' } }).config.monitor).toMatchObject({ interval: 1500, timeout: 1000 });
    expect(problemsOf(() => loadConfig({ cwd, env: {}, flags: { interval: '2592000' } }))).toEqual([
      'monitor.interval: "2592000s" is too long: at most 24h (from --interval, in seconds)',
    ]);
  });

  it('gives the mta defaults and reads its relay, retry, tls and dkim keys', () => {
    const defaults = loadConfig({ cwd: dirWith({}), env: {} }).config.mta;
    expect(defaults).toMatchObject({ postmaster: 'admin@localhost', mailboxes: [], maxMessageSize: 25 * 1024 * 1024, maxRecipients: 100, maxClients: 100, idleTimeout: 300_000 });
    expect(defaults.tls).toBeUndefined();
    expect(defaults.relay).toEqual({
      mode: 'local',
      dnsServers: [],
      mxPort: 25,
      smarthost: { host: 'smtp.example.org', port: 587, secure: 'starttls', auth: true },
      retry: { first: 60_000, max: 3_600_000, lifetime: 5 * 86_400_000 },
    });
    const cwd = dirWith({
      'uptime.config.yaml': [
        'mta:',
        '  tls: { cert: certs/mta.crt, key: certs/mta.key }',
        '  maxMessageSize: 1048576',
        '  mailboxes: [Ops, noc.team]',
        '  relay:',
        '    mode: mx',
        '    dnsServers: ["127.0.0.1:5353", "::1"]',
        '    mxPort: 2526',
        '    retry: { first: 10s, max: 5m, lifetime: 1d }',
        '    dkim: { domain: lab.test, selector: s2026 }',
      ].join('\n'),
    });
    const { mta } = loadConfig({ cwd, env: { SMTP_PORT: '465' } }).config;
    expect(mta.tls).toEqual({ cert: 'certs/mta.crt', key: 'certs/mta.key' });
    expect(mta.mailboxes).toEqual(['ops', 'noc.team']);
    expect(mta.relay).toMatchObject({ mode: 'mx', dnsServers: ['127.0.0.1:5353', '::1'], mxPort: 2526, dkim: { domain: 'lab.test', selector: 's2026' } });
    expect(mta.relay.retry).toEqual({ first: 10_000, max: 300_000, lifetime: 86_400_000 });
    expect(mta.relay.smarthost.port).toBe(465);
  });

  it('gives the session limits their Postfix-like defaults and names a bad one', () => {
    const defaults = loadConfig({ cwd: dirWith({}), env: {} }).config.mta;
    expect(defaults).toMatchObject({ clientConnectionLimit: 50, stressIdleTimeout: 10_000, sessionTimeout: 1_800_000, minDataRate: 500, queueMinFree: 100 * 1024 * 1024 });
    const set = dirWith({ 'uptime.config.yaml': 'mta:\n  clientConnectionLimit: 5\n  queueMinFree: 0\n  sessionTimeout: 2m\n' });
    expect(loadConfig({ cwd: set, env: {} }).config.mta).toMatchObject({ clientConnectionLimit: 5, queueMinFree: 0, sessionTimeout: 120_000 });
    const bad = dirWith({ 'uptime.config.yaml': 'mta:\n  clientConnectionLimit: 0\n  queueMinFree: plenty\n  minDataRate: -1\n  stressIdleTimeout: soon\n' });
    expect(problemsOf(() => loadConfig({ cwd: bad, env: {} }))).toEqual([
      'mta.clientConnectionLimit: 0 is not a whole number of at least 1',
      'mta.stressIdleTimeout: "soon" is not a duration (use "500ms", "2s", "5m" or milliseconds)',
      'mta.minDataRate: -1 is not a whole number of bytes a second of at least 1',
      'mta.queueMinFree: "plenty" is not a size (use "50MB", "512KB" or bytes)',
    ]);
  });

  it('names each bad mta key', () => {
    const cwd = dirWith({
      'uptime.config.yaml': [
        'mta:',
        '  tls: { cert: a.crt }',
        '  maxRecipients: 0',
        '  postmaster: nobody',
        '  mailboxes: [ops, ../etc]',
        '  relay:',
        '    dnsServers: [resolver.example]',
        '    mxPort: 70000',
        '    retry: { first: soon, every: 1m }',
        '    dkim: { domain: lab.test, selector: "bad selector" }',
        '    smarthost: { secure: yes, password: hunter2 }',
      ].join('\n'),
    });
    const problems = problemsOf(() => loadConfig({ cwd, env: {} }));
    expect(problems).toEqual(
      expect.arrayContaining([
        'mta.tls.key: is required (a file path)',
        'mta.maxRecipients: 0 is not a whole number of at least 1',
        'mta.postmaster: "nobody" is not an email address',
        'mta.mailboxes[1]: "../etc" is not a mailbox name (a local part of up to 64 characters: a-z, 0-9, ".", "_", "+", "-", no leading dot)',
        'mta.relay.dnsServers[0]: "resolver.example" is not an IP address or IP:port of a DNS server',
        'mta.relay.mxPort: 70000 is not a port number (1-65535)',
        expect.stringMatching(/^mta\.relay\.retry\.first: "soon" is not a duration/),
        'mta.relay.retry.every: unknown key',
        'mta.relay.dkim.selector: "bad selector" is not a DKIM selector (letters, digits, "-" and ".")',
        'mta.relay.smarthost.secure: "yes" is not starttls, tls or none',
        'mta.relay.smarthost.password: unknown key',
      ]),
    );
    expect(problemsOf(() => loadConfig({ cwd: dirWith({}), env: { SMTP_PORT: 'abc' } }))).toEqual([
      'mta.relay.smarthost.port: a value that is not a number is not a port number (1-65535) (from SMTP_PORT)',
    ]);
  });

  it('relays through SMTP_SERVER:SMTP_PORT when SMTP_SERVER is set', () => {
    const cwd = dirWith({});
    const { relay } = loadConfig({ cwd, env: { SMTP_SERVER: 'smtp.lab.test', SMTP_PORT: '2587' } }).config.mta;
    expect(relay.mode).toBe('smarthost');
    expect(relay.smarthost).toMatchObject({ host: 'smtp.lab.test', port: 2587 });
    expect(loadConfig({ cwd, env: {} }).config.mta.relay.mode).toBe('local');
  });

  it('says which variable a bad value came from', () => {
    const cwd = dirWith({});
    expect(problemsOf(() => loadConfig({ cwd, env: { NOTIFICATION_EMAIL: 'not-an-address' } }))).toEqual([
      'alerts.to[0]: "not-an-address" is not an email address (from NOTIFICATION_EMAIL)',
    ]);
  });

  it('reports a .env that cannot be read instead of crashing', () => {
    const cwd = dirWith({});
    mkdirSync(join(cwd, '.env'));
    expect(problemsOf(() => loadConfig({ cwd, env: {} }))[0]).toMatch(/\.env: cannot be read \(EISDIR\); fix or remove it$/);
  });

  it('reports YAML syntax errors with the line and a missing explicit file', () => {
    const cwd = dirWith({ 'uptime.config.yaml': 'monitor:\n  targets: [\n' });
    expect(problemsOf(() => loadConfig({ cwd, env: {} }))[0]).toMatch(/uptime\.config\.yaml: line \d+ is not valid YAML/);
    expect(problemsOf(() => loadConfig({ cwd, env: { UPTIME_CONFIG: 'missing.yaml' } }))[0]).toMatch(/missing\.yaml: cannot be read \(ENOENT\)/);
  });

  it('names the sensor after the machine unless sensor.name is set, and refuses a name on two lines', () => {
    expect(loadConfig({ cwd: dirWith({}), env: {} }).config.sensor.name).toBe(hostname());
    const named = dirWith({ 'uptime.config.yaml': 'sensor:\n  name: lab-b sensor 1\n' });
    expect(loadConfig({ cwd: named, env: {} }).config.sensor.name).toBe('lab-b sensor 1');
    const bad = dirWith({ 'uptime.config.yaml': 'sensor:\n  name: "a\\nX-Injected: 1"\n' });
    expect(problemsOf(() => loadConfig({ cwd: bad, env: {} }))).toEqual(['sensor.name: "a\\nX-Injected: 1" is not a sensor name (1-100 characters on one line)']);
  });
});
