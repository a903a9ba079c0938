/**
 * @module What stands before scrypt in viewer.auth: at most a few verifications at once (the rest wait
 * in a short queue, beyond it 503), and a limit on failed attempts per client address (then 429).
 */
import { HTTPException } from 'hono/http-exception';

export interface GateLimits {
  /** Verifications that run at once; each holds a libuv thread for the length of a scrypt. */
  concurrent: number;
  /** Attempts that may wait for a free slot; any more are answered 503 at once. */
  waiting: number;
  /** Failed attempts an address may make within `windowMs` before it gets 429 until the window ends. */
  failures: number;
  windowMs: number;
}

const DEFAULTS: GateLimits = { concurrent: 2, waiting: 32, failures: 10, windowMs: 5 * 60_000 };
const MAX_ADDRESSES = 10_000;

function refuse(status: 429 | 503, retryMs: number, text: string): HTTPException {
  const headers = { 'Retry-After': String(Math.max(1, Math.ceil(retryMs / 1000))), 'Content-Type': 'text/plain; charset=utf-8' };
  return new HTTPException(status, { res: new Response(text, { status, headers }) });
}

/** Runs password verifications under the limits; `verifications` and `peak` say how much work it did. */
export class PasswordGate {
  private readonly limits: GateLimits;
  private readonly failed = new Map<string, { count: number; since: number }>();
  private readonly queue: Array<() => void> = [];
  private running = 0;
  /** How many verifications ran. */
  verifications = 0;
  /** The most that ran at once. */
  peak = 0;

  constructor(limits: Partial<GateLimits> = {}) {
    this.limits = { ...DEFAULTS, ...limits };
  }

  /** Throws 429 (with Retry-After) while `address` has used up its failed attempts. */
  checkAddress(address: string, now = Date.now()): void {
    const record = this.failed.get(address);
    if (!record) return;
    const left = record.since + this.limits.windowMs - now;
    if (left <= 0) this.failed.delete(address);
    else if (record.count >= this.limits.failures) throw refuse(429, left, `too many failed logins from ${address}; try again later`);
  }

  /** Runs `verify` when a slot is free and records its outcome for `address`. */
  async verify(address: string, verify: () => Promise<boolean>): Promise<boolean> {
    this.checkAddress(address);
    await this.slot();
    this.running++;
    this.verifications++;
    this.peak = Math.max(this.peak, this.running);
    try {
      const ok = await verify();
      this.record(address, ok);
      return ok;
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }

  private slot(): Promise<void> {
    if (this.running < this.limits.concurrent) return Promise.resolve();
    if (this.queue.length >= this.limits.waiting) throw refuse(503, 1000, 'too many logins at once; try again in a moment');
    return new Promise((resolve) => this.queue.push(resolve));
  }

  private record(address: string, ok: boolean, now = Date.now()): void {
    if (ok) {
      this.failed.delete(address);
      return;
    }
    const record = this.failed.get(address);
    if (record && record.since + this.limits.windowMs > now) record.count++;
    else {
      if (this.failed.size >= MAX_ADDRESSES) this.failed.clear(); // a flood of addresses: start again rather than grow
      this.failed.set(address, { count: 1, since: now });
    }
  }
}
