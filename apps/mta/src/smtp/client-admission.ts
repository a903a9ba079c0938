/** @module Who may connect: at most mta.maxClients sessions, at most mta.clientConnectionLimit from one address, and a few reserved places for the appliance's own submission from loopback. */

/** Places kept beyond the limits for clients on 127.0.0.1 or ::1 that authenticate as the appliance's submission user. */
export const RESERVED_SLOTS = 10;

/** Share of mta.maxClients (or of one address's limit) at which the server is under stress and shortens its timeouts. */
export const STRESS_FRACTION = 0.8;

/** The limits admission keeps. */
export interface AdmissionLimits {
  maxClients: number;
  /** Sessions one client address may hold. */
  perClient: number;
  reserved?: number;
}

/** A session admitted normally, one on a reserved place (must authenticate as the submission user), or a refusal and why. */
export type Admission = { kind: 'normal' } | { kind: 'reserved' } | { kind: 'refused'; reason: 'client' | 'total'; count: number };

/** Counts sessions per client address; one instance per server. */
export class ClientAdmission {
  private readonly perAddress = new Map<string, number>();
  private total = 0;
  private reserve = 0;

  constructor(private readonly limits: AdmissionLimits) {}

  /** Decides on a new session from `address`; `mayReserve` for loopback clients. Counted until release(). */
  admit(address: string, mayReserve: boolean): Admission {
    const mine = this.perAddress.get(address) ?? 0;
    if (mine < this.limits.perClient && this.total < this.limits.maxClients) {
      this.perAddress.set(address, mine + 1);
      this.total += 1;
      return { kind: 'normal' };
    }
    if (mayReserve && this.reserve < (this.limits.reserved ?? RESERVED_SLOTS)) {
      this.reserve += 1;
      return { kind: 'reserved' };
    }
    return mine >= this.limits.perClient ? { kind: 'refused', reason: 'client', count: mine + 1 } : { kind: 'refused', reason: 'total', count: this.total + 1 };
  }

  /** Forgets a session that admit() let in. */
  release(address: string, kind: 'normal' | 'reserved'): void {
    if (kind === 'reserved') {
      this.reserve = Math.max(0, this.reserve - 1);
      return;
    }
    const mine = (this.perAddress.get(address) ?? 1) - 1;
    if (mine > 0) this.perAddress.set(address, mine);
    else this.perAddress.delete(address);
    this.total = Math.max(0, this.total - 1);
  }

  /** True while sessions (all, or one address's) exceed STRESS_FRACTION of their limit, or reserved places are in use. */
  get stressed(): boolean {
    if (this.total >= STRESS_FRACTION * this.limits.maxClients || this.reserve > 0) return true;
    for (const count of this.perAddress.values()) if (count >= STRESS_FRACTION * this.limits.perClient) return true;
    return false;
  }
}
