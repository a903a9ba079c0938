/** @module Whether a client address is on this machine's loopback. */
import { isIP } from 'node:net';

/** True for 127.0.0.0/8 and ::1 (also IPv4-mapped). */
export function isLoopback(address: string | undefined): boolean {
  const plain = (address ?? '').replace(/^::ffff:/i, '');
  return plain === '::1' || (isIP(plain) === 4 && plain.startsWith('127.'));
}

/** True for the loopback host address itself (127.0.0.1, ::1), the source of the appliance's own submissions. */
export function isLoopbackHost(address: string | undefined): boolean {
  const plain = (address ?? '').replace(/^::ffff:/i, '');
  return plain === '127.0.0.1' || plain === '::1';
}
