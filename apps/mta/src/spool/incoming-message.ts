/** @module A message arriving over SMTP on its way into the spool: the prepared head first, then the body as it comes, never whole in memory (small ones are also kept for their first attempt). */
import type { AcceptedMessage, MessageSink } from '../accepted-message.js';
import { prepareHead } from './prepare-message.js';
import type { Spool, SpooledMessage } from './spool.js';
import type { SpoolWriter } from './spool-writer.js';

/** What happens once a message is durable: queue it (with its bytes when they were kept). */
export type OnQueued = (envelope: SpooledMessage['envelope'], data?: Buffer) => void;

/** Messages up to this size are kept in memory for their first delivery attempt; larger ones are read back from disk. */
export const KEEP_IN_MEMORY = 256 * 1024;

/** A MessageSink that writes into the spool. */
export class IncomingMessage implements MessageSink {
  private kept: Buffer[] | undefined = [];
  private keptBytes = 0;

  private constructor(
    private readonly writer: SpoolWriter,
    private readonly onQueued: OnQueued,
  ) {}

  /** Opens the spool file for `message` and writes its prepared head. */
  static async open(spool: Spool, message: AcceptedMessage, header: Buffer, queueId: string, hostname: string, onQueued: OnQueued): Promise<IncomingMessage> {
    const { envelope, prefix } = prepareHead(message, header, queueId, hostname);
    const incoming = new IncomingMessage(await spool.create(envelope), onQueued);
    await incoming.write(prefix);
    return incoming;
  }

  async write(chunk: Buffer): Promise<void> {
    this.keep(chunk);
    await this.writer.write(chunk);
  }

  async commit(): Promise<string> {
    const envelope = await this.writer.commit();
    this.onQueued(envelope, this.kept ? Buffer.concat(this.kept, this.keptBytes) : undefined);
    return envelope.id;
  }

  abort(): Promise<void> {
    this.kept = undefined;
    return this.writer.abort();
  }

  private keep(chunk: Buffer): void {
    if (!this.kept) return;
    this.keptBytes += chunk.length;
    if (this.keptBytes <= KEEP_IN_MEMORY) this.kept.push(chunk);
    else this.kept = undefined;
  }
}
