/** @module Whether an address a reload would move a part to can be listened on, before the running part is stopped. */
import { createServer } from 'node:net';
import { formatListen, type ListenAddress } from '@uptime/config';

/** Undefined when `address` can be bound now, else why not (`EADDRINUSE: another program listens there`). */
export function cannotListen(address: ListenAddress): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why =
        err.code === 'EADDRINUSE' ? 'another program listens there' : err.code === 'EADDRNOTAVAIL' ? 'not an address of this machine' : err.message;
      resolve(`${formatListen(address)} cannot be used (${err.code ?? 'error'}: ${why})`);
    });
    server.listen(address.port, address.host, () => server.close(() => resolve(undefined)));
  });
}
