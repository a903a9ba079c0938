/** @module One delivery attempt of a queued message: deliver what is pending, bounce what failed or expired, keep the rest. */
import type { MailEventSink, MtaLog } from '../delivery/mail-events.js';
import { outcomesFor, type RecipientOutcome, type Transport } from '../delivery/outcome.js';
import { isLocal, type Recipient } from '../recipient.js';
import type { DeliveryState } from '../spool/delivery-state.js';
import { DamagedSpoolFileError } from '../spool/spool-file.js';
import type { Spool, SpooledMessage } from '../spool/spool.js';
import { describeDuration, retryDelay, type RetryPolicy } from './backoff.js';
import { makeBounce, type BounceSettings } from './bounce-sender.js';
import { reportOutcomes } from './report-outcomes.js';

/** What an attempt works with. */
export interface AttemptContext {
  spool: Spool;
  local: Transport;
  /** Undefined when mta.relay.mode is local. */
  relay?: Transport;
  retry: RetryPolicy;
  bounce: BounceSettings;
  events?: MailEventSink;
  log: MtaLog;
}

/** How an attempt ended: when to try again (if anything is left), the DSN it queued, what each recipient got. */
export interface AttemptResult {
  retryAt?: number;
  /** A finished message's spool file is removed only once its MAIL_* events are on disk; settles then. */
  removed?: Promise<void>;
  bounce?: SpooledMessage;
  outcomes: RecipientOutcome[];
}

const NOTHING: AttemptResult = { outcomes: [] };

/** Recipients known done though not on disk: some addresses, or 'all' when only the removal of the file failed. */
export type Finished = readonly string[] | 'all';

/** An attempt that delivered to `done` (and earlier recipients) but could not write that down; the caller keeps it in memory. */
export class UnrecordedProgressError extends Error {
  constructor(
    readonly done: readonly string[],
    cause: Error,
  ) {
    super(cause.message, { cause });
    this.name = 'UnrecordedProgressError';
  }
}

/**
 * Reads the message (unless given) and its state, and attempts every recipient still pending; `finished`
 * are recipients done by an earlier attempt of this process whose state could not be written.
 */
export async function attemptDelivery(context: AttemptContext, id: string, cached?: SpooledMessage, finished: Finished = []): Promise<AttemptResult> {
  const { spool } = context;
  let message = cached;
  let state: DeliveryState | undefined;
  if (!message) {
    try {
      message = await spool.read(id);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        spool.forget(id); // delivered or deleted meanwhile (`queue delete` runs in another process)
        return NOTHING;
      }
      if (!(err instanceof DamagedSpoolFileError)) throw err; // EIO, EMFILE, EACCES...: the queue manager retries later
      const kept = await spool.quarantine(id);
      context.log.warn(`mta: ${id}: damaged spool file moved to ${kept} (${err.message}); it is kept for inspection and not delivered`);
      return NOTHING;
    }
    state = await spool.readState(id);
  }
  const done = new Set([...(state?.done ?? []), ...(finished === 'all' ? message.envelope.recipients.map((r) => r.address) : finished)]);
  const pending = message.envelope.recipients.filter((r) => !done.has(r.address));
  const local = pending.filter(isLocal);
  const remote = pending.filter((r) => !isLocal(r));
  const [localOutcomes, remoteOutcomes] = await Promise.all([
    local.length ? context.local.deliver(message, local) : [],
    remote.length ? deliverRemote(context, message, remote) : [],
  ]);
  return finish(context, message, state, done, [...localOutcomes, ...remoteOutcomes]);
}

function deliverRemote(context: AttemptContext, message: SpooledMessage, remote: Recipient[]): Promise<RecipientOutcome[]> | RecipientOutcome[] {
  if (context.relay) return context.relay.deliver(message, remote);
  return outcomesFor(remote, { status: 'deferred', detail: 'relaying is off (mta.relay.mode is local); set mta.relay.mode to mx or smarthost', enhancedStatus: '4.3.5' });
}

/** Bounces what failed or expired, records everything, then removes the message or writes its new state. */
async function finish(context: AttemptContext, message: SpooledMessage, state: DeliveryState | undefined, done: ReadonlySet<string>, attempted: RecipientOutcome[]): Promise<AttemptResult> {
  const { spool, retry } = context;
  const { envelope } = message;
  const now = Date.now();
  const age = now - Date.parse(envelope.receivedAt);
  let outcomes = attempted.map((o): RecipientOutcome =>
    o.status === 'deferred' && age >= retry.lifetime
      ? { ...o, status: 'bounced', detail: `gave up after ${describeDuration(age)} in the queue (mta.relay.retry.lifetime): ${o.detail}`, enhancedStatus: '4.4.7' }
      : o,
  );
  let bounce = makeBounce(message, outcomes.filter((o) => o.status === 'bounced'), context.bounce);
  try {
    if (bounce) await spool.put(bounce.envelope, bounce.data); // durable before the original forgets these recipients
  } catch (err) {
    // the failed recipients stay pending (and bounce at a later attempt); the delivered ones are still done
    const why = `the bounce could not be queued (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
    outcomes = outcomes.map((o) => (o.status === 'bounced' ? { ...o, status: 'deferred', detail: `${o.detail}; ${why}` } : o));
    bounce = undefined;
  }
  const deferred = outcomes.filter((o) => o.status === 'deferred');
  const attempts = (state?.attempts ?? 0) + 1;
  const delay = retryDelay(attempts, retry);
  const recorded = reportOutcomes(envelope, outcomes, context, { nextAttemptIn: describeDuration(delay), bounceTo: bounce?.envelope.recipients[0]?.address });
  const result: AttemptResult = { bounce, outcomes };
  if (deferred.length === 0) {
    // events are batched: a crash before they are written repeats the delivery rather than losing its record
    result.removed = recorded.then(async () => void (await spool.remove(envelope.id, state !== undefined)));
  } else {
    const allDone = [...done, ...outcomes.filter((o) => o.status !== 'deferred').map((o) => o.recipient.address)];
    try {
      if (!(await spool.has(envelope.id))) return result;
      await spool.writeState(envelope.id, {
        attempts,
        lastAttemptAt: new Date(now).toISOString(),
        nextAttemptAt: new Date(now + delay).toISOString(),
        done: allDone,
        lastErrors: Object.fromEntries(deferred.map((o) => [o.recipient.address, o.detail])),
      });
    } catch (err) {
      throw new UnrecordedProgressError(allDone, err as Error);
    }
    result.retryAt = now + delay;
  }
  return result;
}
