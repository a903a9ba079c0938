/** @module An MTA started in-process on 127.0.0.1:<free port> with its own data directory, for tests. */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { dataLayout, loadConfig, loadOrCreateSubmissionCredentials, type AppConfig, type DataLayout } from '@uptime/config';
import type { MailEventRecord, MailEventSink } from '../../src/delivery/mail-events.js';
import { startMta, type MtaOptions, type RunningMta } from '../../src/mta-server.js';

export interface TestMta {
  mta: RunningMta;
  config: AppConfig;
  layout: DataLayout;
  recorded: MailEventRecord[];
  port: number;
  /** Log lines, info and warn. */
  lines: string[];
}

const running: RunningMta[] = [];

/** Stops every MTA started with startTestMta. */
export async function stopTestMtas(): Promise<void> {
  await Promise.all(running.splice(0).map((m) => m.close()));
}

/** Starts an MTA; `configure` edits the default config first. */
export async function startTestMta(configure: (config: AppConfig) => void = () => undefined, extra: Partial<MtaOptions> = {}): Promise<TestMta> {
  const dir = await mkdtemp(join(tmpdir(), 'mta-'));
  const { config } = loadConfig({ cwd: dir, env: {} });
  config.mta.listen = { host: '127.0.0.1', port: 0 };
  configure(config);
  const layout = extra.layout ?? dataLayout(join(dir, 'data'));
  const recorded: MailEventRecord[] = [];
  const lines: string[] = [];
  const events: MailEventSink = { record: async (e) => recorded.push(e) };
  const log = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l) };
  const mta = await startMta({ config, layout, events, log, cwd: dir, ...extra });
  running.push(mta);
  return { mta, config, layout, recorded, port: mta.address.port, lines };
}

/** Sets `config` up for direct MX delivery through the dnsmasq at `dns`, every MX on `port`; retries an hour apart unless `retry` says otherwise. */
export function directMx(config: AppConfig, dns: string, port: number, retry = { first: 3_600_000, max: 3_600_000, lifetime: 86_400_000 }): void {
  config.mta.relay.mode = 'mx';
  config.mta.relay.dnsServers = [dns];
  config.mta.relay.mxPort = port;
  config.mta.relay.retry = retry;
}

/** A nodemailer transport to the test MTA; `auth` uses the submission credentials of its data directory. */
export async function clientOf(t: TestMta, options: { auth?: boolean; name?: string } = {}) {
  const auth = options.auth ? await loadOrCreateSubmissionCredentials(t.layout) : undefined;
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port: t.port,
    secure: false,
    ignoreTLS: true,
    name: options.name ?? 'client.test',
    auth: auth ? { user: auth.user, pass: auth.password } : undefined,
  });
}

/** The files in <mail>/<mailbox>/<sub>. */
export async function filesIn(layout: DataLayout, mailbox: string, sub = 'new'): Promise<string[]> {
  const dir = join(layout.mail, mailbox, sub);
  return existsSync(dir) ? readdir(dir) : [];
}

/** The text of every message in a mailbox's new/. */
export async function mailboxTexts(layout: DataLayout, mailbox: string): Promise<string[]> {
  const names = await filesIn(layout, mailbox);
  return Promise.all(names.map((n) => readFile(join(layout.mail, mailbox, 'new', n), 'utf8')));
}
