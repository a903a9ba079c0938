/**
 * @module Every indexed message in list order (newest delivery first, then highest row id), kept as
 * typed arrays: about 17 bytes a message, so a page at any offset and the counts are a few array reads.
 */

/** What the order needs of one message. */
export interface OrderRow {
  id: number;
  mailboxId: number;
  received: number;
  seen: boolean;
}

/** True when a sorts before b (newer first). */
const before = (aReceived: number, aId: number, bReceived: number, bId: number) => aReceived > bReceived || (aReceived === bReceived && aId > bId);

/** The list order of all messages, with their mailbox and read flag. */
export class MessageOrder {
  private ids = new Int32Array(0);
  private received = new Float64Array(0);
  private mailbox = new Int32Array(0);
  private seenFlags = new Uint8Array(0);
  private count = 0;
  private positionOf: Int32Array | undefined;

  get size(): number {
    return this.count;
  }

  /** Replaces everything with these rows, in any order; cheapest when they come nearly in list order. */
  load(rows: Iterable<OrderRow>, expected: number): void {
    this.reserve(expected, true);
    this.count = 0;
    for (const row of rows) {
      if (this.count === this.ids.length) this.reserve(this.count * 2 + 16, false);
      this.put(this.count++, row);
    }
    this.sortAll();
    this.positionOf = undefined;
  }

  /** Adds rows, in any order. */
  insert(rows: readonly OrderRow[]): void {
    if (rows.length === 0) return;
    if (rows.length > 64) {
      this.merge([...rows].sort((a, b) => (before(a.received, a.id, b.received, b.id) ? -1 : 1)));
      return;
    }
    for (const row of rows) {
      if (this.count === this.ids.length) this.reserve(this.count * 2 + 16, false);
      const at = this.searchPosition(row.received, row.id);
      this.ids.copyWithin(at + 1, at, this.count);
      this.received.copyWithin(at + 1, at, this.count);
      this.mailbox.copyWithin(at + 1, at, this.count);
      this.seenFlags.copyWithin(at + 1, at, this.count);
      this.put(at, row);
      this.count++;
    }
    this.positionOf = undefined;
  }

  /** Adds the messages of one mailbox given as columns (row ids, delivery times, read flags 0/1), in any order. */
  insertColumns(mailboxId: number, ids: ArrayLike<number>, received: ArrayLike<number>, seen: ArrayLike<number>): void {
    const n = ids.length;
    if (n <= 64) {
      this.insert(Array.from({ length: n }, (_, i) => ({ id: ids[i]!, mailboxId, received: received[i]!, seen: seen[i] === 1 })));
      return;
    }
    const sorted = new Uint32Array(n);
    let oldestFirst = true; // as a first fill adds them: then the order is the reverse, no sort
    for (let i = 0; i < n; i++) {
      sorted[i] = n - 1 - i;
      if (i > 0 && oldestFirst) oldestFirst = before(received[i]!, ids[i]!, received[i - 1]!, ids[i - 1]!);
    }
    if (!oldestFirst) sorted.sort((a, b) => (before(received[a]!, ids[a]!, received[b]!, ids[b]!) ? -1 : 1));
    this.mergeFrom(n, (k, out) => {
      const i = sorted[k]!;
      this.ids[out] = ids[i]!;
      this.received[out] = received[i]!;
      this.mailbox[out] = mailboxId;
      this.seenFlags[out] = seen[i]!;
    }, (k) => received[sorted[k]!]!, (k) => ids[sorted[k]!]!);
  }

