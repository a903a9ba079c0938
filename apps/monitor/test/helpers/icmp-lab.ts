/**
 * @module ICMP scenarios on real packets in a test's network namespace: a prober script on the built
 * EchoSocket that prints its outcomes as JSON, and a userland responder (a second raw socket) that
 * answers echo requests as a plan says: forged, late, or preceded by redirects and errors.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cleanEnv, startInNetns, type Child, type Netns } from '@uptime/test-lab';

const MONITOR = resolve(import.meta.dirname, '../..');
const ECHO_SOCKET = pathToFileURL(join(MONITOR, 'dist/probes/icmp/echo-socket.js')).href;
const RAW_SOCKET = createRequire(join(MONITOR, 'package.json')).resolve('raw-socket');

/** What a prober's `ping` resolves with: EchoSocket's outcome and the time until it came. */
export interface Outcome {
  ok: boolean;
  rttMs?: number;
  error?: string;
  tookMs: number;
}

let scriptDir: string | undefined;
function writeScript(name: string, text: string): string {
  scriptDir ??= mkdtempSync(join(tmpdir(), 'uptime-icmp-'));
  const file = join(scriptDir, name);
  writeFileSync(file, text);
  return file;
}

const PROBER_HEAD = `
import { EchoSocket } from ${JSON.stringify(ECHO_SOCKET)};
const problem = (message) => console.error(message);
const v4 = new EchoSocket(4, problem);
const v6 = new EchoSocket(6, problem);
/** Keeps the event loop busy, as a long synchronous task would. */
const block = (ms) => { const end = performance.now() + ms; while (performance.now() < end); };
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
/** One echo request; its outcome with the time until it came (tookMs). */
const ping = (socket, address, timeoutMs) => {
  const start = performance.now();
  return socket.ping(address, timeoutMs).then((outcome) => ({ ...outcome, tookMs: performance.now() - start }));
};
async function main() {
`;
const PROBER_TAIL = `
}
main().then(
  (result) => { v4.close(); v6.close(); console.log(JSON.stringify(result)); },
  (err) => { console.error(err); process.exit(1); },
);
`;

let probes = 0;

/**
 * Runs `body` (the inside of an async function with `v4`, `v6`, `EchoSocket`, `ping`, `block` and
 * `sleep` in scope) as a Node script in `ns`, and resolves with the JSON of what it returns.
 */
