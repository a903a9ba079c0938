/** @module Type declarations for net-ping, which ships none. */
declare module 'net-ping' {
  import type { EventEmitter } from 'node:events';

  export interface SessionOptions {
    networkProtocol?: number;
    packetSize?: number;
    retries?: number;
    sessionId?: number;
    timeout?: number;
    ttl?: number;
  }

  /** The raw-socket Socket underneath a session. */
  export interface RawSocket {
    setOption(level: number, option: number, value: Buffer | number, length?: number): void;
  }

  export interface Session extends EventEmitter {
    getSocket(): RawSocket;
    pingHost(target: string, callback: (error: Error | null, target: string, sent?: Date, rcvd?: Date) => void): void;
    close(): void;
  }

  export const NetworkProtocol: { IPv4: number; IPv6: number };
  export class RequestTimedOutError extends Error {}
  export function createSession(options?: SessionOptions): Session;

  const netPing: { createSession: typeof createSession; NetworkProtocol: typeof NetworkProtocol; RequestTimedOutError: typeof RequestTimedOutError };
  export default netPing;
}
