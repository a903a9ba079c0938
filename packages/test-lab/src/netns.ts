/** @module Test hosts in a network namespace of the test's own (LAB.md): addresses that come and go. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

/** Why namespace tests cannot run here, or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to create a network namespace (ip netns add)';
  if (spawnSync('ip', ['-V']).status !== 0) return 'needs the ip command (Debian package iproute2)';
  return undefined;
}

/** A namespace whose loopback holds only 127.0.0.1/32 and the addresses the test adds. */
export class Netns {
  readonly name = `uptime-${process.pid}-${Math.random().toString(36).slice(2, 7)}`;

  constructor() {
    this.ip('netns', 'add', this.name);
    this.exec('ip', 'link', 'set', 'lo', 'up');
    this.exec('ip', 'addr', 'del', '127.0.0.1/8', 'dev', 'lo');
    this.exec('ip', 'addr', 'add', '127.0.0.1/32', 'dev', 'lo');
  }

  /** Runs a command inside the namespace and returns its stdout. */
  exec(...args: string[]): string {
    return execFileSync('ip', ['netns', 'exec', this.name, ...args], { encoding: 'utf8' });
  }

  /** The argv prefix that runs a command inside the namespace. */
  wrap(command: string[]): string[] {
    return ['ip', 'netns', 'exec', this.name, ...command];
  }

  addAddress(address: string): void {
    this.exec('ip', 'addr', 'add', `${address}/32`, 'dev', 'lo');
  }

  removeAddress(address: string): void {
    this.exec('ip', 'addr', 'del', `${address}/32`, 'dev', 'lo');
  }

  /**
   * Joins this namespace and `other` with a veth pair (a cable between two hosts): `address` here and
   * `otherAddress` there, both with a prefix ("198.51.100.1/24"). Deleting either namespace removes it.
   */
  link(other: Netns, address: string, otherAddress: string): void {
    const id = Math.random().toString(36).slice(2, 8);
    const [here, there] = [`vu${id}a`, `vu${id}b`]; // interface names: at most 15 characters
    this.ip('link', 'add', here, 'netns', this.name, 'type', 'veth', 'peer', 'name', there, 'netns', other.name);
    this.exec('ip', 'addr', 'add', address, 'dev', here);
    this.exec('ip', 'link', 'set', here, 'up');
    other.exec('ip', 'addr', 'add', otherAddress, 'dev', there);
    other.exec('ip', 'link', 'set', there, 'up');
  }

  /** GETs a URL from inside the namespace and returns the body. */
  fetchText(url: string): string {
    const script = `fetch(${JSON.stringify(url)}).then(r => r.text()).then(t => process.stdout.write(t), e => { console.error(e.message); process.exit(1); })`;
    return this.exec(process.execPath, '-e', script);
  }

  /** GETs a URL from inside the namespace and parses the JSON answer. */
  fetchJson<T>(url: string): T {
    return JSON.parse(this.fetchText(url)) as T;
  }

  /** Gives the namespace its own /etc/resolv.conf (ip netns exec bind-mounts /etc/netns/<name>/). */
  setResolvConf(text: string): void {
    mkdirSync(`/etc/netns/${this.name}`, { recursive: true });
    writeFileSync(`/etc/netns/${this.name}/resolv.conf`, text);
  }

  delete(): void {
    spawnSync('ip', ['netns', 'del', this.name]);
    rmSync(`/etc/netns/${this.name}`, { recursive: true, force: true });
  }

  private ip(...args: string[]): void {
    execFileSync('ip', args);
  }
}
