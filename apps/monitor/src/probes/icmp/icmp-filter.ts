/** @module Linux raw-socket filters: the kernel hands the socket only the ICMP types the monitor reads. */
import { endianness } from 'node:os';
import type { Socket } from 'raw-socket';

/** The types each family reads: echo replies and the errors that can end a request. */
const READ_TYPES = { 4: [0, 3, 11, 12], 6: [1, 2, 3, 4, 129] } as const;

/**
 * Sets ICMP_FILTER (IPv4) or ICMP6_FILTER (IPv6) so that every other type is dropped in the kernel: a
 * raw socket otherwise gets every ICMP packet the host receives (our own requests on loopback, other
 * programs' pings, redirects), each a wakeup and a read. Where the option is refused, the parser ignores them.
 */
export function readOnlyEchoAnswers(socket: Socket, family: 4 | 6): void {
  if (process.platform !== 'linux') return;
  const [level, option, bytes] = family === 4 ? [255, 1, 4] : [58, 1, 32]; // SOL_RAW ICMP_FILTER; IPPROTO_ICMPV6 ICMP6_FILTER
  const filter = Buffer.alloc(bytes, 0xff); // a set bit drops that type, in 32-bit words of host byte order
  const writeWord = endianness() === 'LE' ? filter.writeUInt32LE.bind(filter) : filter.writeUInt32BE.bind(filter);
  const words = new Uint32Array(bytes / 4).fill(0xffffffff);
  for (const type of READ_TYPES[family]) words[Math.floor(type / 32)] = (words[Math.floor(type / 32)] as number) & ~(1 << type % 32) >>> 0;
  words.forEach((word, i) => writeWord(word >>> 0, i * 4));
  try {
    socket.setOption(level, option, filter, bytes);
  } catch {
    // an older kernel or another system: the parser drops what it does not read
  }
}
