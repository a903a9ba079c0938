/**
 * @module One raw ICMP socket of one family, shared by every target: echo requests with our own
 * identifier and a token per request; a reply counts only when it comes from the probed address and
 * matches its request. Times come from the kernel's arrival stamp, so a busy event loop neither turns a
 * prompt reply into a time-out nor a late one into a success.
 */
import { randomInt } from 'node:crypto';
import { SocketAddress } from 'node:net';
import raw, { type Socket } from 'raw-socket';
import { PAYLOAD_BYTES, parseV4, parseV6, writeEchoRequest, type EchoAnswer } from './echo-packet.js';
import { readOnlyEchoAnswers } from './icmp-filter.js';
import { RequestTable, SLOTS } from './request-table.js';

/** What became of one echo request (a probe result as it is: thousands a second need no copy). */
export interface EchoOutcome {
  ok: boolean;
  /** The address probed, as given. */
  address: string;
  /** Round-trip time in ms, sub-millisecond. */
  rttMs?: number;
  error?: string;
}

type Ending = { ok: true; rttMs: number } | { ok: false; error: string };

/**
 * The deadlines of the requests of one timeout, oldest first (they come in order): a ring of sequence
 * numbers and times in typed arrays, kept while the monitor runs. A request answered early is freed at
 * once, and a ping allocates nothing here (growing arrays, copied and promoted, filled the old heap).
 */
class DeadlineQueue {
  private sequences = new Uint16Array(1024);
  private deadlines = new Float64Array(1024);
  private head = 0;
  size = 0;

  push(sequence: number, deadline: number): void {
    if (this.size === this.sequences.length) this.grow();
    const at = (this.head + this.size) & (this.sequences.length - 1);
    this.sequences[at] = sequence;
    this.deadlines[at] = deadline;
    this.size += 1;
  }

  /** The oldest entry's sequence number and deadline (only while size > 0). */
  firstSequence(): number {
    return this.sequences[this.head] as number;
  }

  firstDeadline(): number {
    return this.deadlines[this.head] as number;
  }

  shift(): void {
    this.head = (this.head + 1) & (this.sequences.length - 1);
    this.size -= 1;
  }

  private grow(): void {
    const sequences = new Uint16Array(this.sequences.length * 2);
    const deadlines = new Float64Array(this.deadlines.length * 2);
    for (let k = 0; k < this.size; k += 1) {
      const at = (this.head + k) & (this.sequences.length - 1);
      sequences[k] = this.sequences[at] as number;
      deadlines[k] = this.deadlines[at] as number;
    }
    this.sequences = sequences;
    this.deadlines = deadlines;
    this.head = 0;
  }
}

const noop = () => undefined;

/** The most packets read in one wakeup; the rest wait for the next (the socket stays readable). */
const READS_PER_WAKEUP = 1024;

/** Room for a burst of replies (thousands of targets checked at once): 4 MiB, past rmem_max where allowed. */
function enlargeReceiveBuffer(socket: Socket): void {
  const [SOL_SOCKET, SO_RCVBUF, SO_RCVBUFFORCE] = [1, 8, 33];
  try {
    socket.setOption(SOL_SOCKET, SO_RCVBUFFORCE, 4 * 1024 * 1024);
  } catch {
    try {
      socket.setOption(SOL_SOCKET, SO_RCVBUF, 4 * 1024 * 1024);
    } catch {
      // the default buffer still works for targets spread over the interval
    }
  }
}

/** The address as the kernel reports a reply's source (`::0001` is `::1`). */
export function canonicalAddress(address: string, family: 4 | 6): string {
  return family === 4 ? address : new SocketAddress({ address, family: 'ipv6' }).address;
}

/** Echo requests and their answers over one raw socket of `family`. */
export class EchoSocket {
  private readonly socket: Socket;
  private readonly identifier = randomInt(1, 0x10000);
  private sequence = randomInt(0, 0x10000);
  /** xorshift32 state for the tokens: they tell our requests apart, they are no secret (crypto per ping costs too much). */
  private tokenState = randomInt(1, 0x100000000);
  private readonly pending = new RequestTable<EchoOutcome>();
  private readonly queues = new Map<number, DeadlineQueue>();
  private timer?: NodeJS.Timeout;
  private timerAt = Infinity;
  private readonly packet = Buffer.alloc(8 + PAYLOAD_BYTES);
  private readonly readBuffer = Buffer.alloc(4096);
  private readonly parse: (buf: Buffer, from: string) => EchoAnswer | undefined;
  private readonly onPacket = (buffer: Buffer, bytes: number, source: string, ageMs: number) => {
    // the kernel stamped the arrival `ageMs` ago; without a stamp, now (the read) is the best we know
    const arrival = performance.now() - (ageMs >= 0 && ageMs < 60_000 ? ageMs : 0);
    const answer = this.parse(buffer.subarray(0, bytes), source);
    if (answer) this.answer(answer, arrival);
  };

