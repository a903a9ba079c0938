/** @module Names from /etc/hosts (`localhost` and the like), answered without DNS and without libuv's thread pool. */
import { readFileSync, statSync } from 'node:fs';

/** Reads a hosts file again at most this often, and only when its modification time changed. */
const RECHECK_MS = 1000;

/** The address a hosts file gives each name: the first IPv4 one, else the first IPv6 one. */
export function parseHosts(text: string): Map<string, string> {
  const v4 = new Map<string, string>();
  const v6 = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [address, ...names] = (line.split('#')[0] ?? '').trim().split(/\s+/);
    if (!address || names.length === 0) continue;
    const byFamily = address.includes(':') ? v6 : v4;
    for (const name of names) if (!byFamily.has(name.toLowerCase())) byFamily.set(name.toLowerCase(), address);
  }
  for (const [name, address] of v6) if (!v4.has(name)) v4.set(name, address);
  return v4;
}

/** A hosts file kept in memory, re-read when it changes. */
export class HostsFile {
  private names = new Map<string, string>();
  private mtimeMs = -1;
  private checkedAt = -Infinity;

  constructor(private readonly path = '/etc/hosts') {}

  /** The address the file gives `name`, if any. */
  addressOf(name: string): string | undefined {
    this.refresh();
    return this.names.get(name.toLowerCase());
  }

  private refresh(): void {
    const now = performance.now();
    if (now - this.checkedAt < RECHECK_MS) return;
    this.checkedAt = now;
    try {
      const { mtimeMs } = statSync(this.path);
      if (mtimeMs === this.mtimeMs) return;
      this.names = parseHosts(readFileSync(this.path, 'utf8'));
      this.mtimeMs = mtimeMs;
    } catch {
      this.names = new Map(); // no hosts file: every name goes to DNS
      this.mtimeMs = -1;
    }
  }
}
