#!/usr/bin/env node
/** @module `uptime-mta`: runs the MTA in the foreground until SIGINT or SIGTERM. */
import { Command } from 'commander';
import { formatListen, loadConfigOrExit, registerPart, sharedOptionSpecs, type ConfigFlags } from '@uptime/config';
import { openEventWriter } from '@uptime/events';
import type { MtaLog } from './delivery/mail-events.js';
import { startMta, type RunningMta } from './mta-server.js';

const log: MtaLog = {
  info: (line) => process.stdout.write(`${line}\n`),
  warn: (line) => process.stderr.write(`${line}\n`),
};

/** Explains a failed listen on mta.listen in words an administrator can act on. */
function listenFailure(err: NodeJS.ErrnoException, listen: string): string {
  const why: Record<string, string> = {
    EADDRINUSE: 'the address is already in use; stop the program that holds it or set another mta.listen',
    EACCES: 'permission denied; ports below 1024 need root, or set mta.listen to a higher port',
    EADDRNOTAVAIL: 'no interface of this machine has that address; set mta.listen to one it has',
  };
  const reason = (err.code ? why[err.code] : undefined) ?? `${err.message}; check mta.listen`;
  return `mta: cannot listen on ${listen} (mta.listen): ${reason}\n`;
}

async function main(flags: ConfigFlags): Promise<void> {
  const { config, layout } = loadConfigOrExit(flags, 'mta');
  const wanted = formatListen(config.mta.listen);
  const events = await openEventWriter({ dir: layout.events, role: 'mta', onError: (err) => log.warn(`mta: event log: ${err.message}`) }).catch((err: Error) => {
    process.stderr.write(`mta: cannot open the event log in ${layout.events}: ${err.message}\n`);
    return process.exit(1);
  });
  let mta: RunningMta;
  try {
    mta = await startMta({ config, layout, events, log });
  } catch (err) {
    await events.close();
    process.stderr.write(listenFailure(err as NodeJS.ErrnoException, wanted));
    process.exit(1);
  }
  const listen = formatListen(mta.address);
  const unregister = registerPart(layout, 'mta', listen);
  log.info(`mta: listening on ${listen}, delivering to ${layout.mail}`);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1); // a second signal: give up waiting
    stopping = true;
    log.info(`mta: ${signal} received, stopping`);
    let code = 0;
    try {
      await mta.close();
      await events.close();
    } catch (err) {
      log.warn(`mta: error while stopping: ${(err as Error).message}`);
      code = 1;
    }
    unregister();
    log.info('mta: stopped');
    process.exit(code);
  };
  process.on('SIGINT', (s) => void stop(s));
  process.on('SIGTERM', (s) => void stop(s));
}

const program = new Command('uptime-mta').description('Embedded SMTP server: accepts mail for mta.localDomains and delivers it to Maildir.');
for (const [flags, description] of sharedOptionSpecs) program.option(flags, description);
program.action((flags: ConfigFlags) => main(flags));
await program.parseAsync();
