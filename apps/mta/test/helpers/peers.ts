/** @module Real peers for tests: dnsmasq (DNS on loopback) and Postfix's smtp-sink (a remote MX), plus ports and polling. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { Resolver } from 'node:dns/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BINARIES = {
  swaks: '/usr/bin/swaks',
  smtpSink: '/usr/sbin/smtp-sink',
  smtpSource: '/usr/sbin/smtp-source',
  dnsmasq: '/usr/sbin/dnsmasq',
  /** dkimpy (python3-dkim), used through /usr/bin/python3 */
  dkimpy: '/usr/bin/dkimverify',
} as const;

/** Why a test must be skipped (a missing binary), or undefined when everything is there. */
export function missing(...names: Array<keyof typeof BINARIES>): string | undefined {
  const absent = names.filter((n) => !existsSync(BINARIES[n]));
  if (absent.length === 0) return undefined;
  const reason = `${absent.map((n) => BINARIES[n]).join(', ')} not installed (run scripts/install-test-deps.sh)`;
  console.warn(`SKIPPED ${names.join(', ')} tests: ${reason}`);
  return reason;
}

/** A TCP port free on `host` right now. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** T without its falsy members. */
export type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/** Polls `check` until it returns something truthy; rejects after `timeout` ms (a hang, not a speed check). */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeout = 30_000): Promise<Truthy<T>> {
  const end = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as Truthy<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? ` (${String(last)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const children = new Set<ChildProcess>();

/** Kills every peer started by this file's helpers. */
export async function stopPeers(): Promise<void> {
  await Promise.all([...children].map(stop));
}

async function stop(child: ChildProcess): Promise<void> {
  children.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  child.once('exit', () => children.delete(child));
  Object.defineProperty(child, 'stderrText', { get: () => stderr });
  return child;
}

/** A dnsmasq on 127.0.0.1:<free port> answering for `.test` only, with the given extra options (records). */
export async function startDnsmasq(records: string[]): Promise<{ server: string; stop(): Promise<void> }> {
  // the port was free for TCP; dnsmasq binds UDP too, where a test running beside this one may hold it
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startDnsmasqOn(await freePort(), records);
    } catch (err) {
      if (attempt === 5 || !/Address already in use/.test((err as Error).message)) throw err;
    }
  }
}

async function startDnsmasqOn(port: number, records: string[]): Promise<{ server: string; stop(): Promise<void> }> {
  const args = ['--no-daemon', `--port=${port}`, '--listen-address=127.0.0.1', '--bind-interfaces', '--no-resolv', '--no-hosts', '--local=/test/', ...records];
  const child = track(spawn(BINARIES.dnsmasq, args, { stdio: ['ignore', 'ignore', 'pipe'] }));
  const resolver = new Resolver({ timeout: 500, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  // dnsmasq exiting (a port taken) ends the wait at once, so that the caller can try another port
  await waitFor(async () => {
    if (child.exitCode !== null) return true;
    return resolver.resolveMx('probe.test').then(
      () => true,
      (err: NodeJS.ErrnoException) => err.code === 'ENOTFOUND' || err.code === 'ENODATA',
    );
  }, 'dnsmasq');
  if (child.exitCode !== null) {
    if (child.stderr && !child.stderr.closed) await new Promise((resolve) => child.stderr?.once('close', resolve)); // its last words read
    throw new Error(`dnsmasq exited: ${(child as unknown as { stderrText: string }).stderrText}`);
  }
  return { server: `127.0.0.1:${port}`, stop: () => stop(child) };
}

/** A running smtp-sink that writes each message it accepts to a file in `dir`. */
export interface SmtpSink {
  dir: string;
  /** The messages received so far, as text. */
  messages(): Promise<string[]>;
  stop(): Promise<void>;
}

/** Starts smtp-sink on host:port; `soft`/`hard` list commands it rejects with 4xx/5xx (e.g. ["RCPT"]); `noEightBitMime` leaves 8BITMIME out of EHLO. */
export async function startSmtpSink(host: string, port: number, options: { soft?: string[]; hard?: string[]; dir?: string; noEightBitMime?: boolean } = {}): Promise<SmtpSink> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'sink-')));
  const args = ['-u', 'root', '-d', `${dir}/msg.`];
  if (options.noEightBitMime) args.push('-8');
  if (options.soft?.length) args.push('-r', options.soft.join(','));
  if (options.hard?.length) args.push('-f', options.hard.join(','));
  args.push(`${host}:${port}`, '100');
  const child = track(spawn(BINARIES.smtpSink, args, { stdio: ['ignore', 'ignore', 'pipe'] }));
  await waitFor(
    () =>
      new Promise<boolean>((resolve, reject) => {
        if (child.exitCode !== null) reject(new Error(`smtp-sink exited: ${(child as unknown as { stderrText: string }).stderrText}`));
        const socket = connect(port, host);
        socket.once('data', () => {
          socket.end('QUIT\r\n');
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      }),
    `smtp-sink on ${host}:${port}`,
  );
  return {
    dir,
    async messages() {
      const names = (await readdir(dir)).filter((n) => n.startsWith('msg.')).sort();
      return Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')));
    },
    stop: () => stop(child),
  };
}
