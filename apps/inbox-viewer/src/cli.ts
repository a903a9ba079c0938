#!/usr/bin/env node
/** @module The viewer's command line: serve the app on viewer.listen until SIGINT or SIGTERM. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Command } from 'commander';
import { formatListen, loadConfigOrExit, registerPart, sharedOptionSpecs } from '@uptime/config';
import { createApp } from './app.js';

const program = new Command('uptime-inbox-viewer')
  .description('Serve the inbox viewer: delivered mail, target status and events, as pages and a JSON API.')
  .showHelpAfterError();
for (const [flags, description] of sharedOptionSpecs) program.option(flags, description);
program.parse();

const { config, layout } = loadConfigOrExit(program.opts(), 'viewer');
const configured = formatListen(config.viewer.listen);
const server = createAdaptorServer({ fetch: createApp({ layout }).fetch }) as Server;
let unregister = () => {};

server.once('error', (err: NodeJS.ErrnoException) => {
  const why =
    err.code === 'EADDRINUSE'
      ? 'the address is already in use; stop what listens there or set viewer.listen to a free address:port'
      : err.code === 'EADDRNOTAVAIL'
        ? 'that is not an address of this machine; set viewer.listen to one of its addresses'
        : `${err.message}; check viewer.listen`;
  process.stderr.write(`viewer: cannot listen on ${configured} (viewer.listen): ${why}\n`);
  process.exit(1);
});

server.listen(config.viewer.listen.port, config.viewer.listen.host, () => {
  const { port } = server.address() as AddressInfo;
  const actual = formatListen({ host: config.viewer.listen.host, port });
  unregister = registerPart(layout, 'viewer', actual);
  process.stdout.write(`viewer: listening on http://${actual}\n`);
});

function stop(signal: NodeJS.Signals): void {
  process.stdout.write(`viewer: ${signal}, stopping\n`);
  unregister();
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 3000).unref();
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
