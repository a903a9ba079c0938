/** @module The whole monitor in this process, against real TCP services on loopback, its real event log and our MTA. */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { loadConfig, type DataLayout } from '@uptime/config';
import { openEventWriter, readEvents, type HostDownEvent, type HostUpEvent } from '@uptime/events';
import { startMonitor, type RunningMonitor } from '../../src/monitor.js';
import { delivered, freePort } from './mta-child.js';

/** A TCP service on 127.0.0.1 that a tcp target checks: up while it listens, refusing connections while down. */
export class TcpService {
  private server?: Server;

  private constructor(readonly port: number) {}

  /** A service on a free port, down until `up()`. */
  static async create(): Promise<TcpService> {
    return new TcpService(await freePort());
  }

  /** Starts listening (accepting and closing every connection). */
  async up(): Promise<void> {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.port, '127.0.0.1', resolve));
    this.server = server;
    if ((server.address() as AddressInfo).port !== this.port) throw new Error('port moved');
  }

  /** Stops listening. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

/** Writes `<dir>/uptime.config.yaml`: our MTA on `mtaPort`, fast checks with thresholds of 1, one email per change (groupWait 0), and `targets` (tcp, on 127.0.0.1). */
export async function writeLabConfig(dir: string, mtaPort: number, targets: Array<{ name: string; port: number }>): Promise<string> {
  const path = join(dir, 'uptime.config.yaml');
  const list = targets.map((t) => `    - { name: ${t.name}, probe: tcp, host: 127.0.0.1, port: ${t.port} }`).join('\n');
  await writeFile(
    path,
    `mta:\n  listen: "127.0.0.1:${mtaPort}"\nalerts:\n  groupWait: 0\nmonitor:\n  interval: 200ms\n  timeout: 150ms\n  failureThreshold: 1\n  successThreshold: 1\n  targets:\n${list}\n`,
  );
  return path;
}

/** A monitor started in this process: what it printed and warned, and its stop. */
export interface MonitorRun {
  monitor: RunningMonitor;
  output: string[];
  problems: string[];
  startedAt: number;
  layout: DataLayout;
  stop(): Promise<void>;
}

/** Starts the monitor of `dir` (its config file and `data/`) with its own event writer. */
export async function runMonitor(dir: string): Promise<MonitorRun> {
  const { config, layout } = loadConfig({ cwd: dir, flags: { config: join(dir, 'uptime.config.yaml'), dataDir: join(dir, 'data') }, env: {} });
  const events = await openEventWriter({ dir: layout.events, role: 'monitor' });
  const output: string[] = [];
  const problems: string[] = [];
  const startedAt = Date.now();
  const monitor = await startMonitor({ config, layout, events, print: (t) => output.push(t), warn: (l) => problems.push(l) });
  let stopped: Promise<void> | undefined;
  return {
    monitor,
    output,
    problems,
    startedAt,
    layout,
    stop: () => (stopped ??= monitor.stop().finally(() => events.close())),
  };
}

/** The HOST_DOWN / HOST_UP events of the data dir, oldest first. */
export async function transitions(eventsDir: string): Promise<Array<HostDownEvent | HostUpEvent>> {
  const events = await readEvents(eventsDir, { code: ['HOST_DOWN', 'HOST_UP'] }, { onProblem: () => undefined });
  return events.filter((e): e is HostDownEvent | HostUpEvent => e.code === 'HOST_DOWN' || e.code === 'HOST_UP').reverse();
}

/** The subject and body of every message in the admin's Maildir, in the order of delivery. */
export async function deliveredMail(layout: DataLayout): Promise<Array<{ subject: string; text: string }>> {
  const dir = join(layout.mail, 'admin', 'new');
  const mail: Array<{ subject: string; text: string }> = [];
  const byEventId = new Map<string, string>();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const text = await readFile(join(dir, name), 'utf8');
    byEventId.set(/X-Uptime-Event-Id: (.*)/.exec(text)?.[1]?.trim() ?? name, text);
  }
  for (const id of await delivered(layout)) {
    const text = byEventId.get(id) ?? '';
    mail.push({ subject: /^Subject: (.*)$/m.exec(text)?.[1]?.trim() ?? '', text });
  }
  return mail;
}
