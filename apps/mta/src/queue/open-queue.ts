/** @module Takes the spool and builds the queue manager with its transports; shared by the MTA and an offline `queue flush`. */
import { mkdir } from 'node:fs/promises';
import type { AppConfig, DataLayout } from '@uptime/config';
import { LocalTransport } from '../delivery/local/deliver-local.js';
import type { MailEventSink, MtaLog } from '../delivery/mail-events.js';
import type { RecipientOutcome } from '../delivery/outcome.js';
import { createRelay, type Relay } from '../delivery/relay/create-relay.js';
import type { SmarthostCredentials } from '../delivery/relay/smarthost-credentials.js';
import { knownMailboxes } from '../known-mailboxes.js';
import { DirSyncer } from '../spool/dir-syncer.js';
import { Spool } from '../spool/spool.js';
import type { SpoolUsage } from '../spool/spool-usage.js';
import { lockSpool, type LockHolder } from '../spool/spool-lock.js';
import { QueueManager } from './queue-manager.js';

/** What opening the queue needs. */
export interface OpenQueueOptions {
  config: AppConfig;
  layout: DataLayout;
  events?: MailEventSink;
  log?: MtaLog;
  smarthostCredentials?: SmarthostCredentials;
  /** Base of relative paths in the config. */
  cwd: string;
  role: LockHolder['role'];
  /** Kept current with what the spool holds (for the metrics). */
  usage?: SpoolUsage;
  /** Hears what each delivery attempt did (for the metrics). */
  onOutcomes?: (outcomes: readonly RecipientOutcome[]) => void;
}

/** The spool, held by this process, and its queue manager (nothing scheduled yet: call recover()). */
export interface OpenQueue {
  spool: Spool;
  queue: QueueManager;
  relay: Relay;
  syncer: DirSyncer;
  /** Closes the kept directory handles and releases the spool lock. */
  unlock(): Promise<void>;
}

/** Locks <dataDir>/spool, cleans it up after a crash, and builds the queue manager. */
export async function openQueue(options: OpenQueueOptions): Promise<OpenQueue> {
  const { mta } = options.config;
  const { layout } = options;
  const syncer = new DirSyncer({ keepOpen: true });
  const spool = new Spool(layout.spool, { syncer, recycle: options.role === 'mta', usage: options.usage });
  await mkdir(layout.spool, { recursive: true, mode: 0o700 });
  const lock = await lockSpool(layout.spool, options.role);
  const unlock = async () => {
    await syncer.close();
    await lock();
  };
  try {
    await spool.init();
    const relay = await createRelay(mta, { root: layout.root, cwd: options.cwd, credentials: options.smarthostCredentials });
    const queue = new QueueManager({
      spool,
      local: new LocalTransport(layout.mail, syncer),
      relay: relay.transport,
      retry: mta.relay.retry,
      bounce: { hostname: mta.hostname, localDomains: mta.localDomains, postmaster: mta.postmaster, mailboxes: knownMailboxes(options.config), relayEnabled: relay.transport !== undefined },
      events: options.events,
      log: options.log,
      onOutcomes: options.onOutcomes,
    });
    return { spool, queue, relay, syncer, unlock };
  } catch (err) {
    await unlock();
    throw err;
  }
}
