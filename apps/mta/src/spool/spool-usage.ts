/** @module How many messages and bytes the spool holds, kept current by the process that holds it. */

/** Sizes of the queued files by queue id; tells `onChange` after every change. */
export class SpoolUsage {
  private readonly sizes = new Map<string, number>();
  private total = 0;

  constructor(private readonly onChange: (usage: SpoolUsage) => void = () => undefined) {}

  /** Messages in queue/. */
  get messages(): number {
    return this.sizes.size;
  }

  /** Bytes of their spool files. */
  get bytes(): number {
    return this.total;
  }

  /** Starts over from what is on disk (after a start or a crash). */
  reset(entries: Iterable<readonly [string, number]>): void {
    this.sizes.clear();
    this.total = 0;
    for (const [id, bytes] of entries) this.set(id, bytes);
    this.onChange(this);
  }

  /** A message entered queue/. */
  added(id: string, bytes: number): void {
    this.set(id, bytes);
    this.onChange(this);
  }

  /** A message left queue/ (delivered, bounced, deleted). */
  removed(id: string): void {
    const bytes = this.sizes.get(id);
    if (bytes === undefined) return;
    this.sizes.delete(id);
    this.total -= bytes;
    this.onChange(this);
  }

  /** The ids counted now. */
  ids(): string[] {
    return [...this.sizes.keys()];
  }

  private set(id: string, bytes: number): void {
    this.total += bytes - (this.sizes.get(id) ?? 0);
    this.sizes.set(id, bytes);
  }
}
