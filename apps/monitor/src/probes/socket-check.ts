/** @module One connection made for a check: its result when `ready` fires, its error, or a time-out at the check's deadline; the socket is always destroyed. */
import type { Socket } from 'node:net';
import type { ProbeResult } from './probe.js';
import { ioDeadline } from './io-deadline.js';

export interface SocketCheck<S extends Socket> {
  /** Opens the connection (to the address already resolved). */
  open: () => S;
  /** The event that ends the check well: `connect` (tcp), `secureConnect` (tls). */
  ready: 'connect' | 'secureConnect';
  /** The result once `ready` fired, `rttMs` after the connection was opened. */
  onReady: (socket: S, rttMs: number) => ProbeResult;
  /** The reason of a failed check for a socket error. */
  reason: (err: NodeJS.ErrnoException) => string;
  /** The reason of a check with no answer by the deadline. */
  timeoutReason: string;
}

/** Runs one socket check to `address` that must end by `endAt` (performance.now() ms). */
export function runSocketCheck<S extends Socket>(address: string, endAt: number, check: SocketCheck<S>): Promise<ProbeResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = check.open();
    const finish = (result: ProbeResult) => {
      deadline.cancel();
      socket.destroy();
      resolve(result);
    };
    const deadline = ioDeadline(Math.max(endAt - started, 1), () => finish({ ok: false, address, error: check.timeoutReason }));
    socket.once(check.ready, () => finish(check.onReady(socket, performance.now() - started)));
    socket.once('error', (err: NodeJS.ErrnoException) => finish({ ok: false, address, error: check.reason(err) }));
  });
}
