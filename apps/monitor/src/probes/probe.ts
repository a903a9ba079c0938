/** @module The one interface every probe implements. */
import type { TargetConfig } from '@uptime/config';

/** The outcome of one check. */
export interface ProbeResult {
  ok: boolean;
  /** The IP address that was probed (after name resolution). */
  address: string;
  rttMs?: number;
  /** Why the check failed, for the log. */
  error?: string;
  /** tls and https: when the server's certificate stops being valid. */
  notAfter?: Date;
}

/** A way of checking a target: one attempt, answered within `timeoutMs`. */
export interface Probe {
  readonly kind: TargetConfig['probe'];
  /** How it probes, said at start (e.g. which ICMP method is in use). */
  readonly method?: string;
  check(target: TargetConfig, timeoutMs: number): Promise<ProbeResult>;
  close(): void;
}
