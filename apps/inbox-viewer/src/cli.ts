#!/usr/bin/env node
/** @module The viewer's command line: serve the app on viewer.listen until SIGINT or SIGTERM, or hash a password for viewer.auth. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Command } from 'commander';
import { formatListen, loadConfigOrExit, registerPart, sharedOptionSpecs, type ConfigFlags, userArgv } from '@uptime/config';
import { createApp } from './app.js';
import { MailStore } from './mail-store/mail-store.js';
import { Retention } from './mail-store/retention.js';
import { readPassword } from './read-password.js';
import { hashPassword } from './security/password-hash.js';
import { spawnTestAlert } from './test-alert-runner.js';

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);

interface ViewerFlags extends ConfigFlags {
  monitorCli?: string;
}

function serve(flags: ViewerFlags): void {
  const { config, layout } = loadConfigOrExit(flags, 'viewer');
  const { listen, url, auth, retention } = config.viewer;
  const configured = formatListen(listen);
  const store = new MailStore(layout.mail);
  const configArgs = [...(flags.config ? ['--config', flags.config] : []), ...(flags.dataDir ? ['--data-dir', flags.dataDir] : [])];
  const testAlert = flags.monitorCli ? spawnTestAlert(flags.monitorCli, configArgs) : undefined;
  const app = createApp({ layout, store, auth, publicUrl: url, loopbackOnly: isLoopback(listen.host), testAlert });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  const cleaner = new Retention(store, retention, (line) => process.stdout.write(`${line}\n`));
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

  server.listen(listen.port, listen.host, () => {
    const { port } = server.address() as AddressInfo;
    const actual = formatListen({ host: listen.host, port });
    unregister = registerPart(layout, 'viewer', actual);
    process.stdout.write(`viewer: listening on http://${actual}${auth ? ` (HTTP authentication as ${auth.user})` : ''}\n`);
    void store.start().catch((err: Error) => process.stderr.write(`viewer: cannot read ${layout.mail}: ${err.message}\n`));
    cleaner.start();
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return; // Ctrl-C reaches every part as SIGINT, then the appliance sends SIGTERM
    stopping = true;
    process.stdout.write(`viewer: ${signal}, stopping\n`);
    cleaner.stop();
    unregister();
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const program = new Command('uptime-inbox-viewer')
  .description('Serve the inbox viewer: delivered mail, target status, events and outages, as pages and a JSON API.')
  .showHelpAfterError()
  .option('--monitor-cli <file>', "the monitor's CLI (dist/cli.js), for the status page's Send test alert button (the appliance passes it)")
  .action(() => serve(program.opts<ViewerFlags>()));
for (const [flags, description] of sharedOptionSpecs) program.option(flags, description);

program
  .command('hash-password')
  .description('Read a password (hidden on a terminal, else the first line of stdin) and print its hash for viewer.auth.passwordHash.')
  .action(async () => {
    try {
      process.stdout.write(`${await hashPassword(await readPassword())}\n`);
    } catch (err) {
      process.stderr.write(`uptime-inbox-viewer hash-password: ${(err as Error).message}\n`);
      process.exit(1);
    }
  });

program.parse(userArgv());
