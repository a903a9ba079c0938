import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

/** Loads a `monitor` section (lines under it) with extra files in the same folder. */
function load(lines: string[], files: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'target-hosts-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
  writeFileSync(join(cwd, 'uptime.config.yaml'), ['monitor:', ...lines.map((l) => `  ${l.replaceAll('$DIR', cwd)}`)].join('\n'));
  try {
    return { targets: loadConfig({ cwd, env: {} }).config.monitor.targets, problems: [] as string[] };
  } catch (err) {
    if (err instanceof ConfigError) return { targets: [], problems: err.problems };
    throw err;
  }
}

describe('hosts: a subnet', () => {
  it('makes one target per usable address, named <name>-<address>, sharing every other setting', () => {
    const { targets, problems } = load(['targets:', '  - { name: rack-b, hosts: 192.0.2.64/29, probe: tcp, port: 22, interval: 10s }']);
    expect(problems).toEqual([]);
    expect(targets.map((t) => t.name)).toEqual(['65', '66', '67', '68', '69', '70'].map((n) => `rack-b-192.0.2.${n}`));
    expect(targets.every((t) => t.probe === 'tcp' && t.port === 22 && t.interval === 10_000 && !('hosts' in t))).toBe(true);
    expect(targets[0]?.host).toBe('192.0.2.65');
  });

  it('keeps both addresses of a /31 and the one of a /32, and skips the anycast address of an IPv6 subnet', () => {
    expect(load(['targets:', '  - { name: p2p, hosts: 192.0.2.0/31 }']).targets.map((t) => t.host)).toEqual(['192.0.2.0', '192.0.2.1']);
    expect(load(['targets:', '  - { name: one, hosts: 192.0.2.7/32 }']).targets.map((t) => t.host)).toEqual(['192.0.2.7']);
    expect(load(['targets:', '  - { name: v6, hosts: "2001:db8::/126" }']).targets.map((t) => t.name)).toEqual(['v6-2001:db8::1', 'v6-2001:db8::2', 'v6-2001:db8::3']);
  });

  it('takes a /20 and refuses a larger subnet, naming its size', () => {
    expect(load(['targets:', '  - { name: big, hosts: 10.1.0.0/20 }']).targets).toHaveLength(4094);
    expect(load(['targets:', '  - { name: huge, hosts: 10.0.0.0/16 }']).problems).toEqual([
      'monitor.targets[0].hosts: "10.0.0.0/16" has 65,536 addresses; at most /20 (4,096 addresses) is allowed: split it or use monitor.targetsFile',
    ]);
    expect(load(['targets:', '  - { name: huge6, hosts: "2001:db8::/64" }']).problems[0]).toMatch(/^monitor\.targets\[0\]\.hosts: "2001:db8::\/64" has [\d,]+ addresses; at most \/116 \(4,096 addresses\)/);
  });

  it('refuses a bad subnet, hosts beside host, and hosts on an http target', () => {
    expect(load(['targets:', '  - { hosts: 192.0.2.300/29 }']).problems).toEqual([
      'monitor.targets[0].hosts: "192.0.2.300/29" is not a subnet in CIDR notation (e.g. "192.0.2.64/29" or "2001:db8::/120")',
    ]);
    expect(load(['targets:', '  - { host: 192.0.2.1, hosts: 192.0.2.0/30 }']).problems).toEqual(['monitor.targets[0].hosts: and host are both set; give one']);
  });
});

describe('monitor.targetsFile', () => {
  it('reads one address or name a line, skipping comments and blank lines, after the targets', () => {
    const { targets, problems } = load(['targetsFile: $DIR/hosts.txt', 'targets:', '  - { name: gw, host: 192.0.2.1 }'], {
      'hosts.txt': '# lab hosts\n192.0.2.10\n\n  printer.lab   # the printer\n2001:db8::5\n',
    });
    expect(problems).toEqual([]);
    expect(targets.map((t) => [t.name, t.host, t.probe])).toEqual([
      ['gw', '192.0.2.1', 'icmp'],
      ['192.0.2.10', '192.0.2.10', 'icmp'],
      ['printer.lab', 'printer.lab', 'icmp'],
      ['2001:db8::5', '2001:db8::5', 'icmp'],
    ]);
  });

  it('names the line that is not an address, a file that cannot be read, and a host listed twice', () => {
    expect(load(['targetsFile: $DIR/hosts.txt'], { 'hosts.txt': '192.0.2.10\n10.0.0.300\n' }).problems[0]).toMatch(/^monitor\.targetsFile: .*hosts\.txt line 2: "10\.0\.0\.300" is not an IP address or host name$/);
    expect(load(['targetsFile: /nonexistent/hosts.txt']).problems).toEqual(['monitor.targetsFile: "/nonexistent/hosts.txt" cannot be read (ENOENT)']);
    expect(load(['targetsFile: $DIR/hosts.txt', 'targets:', '  - { name: gw, host: 192.0.2.10 }'], { 'hosts.txt': '192.0.2.10\n' }).problems).toEqual([
      'monitor.targets[1]: icmp 192.0.2.10 is already checked by monitor.targets[0]',
    ]);
  });
});
