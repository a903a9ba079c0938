/** @module Waits until something accepts TCP connections on an address. */
import { connect } from 'node:net';
import type { ListenAddress } from '@uptime/config';

function tryConnect({ host, port }: ListenAddress): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves true once `address` accepts a connection, false after `timeoutMs` or when `givenUp()` says so. */
export async function waitForPort(address: ListenAddress, timeoutMs: number, givenUp: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !givenUp()) {
    if (await tryConnect(address)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
