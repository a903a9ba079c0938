/** @module A raw SMTP connection for tests that speak the protocol by hand (slow clients, dropped sessions, many sessions). */
import { connect, type Socket } from 'node:net';

/** An open connection and everything the server said on it. */
export interface RawSession {
  socket: Socket;
  received: () => string;
  closed: Promise<void>;
}

/** Opens a connection (from `localAddress`, e.g. 127.0.0.5) and collects what the server says until it closes. */
export function session(port: number, host = '127.0.0.1', localAddress?: string): RawSession {
  const socket = connect({ port, host, localAddress });
  let text = '';
  socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, received: () => text, closed };
}
