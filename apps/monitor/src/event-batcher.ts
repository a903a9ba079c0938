/**
 * @module Records events in batches of at least `gapMs` apart while the log is busy: a storm of
 * transitions (5,000 targets coming up at start) becomes a few writes of the event log, not hundreds;
 * an event that comes while the log is idle is recorded at once.
 */
import type { EventWriter, NewEvent, UptimeEvent } from '@uptime/events';

interface Waiting {
  event: NewEvent;
  resolve: (event: UptimeEvent) => void;
  reject: (err: unknown) => void;
}

/** An EventWriter's `record` that holds events back while a batch is written, then records them together. */
export class EventBatcher {
  private waiting: Waiting[] = [];
  private busy = false;
  private lastStart = -Infinity;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly writer: Pick<EventWriter, 'record'>,
    private readonly gapMs = 100,
  ) {}

  /** Resolves with the recorded event once it is on disk. */
  record(event: NewEvent): Promise<UptimeEvent> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ event, resolve, reject });
      if (!this.busy && !this.timer) this.flush();
    });
  }

  private flush(): void {
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    this.busy = true;
    this.lastStart = performance.now(); // monotonic: a step of the wall clock never holds events back
    // called in one go, so that the writer takes them as one batch
    const written = batch.map(({ event, resolve, reject }) => this.writer.record(event).then(resolve, reject));
    void Promise.all(written).then(() => {
      this.busy = false;
      if (this.waiting.length > 0) this.timer = setTimeout(() => this.flush(), Math.max(0, this.lastStart + this.gapMs - performance.now()));
    });
  }
}
