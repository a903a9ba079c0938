/** @module Name servers on loopback for tests: dnsmasq that logs every query, and one that never answers. */
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { waitFor } from '@uptime/test-lab';

/** Why dnsmasq tests cannot run here, or undefined when they can. */
export function dnsmasqUnavailable(): string | undefined {
  return spawnSync('dnsmasq', ['--version']).status === 0 ? undefined : 'needs dnsmasq (Debian package dnsmasq)';
}

/** A free UDP port on 127.0.0.1 (for a server that binds it a moment later). */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** A running dnsmasq: its address, and how often it was asked each (type, name). */
export interface Dnsmasq {
  server: string;
  /** Queries received for `name` (of `type`, default any), from its --log-queries lines. */
  queries(name: string, type?: 'A' | 'AAAA'): number;
  stop(): Promise<void>;
}

/** dnsmasq on 127.0.0.1:<free port>, answering for `.test` only, with `records` (e.g. "--host-record=web.lab.test,127.0.0.2,1"). */
export async function startDnsmasq(records: string[]): Promise<Dnsmasq> {
  // the port was free for UDP; dnsmasq binds TCP too, where a test running beside this one may hold it
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startDnsmasqOn(await freeUdpPort(), records);
    } catch (err) {
      if (attempt === 5 || !/Address already in use/.test((err as Error).message)) throw err;
    }
  }
}

async function startDnsmasqOn(port: number, records: string[]): Promise<Dnsmasq> {
  const args = ['--no-daemon', `--port=${port}`, '--listen-address=127.0.0.1', '--bind-interfaces', '--no-resolv', '--no-hosts',
    '--local=/test/', '--log-queries', '--log-facility=-', ...records];
  const child = spawn('dnsmasq', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const closed = new Promise((resolve) => child.once('close', resolve));
  const probe = new Resolver({ timeout: 200, tries: 1 });
  probe.setServers([`127.0.0.1:${port}`]);
  // dnsmasq exiting (a port taken) ends the wait at once, so that the caller can try another port
  const answered = () => probe.resolve4('ready.probe.test').then(() => true, (err: NodeJS.ErrnoException) => err.code === 'ENOTFOUND' || err.code === 'ENODATA');
  await waitFor('dnsmasq to answer', async () => child.exitCode !== null || (await answered()));
  if (child.exitCode !== null) {
    await closed; // its last words read
    throw new Error(`dnsmasq exited: ${log}`);
  }
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    server: `127.0.0.1:${port}`,
    queries: (name, type) => log.match(new RegExp(`query\\[${type ?? '[A-Z]+'}\\] ${escape(name)} from`, 'g'))?.length ?? 0,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A name server that reads every query and never answers (a dead resolver): the names it was asked, in order. */
export interface SilentServer {
  server: string;
  asked: string[];
  close(): Promise<void>;
}

/** The name asked in a DNS query packet (labels after the 12-byte header). */
function questionName(packet: Buffer): string {
  const labels: string[] = [];
  for (let at = 12; at < packet.length && packet[at] !== 0; at += (packet[at] ?? 0) + 1) {
    labels.push(packet.subarray(at + 1, at + 1 + (packet[at] ?? 0)).toString('ascii'));
  }
  return labels.join('.');
}

/** Starts a silent name server on 127.0.0.1:<free port>. */
export async function startSilentServer(): Promise<SilentServer> {
  const socket = createSocket('udp4');
  const asked: string[] = [];
  socket.on('message', (packet) => asked.push(questionName(packet)));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    asked,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

/** Starts a name server on 127.0.0.1:<free port> that answers every query with SERVFAIL (a broken resolver). */
export async function startServfailServer(): Promise<SilentServer> {
  const socket = createSocket('udp4');
  const asked: string[] = [];
  socket.on('message', (packet, from) => {
    asked.push(questionName(packet));
    const reply = Buffer.from(packet);
    reply[2] = 0x81; // QR (a response), RD
    reply[3] = 0x82; // RA, RCODE 2 = SERVFAIL
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    asked,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
