/**
 * @module Many ICMP targets in a test's own network namespace (LAB.md): 127.1.x.y addresses on its
 * loopback that come and go in one `ip -batch`, our MTA and the monitor CLI inside it, and the alert
 * emails as they land in the Maildir (headers unfolded).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readEvents, type EventCode, type UptimeEvent } from '@uptime/events';
import { onTestFinished } from 'vitest';
import { Netns, netnsUnavailable, startInNetns, type Child } from '@uptime/test-lab';

const MONITOR_CLI = resolve(import.meta.dirname, '../../dist/cli.js');
const MTA_CLI = resolve(import.meta.dirname, '../../../mta/dist/cli.js');

/** `count` distinct addresses 127.1.0.1, 127.1.0.2, ... (250 per /24). */
export function stormAddresses(count: number, base = 1): string[] {
  return Array.from({ length: count }, (_, i) => `127.${base}.${Math.floor(i / 250)}.${(i % 250) + 1}`);
}

/** One delivered email: its file name, subject and (unfolded) headers, and the plain text after them. */
export interface Mail {
  file: string;
  subject: string;
  headers: Map<string, string>;
  body: string;
}

/** Parses a Maildir file far enough for alert tests: unfolded headers and the raw body. */
export function parseMail(file: string, raw: string): Mail {
  const text = raw.replace(/\r\n/g, '\n');
  const split = text.indexOf('\n\n');
  const head = text.slice(0, split).replace(/\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { file, subject: headers.get('subject') ?? '', headers, body: text.slice(split + 2) };
}

/** A lab of ICMP targets, the MTA and the monitor, in a namespace of its own; `close()` removes everything. */
export class StormLab {
  readonly ns = new Netns();
  readonly dir = mkdtempSync(join(tmpdir(), 'uptime-storm-'));
  readonly dataDir = join(this.dir, 'data');
  readonly configFile = join(this.dir, 'uptime.config.json');
  mta?: Child;
  monitor?: Child;

  /** Writes the config: `monitor` and `alerts` keys as given (and `extra` top-level keys), the MTA on 127.0.0.1:2525 in the namespace. */
  writeConfig(monitor: Record<string, unknown>, alerts: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): void {
    const config = {
      ...extra,
      monitor: { interval: '1s', timeout: '500ms', failureThreshold: 1, successThreshold: 1, ...monitor },
      alerts: { to: ['admin@localhost'], from: 'uptime@localhost', ...alerts },
      mta: { listen: '127.0.0.1:2525', hostname: 'sensor.lab', localDomains: ['localhost'] },
    };
    writeFileSync(this.configFile, JSON.stringify(config));
  }

  /** Adds (`add`) or removes (`del`) /32 addresses on the namespace's loopback, all in one `ip -batch`. */
  addresses(verb: 'add' | 'del', addresses: readonly string[]): void {
    const file = join(this.dir, `${verb}.batch`);
    writeFileSync(file, addresses.map((a) => `addr ${verb} ${a}/32 dev lo\n`).join(''));
    this.ns.exec('ip', '-batch', file);
  }

  /**
   * Drops every packet to these prefixes at once (one nftables rule: atomic, like a switch losing power).
   * On the way out the sender is refused at once (EPERM); with `silently` they are dropped on the way in,
   * so nothing answers and checks time out.
   */
  block(prefixes: readonly string[], { silently = false } = {}): void {
    const hook = silently ? 'input' : 'output';
    this.ns.exec('nft', 'add', 'table', 'inet', 'storm');
    this.ns.exec('nft', 'add', 'chain', 'inet', 'storm', hook, `{ type filter hook ${hook} priority 0; }`);
    this.ns.exec('nft', 'add', 'rule', 'inet', 'storm', hook, 'ip', 'daddr', `{ ${prefixes.join(', ')} }`, 'drop');
  }

  /** Drops every other echo request to `address` (nftables `numgen inc mod 2`): its checks fail and answer in turn. */
  alternate(address: string): void {
    this.ns.exec('nft', 'add', 'table', 'inet', 'storm');
    this.ns.exec('nft', 'add', 'chain', 'inet', 'storm', 'out', '{ type filter hook output priority 0; }');
    this.ns.exec('nft', 'add', 'rule', 'inet', 'storm', 'out', 'ip', 'daddr', address, 'icmp', 'type', 'echo-request', 'numgen', 'inc', 'mod', '2', '0', 'drop');
  }

  /** Takes the rule of `block` (or `alternate`) away at once. */
  unblock(): void {
    this.ns.exec('nft', 'delete', 'table', 'inet', 'storm');
  }

  /** Starts the MTA, once listening. */
  async startMta(): Promise<void> {
    this.mta = startInNetns(this.ns, MTA_CLI, ['--config', this.configFile, '--data-dir', this.dataDir], { cwd: this.dir });
    await this.mta.waitForOutput(/mta: listening on/, 'the MTA to listen', 30_000);
  }

  /** Starts the monitor, once it printed its first check. */
  async startMonitor(): Promise<Child> {
    this.monitor = startInNetns(this.ns, MONITOR_CLI, ['--config', this.configFile, '--data-dir', this.dataDir], { cwd: this.dir });
    await this.monitor.waitForOutput(/Network (Active|Inactive)/, 'the first check', 60_000);
    return this.monitor;
  }

  /** Events of these codes, oldest first. */
  async events(code: EventCode | EventCode[]): Promise<UptimeEvent[]> {
    return (await readEvents(join(this.dataDir, 'events'), { code, limit: 10_000 }).catch(() => [] as UptimeEvent[])).reverse();
  }

  /** Each target's status in the status file (run/status.json), by name. */
  statuses(): Map<string, string> {
    try {
      const file = JSON.parse(readFileSync(join(this.dataDir, 'run', 'status.json'), 'utf8')) as { targets: Array<{ name: string; status: string }> };
      return new Map(file.targets.map((t) => [t.name, t.status]));
    } catch {
      return new Map();
    }
  }

  /** The files in the outbox. */
  outbox(): string[] {
    try {
      return readdirSync(join(this.dataDir, 'outbox')).filter((f) => f.endsWith('.json'));
    } catch {
      return [];
    }
  }

  /** Every email in a mailbox (default admin), in the order of the Maildir names (delivery order). */
  mail(mailbox = 'admin'): Mail[] {
    const dir = join(this.dataDir, 'mail', mailbox, 'new');
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    const when = (name: string) => {
      const [, seconds = '0', micros = '0'] = /^(\d+)\.M(\d+)P/.exec(name) ?? [];
      return Number(seconds) * 1e6 + Number(micros);
    };
    return names.sort((a, b) => when(a) - when(b)).map((name) => parseMail(name, readFileSync(join(dir, name), 'utf8')));
  }

  /** Stops the children (SIGKILL after a hang), deletes the namespace and the temp dir. */
  async close(): Promise<void> {
    await this.monitor?.stop('SIGTERM', 20_000);
    await this.mta?.stop('SIGTERM', 20_000);
    this.ns.delete();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A new lab, closed when the current test finishes (also when it fails). */
export function stormLab(): StormLab {
  const lab = new StormLab();
  onTestFinished(() => lab.close());
  return lab;
}

/** Why these tests cannot run here (said once, naming them), or undefined. */
export function labUnavailable(what: string): string | undefined {
  const unavailable = netnsUnavailable();
  if (unavailable) console.warn(`SKIPPED ${what}: ${unavailable}`);
  return unavailable;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
