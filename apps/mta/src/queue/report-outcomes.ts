/** @module One log line and one MAIL_* event per recipient outcome, like Postfix's `status=sent|deferred|bounced` lines. */
import { isIP } from 'node:net';
import type { MailEventSink, MtaLog } from '../delivery/mail-events.js';
import type { RecipientOutcome } from '../delivery/outcome.js';
import type { QueuedEnvelope } from '../spool/spool-file.js';

const CODES = { delivered: 'MAIL_DELIVERED', deferred: 'MAIL_DEFERRED', bounced: 'MAIL_BOUNCED' } as const;
const VERBS = { delivered: 'was delivered to', deferred: 'could not yet be delivered to', bounced: 'could not be delivered to' } as const;

/** Extra words per status: when the next attempt is, where the bounce went. */
export interface ReportContext {
  nextAttemptIn?: string;
  bounceTo?: string;
}

/**
 * Logs and records every outcome. The event log batches what arrives while it writes, so the caller
 * need not wait; the returned promise settles once every event is recorded (or failed, which is logged),
 * for a caller that must not forget the message before its events are on disk.
 */
export function reportOutcomes(
  envelope: QueuedEnvelope,
  outcomes: readonly RecipientOutcome[],
  sinks: { events?: MailEventSink; log: MtaLog },
  context: ReportContext = {},
): Promise<void> {
  const recorded: Array<Promise<unknown>> = [];
  for (const outcome of outcomes) {
    const { status, recipient } = outcome;
    const extra =
      status === 'deferred' && context.nextAttemptIn
        ? `; next attempt in ${context.nextAttemptIn}`
        : status === 'bounced'
          ? context.bounceTo
            ? `; bounce sent to ${context.bounceTo}`
            : '; no bounce (null sender)'
          : '';
    const detail = `${outcome.detail}${extra}`;
    const line = `mta: ${envelope.id}: from=<${envelope.sender}> to=<${recipient.address}> status=${status} (${detail})`;
    if (status === 'delivered') sinks.log.info(line);
    else sinks.log.warn(line);
    const pending = sinks.events
      ?.record({
        code: CODES[status],
        hosts: outcome.remoteAddress && isIP(outcome.remoteAddress) ? [outcome.remoteAddress] : [],
        messageId: envelope.messageId,
        recipient: recipient.address,
        detail,
        message: `Mail ${envelope.messageId} from <${envelope.sender}> ${VERBS[status]} ${recipient.address}.`,
      })
      .catch((err: Error) => sinks.log.warn(`mta: ${envelope.id}: could not record ${CODES[status]}: ${err.message}`))
      .catch(() => undefined);
    if (pending) recorded.push(pending);
  }
  return Promise.all(recorded).then(() => undefined);
}
