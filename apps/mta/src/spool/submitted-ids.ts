/**
 * @module The Message-IDs of the appliance's own submissions already queued, kept on disk. The monitor
 * removes an alert from its outbox only after our 250; killed between the two, it sends the alert again
 * at its next start. A second submission of a Message-ID already queued is answered 250 and dropped, so
 * that alert reaches people once.
 */
import { appendFile, open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** How many of the latest Message-IDs are remembered (alerts are retried within hours, not thousands later). */
const KEEP = 10_000;

/** A Message-ID in a header section (`<...>`, at most 250 characters), or undefined. */
export function messageIdOf(header: Buffer): string | undefined {
  const match = /^message-id:[ \t]*(?:\r\n[ \t]+)?(<[^<>\s]{1,250}>)/im.exec(header.toString('latin1'));
  return match?.[1];
}

/** The remembered Message-IDs, with the queue id each was queued as. */
export class SubmittedIds {
  private readonly ids = new Map<string, string>();
  private lines = 0;

  private constructor(private readonly path: string) {}

  /** Loads `<spoolDir>/submitted-ids`; a missing or torn file only forgets (the worst is one alert twice). */
  static async open(spoolDir: string): Promise<SubmittedIds> {
    const store = new SubmittedIds(join(spoolDir, 'submitted-ids'));
    const text = await readFile(store.path, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      const [id, queueId] = line.split(' ');
      if (id && queueId && id.startsWith('<') && id.endsWith('>')) store.remember(id, queueId);
      store.lines += 1;
    }
    return store;
  }

  /** The queue id a Message-ID was queued as, when it was. */
  queuedAs(messageId: string): string | undefined {
    return this.ids.get(messageId);
  }

  /** Records a queued Message-ID durably (before the 250 that tells the monitor it may forget the alert). */
  async add(messageId: string, queueId: string): Promise<void> {
    this.remember(messageId, queueId);
    this.lines += 1;
    if (this.lines > 2 * KEEP) await this.rewrite();
    else {
      await appendFile(this.path, `${messageId} ${queueId}\n`, { mode: 0o600 });
      const handle = await open(this.path, 'r');
      await handle.sync().finally(() => handle.close());
    }
  }

  private remember(messageId: string, queueId: string): void {
    this.ids.delete(messageId);
    this.ids.set(messageId, queueId);
    if (this.ids.size > KEEP) this.ids.delete(this.ids.keys().next().value as string);
  }

  private async rewrite(): Promise<void> {
    const tmp = `${this.path}.tmp`;
    await writeFile(tmp, [...this.ids].map(([id, q]) => `${id} ${q}\n`).join(''), { mode: 0o600 });
    const handle = await open(tmp, 'r');
    await handle.sync().finally(() => handle.close());
    await rename(tmp, this.path);
    this.lines = this.ids.size;
  }
}