export function probeIn<T>(ns: Netns, body: string, hangMs = 60_000): Promise<T> {
  const file = writeScript(`probe-${(probes += 1)}.mjs`, PROBER_HEAD + body + PROBER_TAIL);
  const [command, ...args] = ns.wrap([process.execPath, file]);
  return new Promise((done, fail) => {
    const child = spawn(command as string, args, { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const hang = setTimeout(() => child.kill('SIGKILL'), hangMs);
    child.on('exit', (code, signal) => {
      clearTimeout(hang);
      if (code !== 0) return fail(new Error(`prober ${file} ended with ${code ?? signal}: ${stderr}${stdout}`));
      if (stderr) return fail(new Error(`prober ${file} reported: ${stderr}`));
      try {
        done(JSON.parse(stdout.trim().split('\n').pop() as string) as T);
      } catch (err) {
        fail(new Error(`prober ${file} printed no JSON (${(err as Error).message}): ${stdout}`));
      }
    });
  });
}

/** One packet the responder sends for each echo request to a target. */
export interface Answer {
  /** 'reply' (an echo reply with the request's identifier, sequence and payload) or an ICMP/ICMPv6 type. */
  type: 'reply' | number;
  code?: number;
  /** IPv4 only: the source address written in the IP header (the target by default). */
  from?: string;
  afterMs?: number;
  /** The reply's payload token altered. */
  wrongToken?: boolean;
  /** Redirects: the gateway (IPv4) or better first hop (ICMPv6). */
  gateway?: string;
  /** ICMPv6 errors: the destination written in the quoted request (the target by default). */
  about?: string;
}

/** Answers by target address. */
export type Plan = Record<string, Answer[]>;

const RESPONDER = `
import { createRequire } from 'node:module';
const raw = createRequire(import.meta.url)(${JSON.stringify(RAW_SOCKET)});
const plan = JSON.parse(process.argv[2]);

function checksum(buf) {
  let sum = 0;
  for (let i = 0; i + 1 < buf.length; i += 2) sum += buf.readUInt16BE(i);
  if (buf.length % 2) sum += buf[buf.length - 1] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
const v4Bytes = (address) => Buffer.from(address.split('.').map(Number));
const dotted = (buf, at) => [...buf.subarray(at, at + 4)].join('.');
function v6Bytes(address) {
  const [head, tail] = address.split('::');
  const first = head ? head.split(':') : [];
  const last = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? first : [...first, ...Array(8 - first.length - last.length).fill('0'), ...last];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, i) => bytes.writeUInt16BE(parseInt(group, 16), i * 2));
  return bytes;
}
/** An ICMP message: type, code, the 4 bytes after the checksum, data; IPv4 checksums are ours to write, the kernel writes ICMPv6 ones. */
function icmp(type, code, rest, data, family) {
  const message = Buffer.concat([Buffer.alloc(8), data]);
  message[0] = type;
  message[1] = code;
  rest.copy(message, 4);
  if (family === 4) message.writeUInt16BE(checksum(message), 2);
  return message;
}
function send(socket, packet, to, afterMs) {
  setTimeout(() => socket.send(packet, 0, packet.length, to, (err) => err && console.error('responder send: ' + err.message)), afterMs ?? 0);
}

const s4 = raw.createSocket({ addressFamily: raw.AddressFamily.IPv4, protocol: raw.Protocol.ICMP });
s4.setOption(raw.SocketLevel.IPPROTO_IP, raw.SocketOption.IP_HDRINCL, 1); // we write the IP header: any source address
const s6 = raw.createSocket({ addressFamily: raw.AddressFamily.IPv6, protocol: raw.Protocol.ICMPv6 });
for (const socket of [s4, s6]) socket.on('error', (err) => { console.error('responder socket: ' + err.message); process.exit(1); });

s4.on('message', (packet) => {
  const ihl = (packet[0] & 0x0f) * 4;
  if (packet[ihl] !== 8) return;
  const [from, to] = [dotted(packet, 12), dotted(packet, 16)];
  const request = packet.subarray(ihl);
  for (const answer of plan[to] ?? []) {
    let message;
    if (answer.type === 'reply') {
      const data = Buffer.from(request.subarray(8));
      if (answer.wrongToken) data[0] ^= 0xff;
      message = icmp(0, 0, request.subarray(4, 8), data, 4);
    } else {
      const rest = answer.gateway ? v4Bytes(answer.gateway) : Buffer.alloc(4);
      message = icmp(answer.type, answer.code ?? 0, rest, packet.subarray(0, ihl + 8), 4); // quotes the IP header and 8 bytes (RFC 792)
    }
    const ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + message.length, 2);
    ip[8] = 64;
    ip[9] = 1;
    v4Bytes(answer.from ?? to).copy(ip, 12);
    v4Bytes(from).copy(ip, 16);
    send(s4, Buffer.concat([ip, message]), from, answer.afterMs);
    console.log('answered ' + to + ' with ' + answer.type);
  }
});

s6.on('message', (message, source) => {
  if (message[0] !== 128) return;
  // a request to an address of this host comes from that same address: the source names the target
  for (const answer of plan[source] ?? []) {
    let out;
    if (answer.type === 'reply') {
      const data = Buffer.from(message.subarray(8));
      if (answer.wrongToken) data[0] ^= 0xff;
      out = icmp(129, 0, message.subarray(4, 8), data, 6);
    } else if (answer.type === 137) {
      out = icmp(137, 0, Buffer.alloc(4), Buffer.concat([v6Bytes(answer.gateway ?? 'fe80::1'), v6Bytes(source)]), 6);
    } else {
      const quoted = Buffer.alloc(40);
      quoted[0] = 0x60;
      quoted.writeUInt16BE(message.length, 4);
      quoted[6] = 58;
      quoted[7] = 64;
      v6Bytes(source).copy(quoted, 8);
      v6Bytes(answer.about ?? source).copy(quoted, 24);
      out = icmp(answer.type, answer.code ?? 0, Buffer.alloc(4), Buffer.concat([quoted, message]), 6);
    }
    send(s6, out, source, answer.afterMs);
    console.log('answered ' + source + ' with ' + answer.type);
  }
});
console.log('responder ready');
`;

/**
 * Starts the responder in `ns` (whose kernel must not answer echoes itself: icmp_echo_ignore_all):
 * for each echo request to an address of `plan`, it sends that address's answers.
 */
export async function startResponder(ns: Netns, plan: Plan): Promise<Child> {
  const responder = startInNetns(ns, writeScript('responder.mjs', RESPONDER), [JSON.stringify(plan)]);
  try {
    await responder.waitForOutput(/responder ready/, 'the ICMP responder', 10_000);
  } catch (err) {
    await responder.stop('SIGKILL');
    throw new Error(`${(err as Error).message}: ${responder.output()}`);
  }
  return responder;
}
