/** @module Type declarations for raw-socket (net-ping's socket layer), which ships none; `recv` as our patch makes it. */
declare module 'raw-socket' {
  import type { EventEmitter } from 'node:events';

  export interface SocketWrap extends EventEmitter {
    /** Reads one packet if one is waiting: calls back with it and answers true, or answers false. `ageMs` is how long ago the kernel stamped its arrival (-1: unknown). */
    recv(buffer: Buffer, callback: (buffer: Buffer, bytes: number, source: string, ageMs: number) => void): boolean;
    send(buffer: Buffer, offset: number, length: number, address: string, callback: (bytes: number) => void): void;
  }

  export interface Socket extends EventEmitter {
    wrap: SocketWrap;
    onRecvReady(): void;
    setOption(level: number, option: number, value: Buffer | number, length?: number): void;
    close(): void;
  }

  export const AddressFamily: { IPv4: number; IPv6: number };
  export const Protocol: { None: number; ICMP: number; TCP: number; UDP: number; ICMPv6: number };
  export function createSocket(options: { addressFamily?: number; protocol?: number; bufferSize?: number }): Socket;

  const raw: { createSocket: typeof createSocket; AddressFamily: typeof AddressFamily; Protocol: typeof Protocol };
  export default raw;
}