  /** Opens the socket; throws when raw sockets are not allowed (no root or CAP_NET_RAW). */
  constructor(
    readonly family: 4 | 6,
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {
    this.parse = family === 4 ? parseV4 : parseV6;
    this.socket = raw.createSocket({
      addressFamily: family === 4 ? raw.AddressFamily.IPv4 : raw.AddressFamily.IPv6,
      protocol: family === 4 ? raw.Protocol.ICMP : raw.Protocol.ICMPv6,
    });
    // raw-socket opens the socket lazily; an option set now opens it, so a missing permission throws here
    readOnlyEchoAnswers(this.socket, family);
    enlargeReceiveBuffer(this.socket);
    // raw-socket reads one packet per wakeup and copies it; we read every waiting packet in place
    this.socket.wrap.removeAllListeners('recvReady');
    this.socket.wrap.on('recvReady', () => this.drain());
    this.socket.on('error', (err: Error) => this.onProblem(`ICMPv${family === 4 ? 4 : 6} socket: ${err.message}`));
  }

  /** Sends one echo request to `address` (an IP of this family); resolves with its outcome within `timeoutMs`. */
  ping(address: string, timeoutMs: number): Promise<EchoOutcome> {
    return new Promise((resolve) => this.send(address, timeoutMs, resolve));
  }

  private send(address: string, timeoutMs: number, resolve: (outcome: EchoOutcome) => void): void {
    const sequence = this.nextSequence();
    if (sequence === undefined) return resolve({ ok: false, address, error: 'too many ICMP requests in flight (65,535)' });
    const token = this.nextToken();
    writeEchoRequest(this.packet, this.family, this.identifier, sequence, token);
    const sentAt = performance.now();
    try {
      this.socket.wrap.send(this.packet, 0, this.packet.length, address, noop);
    } catch (err) {
      return resolve({ ok: false, address, error: (err as Error).message });
    }
    const deadline = sentAt + timeoutMs;
    this.pending.add(sequence, address, canonicalAddress(address, this.family), token, sentAt, deadline, resolve);
    let queue = this.queues.get(timeoutMs);
    if (!queue) this.queues.set(timeoutMs, (queue = new DeadlineQueue()));
    queue.push(sequence, deadline);
    if (deadline < this.timerAt) this.armTimer(deadline);
  }

  /** Closes the socket; requests in flight end as failed. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (let sequence = 0; sequence < SLOTS && this.pending.size > 0; sequence += 1) this.settle(sequence, { ok: false, error: 'monitor stopping' });
    this.socket.close();
  }

  private nextToken(): number {
    let x = this.tokenState;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.tokenState = x >>> 0 || 1;
    return this.tokenState;
  }

  private nextSequence(): number | undefined {
    if (this.pending.size >= SLOTS - 1) return undefined;
    do this.sequence = (this.sequence + 1) & 0xffff;
    while (this.pending.has(this.sequence));
    return this.sequence;
  }

  /** Reads every packet waiting in the socket. */
  private drain(): void {
    try {
      for (let i = 0; i < READS_PER_WAKEUP; i += 1) if (!this.socket.wrap.recv(this.readBuffer, this.onPacket)) break;
    } catch (err) {
      this.onProblem(`ICMPv${this.family} read: ${(err as Error).message}`);
    }
  }

  private answer(answer: EchoAnswer, arrival: number): void {
    if (answer.identifier !== this.identifier) return; // another program's, or another monitor's
    const { pending } = this;
    const sequence = answer.sequence;
    if (!pending.has(sequence)) return;
    if (answer.kind === 'reply') {
      if (answer.from !== pending.address[sequence] || answer.token !== pending.token[sequence]) return; // not the probed host's answer
    } else if (answer.to !== pending.address[sequence]) {
      return;
    }
    const elapsed = arrival - (pending.sentAt[sequence] as number);
    if (arrival > (pending.deadline[sequence] as number)) {
      this.settle(sequence, { ok: false, error: `request timed out (answer came after ${elapsed.toFixed(1)} ms)` });
    } else if (answer.kind === 'reply') {
      this.settle(sequence, { ok: true, rttMs: Math.max(0, elapsed) });
    } else {
      this.settle(sequence, { ok: false, error: answer.reason });
    }
  }

  /** Ends the request of `sequence`, if it is in flight. */
  private settle(sequence: number, ending: Ending): void {
    const address = this.pending.given[sequence] as string;
    const resolve = this.pending.take(sequence);
    if (!resolve) return;
    resolve(ending.ok ? { ok: true, address, rttMs: ending.rttMs } : { ok: false, address, error: ending.error });
  }

  private armTimer(at: number): void {
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, Math.ceil(at - performance.now())));
  }

  /** Ends the requests whose time is up, after reading what already arrived: its stamp decides. */
  private expire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    this.drain();
    const now = performance.now();
    let next = Infinity;
    for (const queue of this.queues.values()) {
      while (queue.size > 0) {
        const deadline = queue.firstDeadline();
        const sequence = queue.firstSequence();
        const live = this.pending.has(sequence) && this.pending.deadline[sequence] === deadline; // not answered, nor its number reused
        if (live && deadline > now) break;
        if (live) this.settle(sequence, { ok: false, error: 'request timed out' });
        queue.shift();
      }
      if (queue.size > 0) next = Math.min(next, queue.firstDeadline());
    }
    if (next !== Infinity) this.armTimer(next);
  }
}