  /** Drops the messages with these row ids. */
  remove(ids: Iterable<number>): void {
    const gone = new Set(ids);
    if (gone.size === 0) return;
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      if (gone.has(this.ids[i]!)) continue;
      if (kept !== i) this.move(i, kept);
      kept++;
    }
    this.count = kept;
    this.positionOf = undefined;
  }

  /** Sets the read flag of one message. */
  setSeen(id: number, seen: boolean): void {
    const at = this.position(id);
    if (at !== undefined) this.seenFlags[at] = seen ? 1 : 0;
  }

  /** Where a row id stands in the order, if it is there. */
  position(id: number): number | undefined {
    const map = this.positions();
    const at = id < map.length ? map[id]! : -1;
    return at >= 0 ? at : undefined;
  }

  idAt(position: number): number {
    return this.ids[position]!;
  }

  mailboxAt(position: number): number {
    return this.mailbox[position]!;
  }

  receivedAt(position: number): number {
    return this.received[position]!;
  }

  seenAt(position: number): boolean {
    return this.seenFlags[position] === 1;
  }

  /** The positions of one mailbox's messages (all when mailboxId is undefined), and how many are unread. */
  select(mailboxId: number | undefined, offset: number, limit: number): { total: number; unread: number; ids: number[] } {
    const ids: number[] = [];
    let total = 0;
    let unread = 0;
    for (let i = 0; i < this.count; i++) {
      if (mailboxId !== undefined && this.mailbox[i] !== mailboxId) continue;
      if (total >= offset && ids.length < limit) ids.push(this.ids[i]!);
      total++;
      if (this.seenFlags[i] === 0) unread++;
    }
    return { total, unread, ids };
  }

  /** The same for a set of row ids (search hits), in list order. */
  selectAmong(hits: Iterable<number>, mailboxId: number | undefined, offset: number, limit: number): { total: number; unread: number; ids: number[] } {
    const map = this.positions();
    const found: number[] = [];
    for (const id of hits) {
      const at = id < map.length ? map[id]! : -1;
      if (at >= 0 && (mailboxId === undefined || this.mailbox[at] === mailboxId)) found.push(at);
    }
    const sorted = Int32Array.from(found).sort();
    let unread = 0;
    for (const at of sorted) if (this.seenFlags[at] === 0) unread++;
    const page = Array.from(sorted.subarray(offset, offset + limit), (at) => this.ids[at]!);
    return { total: sorted.length, unread, ids: page };
  }

  private positions(): Int32Array {
    if (this.positionOf) return this.positionOf;
    let max = 0;
    for (let i = 0; i < this.count; i++) max = Math.max(max, this.ids[i]!);
    const map = new Int32Array(max + 1).fill(-1);
    for (let i = 0; i < this.count; i++) map[this.ids[i]!] = i;
    this.positionOf = map;
    return map;
  }

  /** The first position whose message sorts after (older than) the given one. */
  private searchPosition(received: number, id: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.received[mid]!, this.ids[mid]!, received, id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Merges many sorted rows in one pass over the arrays. */
  private merge(sorted: readonly OrderRow[]): void {
    this.mergeFrom(sorted.length, (k, out) => this.put(out, sorted[k]!), (k) => sorted[k]!.received, (k) => sorted[k]!.id);
  }

  /** Merges `n` rows that come in list order from accessors, in one pass over the arrays. */
  private mergeFrom(n: number, putRow: (k: number, at: number) => void, receivedOf: (k: number) => number, idOf: (k: number) => number): void {
    const old = { ids: this.ids, received: this.received, mailbox: this.mailbox, seen: this.seenFlags, count: this.count };
    this.reserve(old.count + n, true);
    let i = 0;
    let j = 0;
    let out = 0;
    while (i < old.count || j < n) {
      if (j < n && (i >= old.count || before(receivedOf(j), idOf(j), old.received[i]!, old.ids[i]!))) {
        putRow(j++, out++);
      } else {
        this.ids[out] = old.ids[i]!;
        this.received[out] = old.received[i]!;
        this.mailbox[out] = old.mailbox[i]!;
        this.seenFlags[out++] = old.seen[i]!;
        i++;
      }
    }
    this.count = out;
    this.positionOf = undefined;
  }

  /** Puts every row in list order: a look when they are in it already, else a sort (TimSort: near-linear on nearly sorted rows). */
  private sortAll(): void {
    const { ids, received, count } = this;
    let inOrder = true;
    for (let i = 1; i < count && inOrder; i++) inOrder = !before(received[i]!, ids[i]!, received[i - 1]!, ids[i - 1]!);
    if (inOrder) return;
    const positions = Array.from({ length: count }, (_, i) => i);
    positions.sort((a, b) => (before(received[a]!, ids[a]!, received[b]!, ids[b]!) ? -1 : 1));
    const old = { ids, received, mailbox: this.mailbox, seen: this.seenFlags };
    this.reserve(this.ids.length, true);
    for (let i = 0; i < count; i++) {
      const from = positions[i]!;
      this.ids[i] = old.ids[from]!;
      this.received[i] = old.received[from]!;
      this.mailbox[i] = old.mailbox[from]!;
      this.seenFlags[i] = old.seen[from]!;
    }
  }

  private put(at: number, row: OrderRow): void {
    this.ids[at] = row.id;
    this.received[at] = row.received;
    this.mailbox[at] = row.mailboxId;
    this.seenFlags[at] = row.seen ? 1 : 0;
  }

  private move(from: number, to: number): void {
    this.ids[to] = this.ids[from]!;
    this.received[to] = this.received[from]!;
    this.mailbox[to] = this.mailbox[from]!;
    this.seenFlags[to] = this.seenFlags[from]!;
  }

  /** Makes room for `capacity` messages; `fresh` drops the old contents instead of copying them. */
  private reserve(capacity: number, fresh: boolean): void {
    const grow = <T extends Int32Array | Float64Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(Math.max(capacity, 16));
      if (!fresh) next.set(old.subarray(0, Math.min(this.count, next.length)) as never);
      return next;
    };
    this.ids = grow(this.ids, (n) => new Int32Array(n));
    this.received = grow(this.received, (n) => new Float64Array(n));
    this.mailbox = grow(this.mailbox, (n) => new Int32Array(n));
    this.seenFlags = grow(this.seenFlags, (n) => new Uint8Array(n));
  }
}
