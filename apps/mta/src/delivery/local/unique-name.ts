/** @module Maildir file names that are unique across processes, hosts and fast deliveries. */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

let deliveries = 0;
/** Looked up once: os.hostname() and process.pid are system calls. */
let suffix: string | undefined;

/** The host name as it may appear in a file name: only A-Za-z0-9, ".", "_" and "-". */
export function sanitizeHostname(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_') || 'localhost';
}

/**
 * A new Maildir base name, `<seconds>.M<microseconds>P<pid>Q<n>R<random>.<host>`, as described in
 * the Maildir conventions; it uses only A-Za-z0-9, ".", "_" and "-", so it is also a safe id.
 */
export function uniqueMaildirName(now: number = performance.timeOrigin + performance.now()): string {
  const micros = Math.floor(now * 1000);
  const seconds = Math.floor(micros / 1_000_000);
  const micro = micros % 1_000_000;
  deliveries += 1;
  const random = randomBytes(8).toString('hex');
  suffix ??= `.${sanitizeHostname(hostname())}`;
  return `${seconds}.M${micro}P${process.pid}Q${deliveries}R${random}${suffix}`;
}
