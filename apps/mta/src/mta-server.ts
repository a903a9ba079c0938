/** @module The MTA wired together: SMTP on mta.listen -> spool -> queue manager -> local Maildir or the relay. */
import { SubmittedIds, messageIdOf } from './spool/submitted-ids.js';
import { alreadyQueued, recordingId } from './spool/submission-sinks.js';
import type { AddressInfo } from 'node:net';
import { loadOrCreateSubmissionCredentials, type AppConfig, type DataLayout, type ListenAddress } from '@uptime/config';
import { BatchedEventSink } from './delivery/batched-events.js';
import { silentLog, type MailEventSink, type MtaLog } from './delivery/mail-events.js';
import type { SmarthostCredentials } from './delivery/relay/smarthost-credentials.js';
import { knownMailboxes } from './known-mailboxes.js';
import { MtaMetricsFeed } from './metrics-feed.js';
import { newQueueId } from './message/queue-id.js';
import { createSmtpServer } from './smtp/create-smtp-server.js';
import { loadTlsMaterial } from './smtp/tls-material.js';
import { IncomingMessage } from './spool/incoming-message.js';
import { openQueue } from './queue/open-queue.js';
import type { QueueManager } from './queue/queue-manager.js';
import { UserStore } from './users/user-store.js';

/** What startMta needs. */
export interface MtaOptions {
  config: AppConfig;
  layout: DataLayout;
  /** Where MAIL_* events go; none are recorded without it. */
  events?: MailEventSink;
  log?: MtaLog;
  /** Overrides mta.maxMessageSize (bytes). */
  maxMessageSize?: number;
  /** The smarthost login (smarthost mode); the CLI gets it from the environment or a prompt. */
  smarthostCredentials?: SmarthostCredentials;
  /** Base of relative paths in the config (mta.tls, mta.relay.dkim.keyFile); default the working directory. */
  cwd?: string;
}

/** A running MTA. */
export interface RunningMta {
  /** Where it listens; the real port when mta.listen asked for port 0. */
  address: ListenAddress;
  /** What the MTA does with mail for other domains, and where its TLS certificate is; for the start-up lines. */
  describe: { relay: string; tls: string; dkimRecord?: string; recovered: number };
  queue: QueueManager;
  /** The Prometheus metrics, shared with the viewer through <dataDir>/run/metrics/mta.prom. */
  metrics: MtaMetricsFeed;
  /** Retries every deferred message now; returns how many. */
  flush(): number;
  /** Stops accepting, lets sessions finish (~3 s), waits a little for deliveries, releases the spool. */
  close(): Promise<void>;
}

/** Starts the MTA; rejects with the listen error (e.g. EADDRINUSE) or an MtaError naming what to fix. */
export async function startMta(options: MtaOptions): Promise<RunningMta> {
  const { mta } = options.config;
  const { layout } = options;
  const log = options.log ?? silentLog;
  const cwd = options.cwd ?? process.cwd();
  const events = options.events ? new BatchedEventSink(options.events) : undefined;
  const metrics = new MtaMetricsFeed(mta.relay.mode);
  const { spool, queue, relay, unlock } = await openQueue({
    ...options,
    events,
    cwd,
    role: 'mta',
    usage: metrics.usage,
    onOutcomes: (outcomes) => metrics.outcomes(outcomes),
  });
  let reconcile: NodeJS.Timeout | undefined;
  const { smarthost } = mta.relay;
  if (mta.relay.mode === 'smarthost' && smarthost.secure === 'none' && smarthost.auth) {
    log.warn(`mta: warning: mta.relay.smarthost.secure is none with auth: true, so the login to ${smarthost.host}:${smarthost.port} goes over the network in clear text; use secure: starttls or tls`);
  }
  try {
    const tls = await loadTlsMaterial({ tls: mta.tls, root: layout.root, hostname: mta.hostname, cwd, listenHost: mta.listen.host });
    const submission = await loadOrCreateSubmissionCredentials(layout);
    const users = new UserStore(layout.root, submission);
    const recovered = await queue.recover();
    const submitted = await SubmittedIds.open(layout.spool);
    const server = createSmtpServer({
      hostname: mta.hostname,
      localDomains: mta.localDomains,
      mailboxes: knownMailboxes(options.config),
      relayEnabled: relay.transport !== undefined,
      maxMessageSize: options.maxMessageSize ?? mta.maxMessageSize,
      maxRecipients: mta.maxRecipients,
      maxClients: mta.maxClients,
      clientConnectionLimit: mta.clientConnectionLimit,
      idleTimeout: mta.idleTimeout,
      stressIdleTimeout: mta.stressIdleTimeout,
      sessionTimeout: mta.sessionTimeout,
      minDataRate: mta.minDataRate,
      trustedUser: submission.user,
      freeSpace: { bytes: () => spool.freeBytes(), floor: mta.queueMinFree },
      log,
      tls,
      authenticate: (user, password) => users.verify(user, password),
      onMessage: async (accepted, header) => {
        // the appliance's own alerts: one sent again after a kill of the monitor (it had our 250) is taken once
        const ownId = accepted.user === submission.user ? messageIdOf(header) : undefined;
        const queuedAs = ownId !== undefined ? submitted.queuedAs(ownId) : undefined;
        if (queuedAs !== undefined) return alreadyQueued(queuedAs);
        const sink = await IncomingMessage.open(spool, accepted, header, newQueueId(), mta.hostname, (envelope, data) => {
          metrics.received();
          queue.submit(envelope, data);
        });
        return ownId === undefined ? sink : recordingId(sink, (queueId) => submitted.add(ownId, queueId));
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
    metrics.start(layout);
    // `queue delete` removes files behind this process's back: notice it within a while
    reconcile = setInterval(() => void spool.reconcile().catch(() => undefined), 10_000);
    reconcile.unref();
    return {
      address: { host: mta.listen.host, port: bound.port },
      describe: { relay: relay.description, tls: tls.source, dkimRecord: relay.dkimRecord, recovered },
      queue,
      metrics,
      flush: () => queue.flush(),
      async close() {
        clearInterval(reconcile);
        await new Promise<void>((resolve) => server.close(resolve));
        await queue.close();
        await events?.flush();
        await metrics.stop();
        await unlock();
      },
    };
  } catch (err) {
    clearInterval(reconcile);
    await metrics.stop();
    await queue.close(0);
    await events?.flush();
    await unlock();
    throw err;
  }
}
