/**
 * @module The ICMP and ICMPv6 parser on packets as raw sockets hand them over. The echo replies and
 * destination-unreachable errors were captured on this machine (a monitor in a network namespace pinging
 * 127.0.0.1, ::1 and, through a namespace acting as router, 203.0.113.9 and 2001:db8:3::9); the
 * redirects, source quench and time exceeded quote the same captured request, checksums included.
 */
import { describe, expect, it } from 'vitest';
import { PAYLOAD_BYTES, parseV4, parseV6, writeEchoRequest } from './echo-packet.js';

/** Bytes from hex written in fields (spaces and `|` between fields are for the reader). */
const hex = (...fields: string[]): Buffer => Buffer.from(fields.join('').replace(/[\s|]/g, ''), 'hex');
const zeros = (bytes: number): string => '00'.repeat(bytes);

// The echo request of the router captures: to 203.0.113.9, identifier 0x3b71, sequence 0x50da, token 0x9beba42e.
const V4_REQUEST_IP = '45 00 0054 63d2 4000 40 01 d8cb c0000201 cb007109'; // 192.0.2.1 -> 203.0.113.9
const V4_REQUEST_ECHO = '08 00 2b9a 3b71 50da'; // type 8, checksum, identifier, sequence
const V4_ROUTER_IP = (type: string) => `45c0 ${type} 0ce9 0000 40 01 e918 c0000202 c0000201`; // 192.0.2.2 -> 192.0.2.1

