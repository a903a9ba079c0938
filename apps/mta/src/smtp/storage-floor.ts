/** @module The free-space floor (mta.queueMinFree, like Postfix's queue_minfree): MAIL, RCPT and DATA get 452 4.3.1 while the spool's file system has less free. */
import { insufficientStorage } from '../errors.js';

/** Checks free space on the spool's file system against the floor; a floor of 0 turns it off. */
export class StorageFloor {
  /** The reading in progress: checks that come meanwhile share it (each statfs waits in libuv's pool behind fsyncs). */
  private reading: Promise<number> | undefined;

  constructor(
    private readonly freeBytes: () => Promise<number>,
    private readonly floor: number,
  ) {}

  /** Rejects with 452 4.3.1 while free space is below the floor (plus 1.5 times a SIZE the client declared, as Postfix does). */
  async check(declared = 0): Promise<void> {
    if (this.floor <= 0) return;
    const free = await this.read();
    if (free < this.floor + 1.5 * declared) throw insufficientStorage();
  }

  private read(): Promise<number> {
    this.reading ??= this.freeBytes()
      .catch(() => Number.POSITIVE_INFINITY) // statfs failing is no reason to refuse mail
      .finally(() => (this.reading = undefined));
    return this.reading;
  }
}
