/** @module The MTA wired together: SMTP on mta.listen -> local Maildir delivery. */
import type { AddressInfo } from 'node:net';
import type { AppConfig, DataLayout, ListenAddress } from '@uptime/config';
import { deliverLocal } from './delivery/local/deliver-local.js';
import { silentLog, type MailEventSink, type MtaLog } from './delivery/mail-events.js';
import { createSmtpServer } from './smtp/create-smtp-server.js';

/** What startMta needs. */
export interface MtaOptions {
  config: AppConfig;
  layout: DataLayout;
  /** Where MAIL_* events go; none are recorded without it. */
  events?: MailEventSink;
  log?: MtaLog;
  /** Overrides the 25 MB message size limit (bytes). */
  maxMessageSize?: number;
}

/** A running MTA. */
export interface RunningMta {
  /** Where it listens; the real port when mta.listen asked for port 0. */
  address: ListenAddress;
  /** Stops accepting, lets sessions in progress finish (at most ~3 s) and waits for deliveries. */
  close(): Promise<void>;
}

/** Starts the MTA on config.mta.listen; rejects with the listen error (e.g. EADDRINUSE). */
export async function startMta(options: MtaOptions): Promise<RunningMta> {
  const { mta } = options.config;
  const log = options.log ?? silentLog;
  const pending = new Set<Promise<void>>();
  const server = createSmtpServer({
    hostname: mta.hostname,
    localDomains: mta.localDomains,
    maxMessageSize: options.maxMessageSize,
    onMessage(message) {
      const delivery = deliverLocal({ mailRoot: options.layout.mail, hostname: mta.hostname, events: options.events, log }, message);
      pending.add(delivery);
      return delivery.finally(() => pending.delete(delivery));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(mta.listen.port, mta.listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err: NodeJS.ErrnoException) => log.warn(`mta: ${err.code ?? 'error'}: ${err.message}`));
  const bound = server.server.address() as AddressInfo;
  return {
    address: { host: mta.listen.host, port: bound.port },
    async close() {
      await new Promise<void>((resolve) => server.close(resolve));
      await Promise.allSettled([...pending]);
    },
  };
}
