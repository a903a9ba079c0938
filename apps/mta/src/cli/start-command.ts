/** @module `uptime-mta` (start): runs the MTA in the foreground until SIGINT or SIGTERM; SIGUSR2 retries the queue. */
import { formatListen, loadConfigOrExit, registerPart, type ConfigFlags } from '@uptime/config';
import { openEventWriter } from '@uptime/events';
import { MtaError } from '../errors.js';
import { startMta, type RunningMta } from '../mta-server.js';
import { consoleLog as log, fail, userCwd } from './console-log.js';
import { credentialsFor } from './credentials.js';

/** The signal `queue flush` sends to a running MTA. */
export const FLUSH_SIGNAL = 'SIGUSR2';

/** Explains a failed listen on mta.listen in words an administrator can act on. */
function listenFailure(err: NodeJS.ErrnoException, listen: string): string {
  const why: Record<string, string> = {
    EADDRINUSE: 'the address is already in use; stop the program that holds it or set another mta.listen',
    EACCES: 'permission denied; ports below 1024 need root, or set mta.listen to a higher port',
    EADDRNOTAVAIL: 'no interface of this machine has that address; set mta.listen to one it has',
  };
  const reason = (err.code ? why[err.code] : undefined) ?? `${err.message}; check mta.listen`;
  return `cannot listen on ${listen} (mta.listen): ${reason}`;
}

/** Starts the MTA and keeps it running. */
export async function startCommand(flags: ConfigFlags): Promise<void> {
  let mta: RunningMta | undefined;
  process.on(FLUSH_SIGNAL, () => {
    if (mta) log.info(`mta: ${FLUSH_SIGNAL}: retrying ${mta.flush()} deferred message(s) now`);
  });
  // Listen for SIGINT and SIGTERM from the start: a signal while starting stops cleanly once started.
  // While stopping, the same signal again gives up waiting; another one is ignored (Ctrl-C reaches every
  // part of `pnpm start` as SIGINT, and then the appliance sends SIGTERM in its own order).
  let stopSignal: NodeJS.Signals | undefined;
  let stopStarted: ((signal: NodeJS.Signals) => void) | undefined = () => process.exit(0); // nothing started yet
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopSignal) {
      if (signal !== stopSignal) return;
      log.warn(`mta: ${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopSignal = signal;
    if (stopStarted) stopStarted(signal);
    else log.info(`mta: ${signal} received while starting; stopping once started`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const loaded = loadConfigOrExit(flags, 'mta');
  const { config, layout } = loaded;
  const smarthostCredentials = await credentialsFor(loaded);
  stopStarted = undefined; // from here on a signal waits for the start to finish
  const events = await openEventWriter({ dir: layout.events, role: 'mta', onError: (err) => log.warn(`mta: event log: ${err.message}`) }).catch((err: Error) =>
    fail(`cannot open the event log in ${layout.events}: ${err.message}`),
  );
  try {
    mta = await startMta({ config, layout, events, log, smarthostCredentials, cwd: userCwd() });
  } catch (err) {
    await events.close();
    if (err instanceof MtaError) fail(err.message);
    fail(listenFailure(err as NodeJS.ErrnoException, formatListen(config.mta.listen)));
  }
  const running = mta;
  const listen = formatListen(running.address);
  const unregister = registerPart(layout, 'mta', listen);
  log.info(`mta: listening on ${listen}, delivering to ${layout.mail}`);
  log.info(`mta: other domains: ${running.describe.relay}; STARTTLS certificate ${running.describe.tls}`);
  if (running.describe.recovered > 0) log.info(`mta: ${running.describe.recovered} message(s) in the queue from before, delivery resumes`);
  if (running.describe.dkimRecord) log.info(`mta: DKIM: publish this DNS record: ${running.describe.dkimRecord}`);

  const stop = async (signal: NodeJS.Signals) => {
    log.info(`mta: ${signal} received, stopping`);
    let code = 0;
    try {
      await running.close();
      await events.close();
    } catch (err) {
      log.warn(`mta: error while stopping: ${(err as Error).message}`);
      code = 1;
    }
    unregister();
    log.info('mta: stopped');
    process.exit(code);
  };
  stopStarted = (signal) => void stop(signal);
  if (stopSignal) stopStarted(stopSignal);
}
