/**
 * @module The digest rule (`alerts.groupWait`): the first change after a quiet spell is sent at once and
 * opens a window; changes within it are held and sent together when it ends, which opens the next window.
 * A window that ends with nothing held closes: the next change is sent at once again. Pure: the caller
 * gives the time (monotonic ms) and the number of changes it holds; this only decides.
 */

/** What to do with one change: send it now, or hold it until `until` (the end of the open window). */
export type DigestDecision = { send: 'now' } | { send: 'held'; until: number };

/** What to do when a window ends: send the held changes as a digest (and a next window ends at `next`), or nothing. */
export type WindowEnd = { flush: true; next: number } | { flush: false };

/** Decides, change by change, whether an alert goes out at once or waits for the window's digest. */
export class DigestWindow {
  /** The end of the open window; undefined while quiet. */
  private end?: number;

  constructor(private readonly groupWaitMs: number) {}

  /** A change at `now`, with `heldCount` changes already held: sent at once after a quiet spell (always, with groupWait 0), else held. */
  offer(now: number, heldCount: number): DigestDecision {
    if (this.groupWaitMs <= 0) return { send: 'now' };
    if (this.end === undefined || (now >= this.end && heldCount === 0)) {
      this.end = now + this.groupWaitMs;
      return { send: 'now' };
    }
    return { send: 'held', until: this.end };
  }

  /** The window ended (or changes held before a restart were found) at `now`: flush what is held and open the next window, or fall quiet. */
  close(now: number, heldCount: number): WindowEnd {
    if (heldCount === 0) {
      this.end = undefined;
      return { flush: false };
    }
    this.end = now + this.groupWaitMs;
    return { flush: true, next: this.end };
  }
}
