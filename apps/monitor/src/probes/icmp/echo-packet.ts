/**
 * @module ICMP and ICMPv6 echo packets: the request we send, and what a received packet says about one
 * of our requests (an echo reply, or an error about it). Everything else (redirects, source quench,
 * router advertisements, other programs' echoes) reads as nothing.
 */
import { SocketAddress } from 'node:net';

/** Bytes after the 8-byte ICMP header, as `ping` sends: 56. The first 4 carry the request's token. */
export const PAYLOAD_BYTES = 56;

/** What a received packet tells about one of our requests. */
export type EchoAnswer =
  | { kind: 'reply'; identifier: number; sequence: number; token: number; from: string }
  | { kind: 'error'; identifier: number; sequence: number; to: string; reason: string };

/** The ICMP checksum of `buf` (RFC 1071). */
function checksum(buf: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < buf.length; i += 2) sum += buf.readUInt16BE(i);
  if (buf.length % 2 === 1) sum += (buf[buf.length - 1] as number) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** Writes an echo request into `buf` (8 + PAYLOAD_BYTES long); the kernel computes the ICMPv6 checksum. */
export function writeEchoRequest(buf: Buffer, family: 4 | 6, identifier: number, sequence: number, token: number): Buffer {
  buf.fill(0, 0, 8);
  buf[0] = family === 4 ? 8 : 128;
  buf.writeUInt16BE(identifier, 4);
  buf.writeUInt16BE(sequence, 6);
  buf.writeUInt32BE(token >>> 0, 8);
  if (family === 4) buf.writeUInt16BE(checksum(buf), 2);
  return buf;
}

const V4_ERRORS: Record<number, string> = { 3: 'destination unreachable', 11: 'time exceeded', 12: 'parameter problem' };
const V4_UNREACHABLE: Record<number, string> = {
  0: 'destination network unreachable',
  1: 'destination host unreachable',
  2: 'destination protocol unreachable',
  3: 'destination port unreachable',
  4: 'fragmentation needed',
  9: 'destination network administratively prohibited',
  10: 'destination host administratively prohibited',
  13: 'communication administratively prohibited',
};
const V6_ERRORS: Record<number, string> = { 1: 'destination unreachable', 2: 'packet too big', 3: 'time exceeded', 4: 'parameter problem' };
const V6_UNREACHABLE: Record<number, string> = {
  0: 'no route to destination',
  1: 'communication administratively prohibited',
  3: 'destination address unreachable',
  4: 'destination port unreachable',
  5: 'source address failed policy',
  6: 'reject route to destination',
};

function ipv4(buf: Buffer, at: number): string {
  return `${buf[at]}.${buf[at + 1]}.${buf[at + 2]}.${buf[at + 3]}`;
}

function ipv6(buf: Buffer, at: number): string {
  const groups: string[] = [];
  for (let i = 0; i < 8; i += 1) groups.push(buf.readUInt16BE(at + i * 2).toString(16));
  // inet_ntop's form ("::" for the longest zero run, "::ffff:192.0.2.1"), as the probed address is kept (canonicalAddress)
  return new SocketAddress({ address: groups.join(':'), family: 'ipv6' }).address;
}

/** Reads an IPv4 ICMP packet as a raw socket hands it over (IP header first). */
export function parseV4(buf: Buffer, from: string): EchoAnswer | undefined {
  if (buf.length < 20) return undefined;
  const ihl = ((buf[0] as number) & 0x0f) * 4;
  if (buf.length < ihl + 8) return undefined;
  const type = buf[ihl] as number;
  const code = buf[ihl + 1] as number;
  if (type === 0) {
    if (buf.length < ihl + 12) return undefined;
    return { kind: 'reply', identifier: buf.readUInt16BE(ihl + 4), sequence: buf.readUInt16BE(ihl + 6), token: buf.readUInt32BE(ihl + 8), from };
  }
  const error = V4_ERRORS[type];
  if (!error) return undefined; // redirects (5), source quench (4) and the rest say nothing about a request's fate
  const inner = ihl + 8;
  if (buf.length < inner + 20) return undefined;
  const innerIhl = ((buf[inner] as number) & 0x0f) * 4;
  const echo = inner + innerIhl;
  if (buf[inner + 9] !== 1 || buf.length < echo + 8 || buf[echo] !== 8) return undefined;
  const reason = (type === 3 ? V4_UNREACHABLE[code] : undefined) ?? error;
  return { kind: 'error', identifier: buf.readUInt16BE(echo + 4), sequence: buf.readUInt16BE(echo + 6), to: ipv4(buf, inner + 16), reason: `${reason} (from ${from})` };
}

/** Reads an ICMPv6 packet as a raw socket hands it over (no IPv6 header). */
export function parseV6(buf: Buffer, from: string): EchoAnswer | undefined {
  if (buf.length < 8) return undefined;
  const type = buf[0] as number;
  const code = buf[1] as number;
  if (type === 129) {
    if (buf.length < 12) return undefined;
    return { kind: 'reply', identifier: buf.readUInt16BE(4), sequence: buf.readUInt16BE(6), token: buf.readUInt32BE(8), from };
  }
  const error = V6_ERRORS[type];
  if (!error) return undefined; // redirects (137), neighbour discovery and the rest
  const inner = 8;
  const echo = inner + 40;
  if (buf.length < echo + 8 || buf[inner + 6] !== 58 || buf[echo] !== 128) return undefined;
  const reason = (type === 1 ? V6_UNREACHABLE[code] : undefined) ?? error;
  return { kind: 'error', identifier: buf.readUInt16BE(echo + 4), sequence: buf.readUInt16BE(echo + 6), to: ipv6(buf, inner + 24), reason: `${reason} (from ${from})` };
}
