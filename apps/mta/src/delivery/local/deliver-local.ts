/** @module Local delivery: one copy per mailbox into Maildir, with a Return-Path header. */
import type { Recipient } from '../../recipient.js';
import { returnPathHeader } from '../../message/trace-headers.js';
import type { DirSyncer } from '../../spool/dir-syncer.js';
import type { OutboundMessage, RecipientOutcome, Transport } from '../outcome.js';
import { deliverToKnownMaildir } from './maildir.js';

/** Delivers to <mailRoot>/<mailbox>/new; a failed write defers (the disk may be full for a while). */
export class LocalTransport implements Transport {
  /** Mailboxes whose folders exist, so they are not created again for every message. */
  private readonly known = new Set<string>();

  constructor(
    /** <dataDir>/mail */
    private readonly mailRoot: string,
    private readonly syncer?: DirSyncer,
  ) {}

  async deliver(message: OutboundMessage, recipients: readonly Recipient[]): Promise<RecipientOutcome[]> {
    const copy = [Buffer.from(returnPathHeader(message.envelope.sender), 'utf8'), message.data]; // written in turn, not copied together
    const byMailbox = new Map<string, Promise<unknown>>();
    for (const { mailbox } of recipients) {
      if (!mailbox || byMailbox.has(mailbox)) continue;
      byMailbox.set(mailbox, deliverToKnownMaildir(this.mailRoot, mailbox, copy, this.known, this.syncer));
    }
    return Promise.all(
      recipients.map(async (recipient): Promise<RecipientOutcome> => {
        const delivery = recipient.mailbox ? byMailbox.get(recipient.mailbox) : undefined;
        if (!delivery) return { recipient, status: 'bounced', detail: 'not a local mailbox', enhancedStatus: '5.1.1' };
        try {
          await delivery;
          return { recipient, status: 'delivered', detail: `delivered to maildir ${recipient.mailbox}` };
        } catch (err) {
          const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
          return { recipient, status: 'deferred', detail: `cannot write to maildir ${recipient.mailbox} (${reason})`, enhancedStatus: '4.3.0' };
        }
      }),
    );
  }
}