describe('parseV4', () => {
  it('reads an echo reply after its IP header: identifier, sequence, token and source', () => {
    const reply = hex(
      '45 00 0054 dc7e 0000 40 01 a028 7f000001 7f000001', // IPv4, 84 bytes, ICMP, 127.0.0.1 -> 127.0.0.1
      '00 00 01c6 c40d 026b 0cbb2b06', // echo reply, checksum, identifier, sequence, token
      zeros(PAYLOAD_BYTES - 4),
    );
    expect(parseV4(reply, '127.0.0.1')).toEqual({ kind: 'reply', identifier: 0xc40d, sequence: 0x026b, token: 0x0cbb2b06, from: '127.0.0.1' });
  });

  it('finds the ICMP header after IP options (a header longer than 20 bytes)', () => {
    const reply = hex('46 00 0058 dc7e 0000 40 01 0000 7f000001 7f000001 01010100', '00 00 01c6 c40d 026b 0cbb2b06', zeros(PAYLOAD_BYTES - 4));
    expect(parseV4(reply, '127.0.0.1')).toMatchObject({ kind: 'reply', identifier: 0xc40d, sequence: 0x026b, token: 0x0cbb2b06 });
  });

  it('matches a router\'s destination unreachable to our request through the packet it quotes', () => {
    const unreachable = hex(
      '45c0 0070 0ce8 0000 40 01 e8e1 c0000202 c0000201', // from the router 192.0.2.2 to us
      '03 01 fcfe 00000000', // destination unreachable, host unreachable
      V4_REQUEST_IP,
      V4_REQUEST_ECHO,
      '9beba42e',
      zeros(PAYLOAD_BYTES - 4),
    );
    expect(parseV4(unreachable, '192.0.2.2')).toEqual({
      kind: 'error',
      identifier: 0x3b71,
      sequence: 0x50da,
      to: '203.0.113.9',
      reason: 'destination host unreachable (from 192.0.2.2)',
    });
  });

  it('reads an error that quotes only the IP header and 8 bytes of the request (RFC 792)', () => {
    const timeExceeded = hex(V4_ROUTER_IP('0038'), '0b 00 351a 00000000', V4_REQUEST_IP, V4_REQUEST_ECHO);
    expect(parseV4(timeExceeded, '192.0.2.2')).toEqual({ kind: 'error', identifier: 0x3b71, sequence: 0x50da, to: '203.0.113.9', reason: 'time exceeded (from 192.0.2.2)' });
  });

  it('reads a redirect (type 5) about our request as nothing: the request goes on', () => {
    const redirect = hex(V4_ROUTER_IP('0038'), '05 01 781a c00002fe', V4_REQUEST_IP, V4_REQUEST_ECHO); // host redirect to gateway 192.0.2.254
    expect(parseV4(redirect, '192.0.2.2')).toBeUndefined();
  });

  it('reads a source quench (type 4) about our request as nothing', () => {
    const quench = hex(V4_ROUTER_IP('0038'), '04 00 3c1a 00000000', V4_REQUEST_IP, V4_REQUEST_ECHO);
    expect(parseV4(quench, '192.0.2.2')).toBeUndefined();
  });

  it('reads echo requests, errors about other protocols and truncated packets as nothing', () => {
    const request = hex(V4_REQUEST_IP, V4_REQUEST_ECHO, '9beba42e', zeros(PAYLOAD_BYTES - 4));
    const aboutUdp = hex(V4_ROUTER_IP('0038'), '03 03 0000 00000000', '45 00 0054 63d2 4000 40 11 0000 c0000201 cb007109', '9c40 0035 0040 0000');
    expect(parseV4(request, '192.0.2.1')).toBeUndefined();
    expect(parseV4(aboutUdp, '192.0.2.2')).toBeUndefined();
    expect(parseV4(hex(V4_ROUTER_IP('0038'), '03 01 fcfe 00000000', V4_REQUEST_IP), '192.0.2.2')).toBeUndefined(); // quote cut before the ICMP header
    expect(parseV4(hex('45 00 0054'), '127.0.0.1')).toBeUndefined();
  });

  it('reads back the request writeEchoRequest builds, with a valid checksum', () => {
    const packet = writeEchoRequest(Buffer.alloc(8 + PAYLOAD_BYTES), 4, 0xbeef, 7, 0xdeadbeef);
    expect(packet[0]).toBe(8);
    expect(packet.subarray(4, 12).toString('hex')).toBe('beef0007deadbeef');
    let sum = 0;
    for (let i = 0; i < packet.length; i += 2) sum += packet.readUInt16BE(i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    expect(sum).toBe(0xffff);
    const asReply = Buffer.concat([hex('45 00 0054 0000 0000 40 01 0000 7f000001 7f000001'), packet]);
    asReply[20] = 0;
    expect(parseV4(asReply, '127.0.0.1')).toEqual({ kind: 'reply', identifier: 0xbeef, sequence: 7, token: 0xdeadbeef, from: '127.0.0.1' });
  });
});

// The ICMPv6 echo request of the router capture: 2001:db8:ff::1 -> 2001:db8:3::9, identifier 0x2a34, sequence 0xa2c8.
const V6_REQUEST = [
  '60 0be26b 0040 3a 40', // IPv6, flow label, payload 64 bytes, next header ICMPv6, hop limit 64
  '20010db8 00ff0000 00000000 00000001', // 2001:db8:ff::1
  '20010db8 00030000 00000000 00000009', // 2001:db8:3::9
  '80 00 1ef8 2a34 a2c8 eaa94c68', // echo request, checksum, identifier, sequence, token
  zeros(PAYLOAD_BYTES - 4),
].join('');

/** An ICMPv6 destination unreachable (address unreachable) that quotes a request to `destination` (32 hex digits). */
const v6UnreachableAbout = (destination: string): Buffer =>
  hex('01 03 0000 00000000', '60 000000 0040 3a 40 20010db800ff00000000000000000001', destination, '80 00 0000 2a34 a2c8 eaa94c68', zeros(PAYLOAD_BYTES - 4));

describe('parseV6', () => {
  it('reads an echo reply (a raw socket hands over no IPv6 header)', () => {
    const reply = hex('81 00 87f0 e6e7 dce4 f1b24113', zeros(PAYLOAD_BYTES - 4)); // from ::1
    expect(parseV6(reply, '::1')).toEqual({ kind: 'reply', identifier: 0xe6e7, sequence: 0xdce4, token: 0xf1b24113, from: '::1' });
  });

  it('matches a router\'s destination unreachable to our request through the packet it quotes', () => {
    const unreachable = hex('01 00 2465 00000000', V6_REQUEST); // no route to destination
    expect(parseV6(unreachable, '2001:db8:ff::2')).toEqual({
      kind: 'error',
      identifier: 0x2a34,
      sequence: 0xa2c8,
      to: '2001:db8:3::9',
      reason: 'no route to destination (from 2001:db8:ff::2)',
    });
    expect(parseV6(v6UnreachableAbout('20010db8000300000000000000000009'), 'fe80::2')).toMatchObject({ reason: 'destination address unreachable (from fe80::2)' });
    expect(parseV6(hex('03 00 0000 00000000', V6_REQUEST), 'fe80::2')).toMatchObject({ kind: 'error', reason: 'time exceeded (from fe80::2)' });
  });

  it('reads a redirect (type 137) quoting our request as nothing', () => {
    const redirect = hex(
      '89 00 9c1d 00000000',
      'fe800000000000000000000000000002', // target: the better first hop fe80::2
      '20010db8000300000000000000000009', // destination 2001:db8:3::9
      '04 0e 000000000000', // option: redirected header, 14 x 8 bytes
      V6_REQUEST,
    );
    expect(parseV6(redirect, 'fe80::2')).toBeUndefined();
  });

  it('reads neighbour discovery, echo requests and truncated errors as nothing', () => {
    const neighbourAdvert = hex('88 00 1a53 e0000000 20010db800ff00000000000000000002 0201 3ac536b07dad');
    expect(parseV6(neighbourAdvert, '2001:db8:ff::2')).toBeUndefined();
    expect(parseV6(hex(V6_REQUEST).subarray(40), '2001:db8:ff::1')).toBeUndefined();
    expect(parseV6(hex('01 00 2465 00000000', V6_REQUEST).subarray(0, 8 + 40 + 4), 'fe80::2')).toBeUndefined();
  });

  it('writes the quoted destination as inet_ntop does, the form the probed address is compared in', () => {
    const cases: [string, string][] = [
      ['00000000000000000000000000000001', '::1'],
      ['00000000000000000000000000000000', '::'],
      ['20010db8000000000000000000000001', '2001:db8::1'],
      ['20010db8000000010000000000000001', '2001:db8:0:1::1'], // the longest run of zeros
      ['20010db8000000000001000000000000', '2001:db8:0:0:1::'],
      ['00010000000000020000000000030004', '1::2:0:0:3:4'], // the first of equal runs
      ['20010db8000100020003000400050000', '2001:db8:1:2:3:4:5:0'], // one zero group is not shortened
      ['fe80000000000000e0861cfffec42ac3', 'fe80::e086:1cff:fec4:2ac3'],
      ['0064ff9b0000000000000000c0000201', '64:ff9b::c000:201'],
      ['00000000000000000000ffffc0000201', '::ffff:192.0.2.1'], // IPv4-mapped, as inet_ntop writes it
      ['000000000000000000000000c0000209', '::192.0.2.9'], // IPv4-compatible
    ];
    for (const [bytes, written] of cases) expect(parseV6(v6UnreachableAbout(bytes), 'fe80::2'), bytes).toMatchObject({ kind: 'error', to: written });
  });
});
