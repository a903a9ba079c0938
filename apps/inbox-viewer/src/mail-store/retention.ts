/**
 * @module Retention (viewer.retention): per mailbox, at most `maxMessages` messages and none older than
 * `maxAge`; the oldest go first. Deletes in small batches between requests, never all at once.
 */
import type { ListedMessage } from './mail-index.js';
import type { MailStore } from './mail-store.js';

export interface RetentionRule {
  maxMessages?: number;
  /** In milliseconds. */
  maxAge?: number;
}

const BATCH = 100;
const yieldToRequests = () => new Promise((resolve) => setImmediate(resolve));

/** The entries a rule removes, oldest first within each mailbox. */
export function expired(sortedNewestFirst: Iterable<ListedMessage>, rule: RetentionRule, now: number): number[] {
  const kept = new Map<string, number>();
  const out: number[] = [];
  const oldest = rule.maxAge === undefined ? -Infinity : now - rule.maxAge;
  for (const entry of sortedNewestFirst) {
    const count = (kept.get(entry.mailbox) ?? 0) + 1;
    if (entry.receivedMs < oldest || (rule.maxMessages !== undefined && count > rule.maxMessages)) out.push(entry.id);
    else kept.set(entry.mailbox, count);
  }
  return out.reverse();
}

/** Applies a retention rule to a store now and then; off when the rule has no limit. */
export class Retention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly store: MailStore,
    private readonly rule: RetentionRule,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  get enabled(): boolean {
    return this.rule.maxMessages !== undefined || this.rule.maxAge !== undefined;
  }

  /** Runs once now and then every `everyMs`; the timer does not keep the process alive. */
  start(everyMs = 60_000): void {
    if (!this.enabled) return;
    void this.run();
    this.timer = setInterval(() => void this.run(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One pass; resolves with the number of messages deleted. Overlapping calls share one pass. */
  run(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    if (!this.enabled) return 0;
    await this.store.index.refresh();
    const doomed = expired(this.store.index.newestFirst(), this.rule, Date.now());
    let deleted = 0;
    for (let i = 0; i < doomed.length; i += BATCH) {
      for (const id of doomed.slice(i, i + BATCH)) {
        const entry = this.store.index.getById(id);
        if (entry && (await this.store.unlink(entry).catch(() => false))) deleted++;
      }
      await yieldToRequests();
    }
    if (deleted > 0) this.log(`viewer: retention deleted ${deleted} message${deleted === 1 ? '' : 's'}`);
    return deleted;
  }
}
