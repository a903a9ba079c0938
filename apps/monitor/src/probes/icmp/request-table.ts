/**
 * @module The echo requests in flight on one socket, by sequence number: one slot per number (65,536),
 * in typed arrays made once. A ping writes its slot in place: no object per request and no Map whose
 * tables, rebuilt as thousands of requests a second come and go, landed in the old heap.
 */

/** What becomes of one request: called once. */
export type Settle<T> = (outcome: T) => void;

export const SLOTS = 0x10000;

/** The requests in flight, by sequence number. */
export class RequestTable<T> {
  /** performance.now() when it was sent, and by when its answer must have arrived. */
  readonly sentAt = new Float64Array(SLOTS);
  readonly deadline = new Float64Array(SLOTS);
  readonly token = new Uint32Array(SLOTS);
  /** The address as given, and as the kernel reports a reply's source. */
  readonly given: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  readonly address: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  private readonly settlers: (Settle<T> | undefined)[] = new Array<Settle<T> | undefined>(SLOTS).fill(undefined);
  size = 0;

  /** Whether sequence number `sequence` is taken by a request in flight. */
  has(sequence: number): boolean {
    return this.settlers[sequence] !== undefined;
  }

  /** Takes slot `sequence` (free) for a request. */
  add(sequence: number, given: string, address: string, token: number, sentAt: number, deadline: number, settle: Settle<T>): void {
    this.given[sequence] = given;
    this.address[sequence] = address;
    this.token[sequence] = token;
    this.sentAt[sequence] = sentAt;
    this.deadline[sequence] = deadline;
    this.settlers[sequence] = settle;
    this.size += 1;
  }

  /** Frees slot `sequence` and hands back how to settle its request (undefined when it was free). */
  take(sequence: number): Settle<T> | undefined {
    const settle = this.settlers[sequence];
    if (settle === undefined) return undefined;
    this.settlers[sequence] = undefined;
    this.given[sequence] = undefined;
    this.address[sequence] = undefined;
    this.size -= 1;
    return settle;
  }
}
