/** @module The limits of one SMTP session (mta.sessionTimeout, mta.minDataRate, stress timeouts) and what the server shares to enforce them. */
import type { SmtpError } from '../errors.js';
import type { ClientAdmission } from './client-admission.js';
import type { SessionLog } from './session-log.js';

/** How long a session on a reserved place may take to authenticate as the submission user. */
export const RESERVED_AUTH_TIMEOUT = 5_000;

/** Commands a session on a reserved place may give before it has authenticated. */
export const BEFORE_TRUSTED_AUTH = new Set(['EHLO', 'HELO', 'AUTH', 'STARTTLS', 'NOOP', 'RSET', 'QUIT']);

/** What every connection of one server enforces. */
export interface SessionLimits {
  admission: ClientAdmission;
  log: SessionLog;
  /** ms a client may stay silent; under stress `stressIdleTimeout` instead. */
  idleTimeout: number;
  stressIdleTimeout: number;
  /** ms a whole session may last (sessions of the submission user excepted). */
  sessionTimeout: number;
  /** Bytes a second a client must keep up on average in DATA, after one idle timeout of grace. */
  minDataRate: number;
  /** The appliance's own submission user: it may use the reserved places. */
  trustedUser?: string;
  /** Asked before DATA is answered 354: an error refuses it (the free-space floor). */
  beforeData?: () => Promise<SmtpError | undefined>;
}

/** ms DATA may have taken so far with `bytes` received: one idle timeout, plus the time `bytes` take at the minimum rate. */
export function dataAllowance(bytes: number, limits: Pick<SessionLimits, 'minDataRate'>, graceMs: number): number {
  return graceMs + (bytes * 1000) / limits.minDataRate;
}
