#!/usr/bin/env node
/** @module The monitor's command line: `uptime-monitor --help`. */
import { Command } from 'commander';
import { checkTimingOptionSpecs, firstRunOnTerminal, loadConfigOrExit, registerPart, sharedOptionSpecs, type ConfigFlags, userArgv } from '@uptime/config';
import { openEventWriter } from '@uptime/events';
import { startMonitor } from './monitor.js';
import { writeStats } from './stats-file.js';
import { safeOutput } from './safe-output.js';
import { testAlertCommand, type TestAlertFlags } from './test-alert/test-alert-command.js';

interface MonitorFlags extends ConfigFlags {
  simFail?: boolean;
  statsFile?: string;
}

const program = new Command('uptime-monitor')
  .description('Checks every target, logs each check, records up/down events and sends an alert email for each.')
  .option('--target <host>', 'a host or IP address to check (repeatable; replaces the configured targets)', (v: string, all: string[] = []) => [...all, v])
  .option('-s, --sim-fail', 'simulate outages to rehearse alerts: about 1 check in 10 starts one that fails it and its re-checks (reported DOWN, then UP), marked as simulated')
  .option('--stats-file <file>', 'at stop, write JSON of the run: checks, their lateness against the schedule (p50/p90/p99/max ms), CPU seconds, peak memory');
for (const [flags, description] of [...checkTimingOptionSpecs, ...sharedOptionSpecs]) program.option(flags, description);

program.action(async (flags: MonitorFlags) => {
  // Listen for SIGINT and SIGTERM from the start: a signal while starting stops cleanly once started
  // (MONITOR_STARTED is then always followed by MONITOR_STOPPED); repeated signals are ignored.
  let stopSignal: string | undefined;
  let stopStarted: ((signal: string) => void) | undefined = () => process.exit(0); // nothing started yet
  const onSignal = (signal: string) => {
    if (stopSignal) return;
    stopSignal = signal;
    stopStarted?.(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let loaded = loadConfigOrExit(flags, 'monitor');
  if (loaded.config.monitor.targets.length === 0 && process.stdin.isTTY) loaded = await firstRunOnTerminal(flags, loaded, 'monitor');
  const { config, layout } = loaded;
  if (config.monitor.targets.length === 0) {
    config.monitor.targets = [{ name: '127.0.0.1', host: '127.0.0.1', probe: 'icmp' }];
    process.stdout.write('monitor: no targets configured and no terminal to ask on; checking 127.0.0.1 (set monitor.targets or --target)\n');
  }
  stopStarted = undefined; // from here on a signal waits for the start to finish
  process.stderr.on('error', () => undefined); // nowhere left to say it
  const out = safeOutput(process.stdout, (line) => process.stderr.write(`monitor: ${line}\n`));
  const events = await openEventWriter({ dir: layout.events, role: 'monitor', retention: config.events.retention });
  const warn = (line: string) => process.stderr.write(`monitor: ${line}\n`);
  let monitor;
  try {
    monitor = await startMonitor({ config, layout, events, print: out, warn, simFail: flags.simFail });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const hint = e.message.includes('Operation not permitted') ? ' (ICMP needs root or CAP_NET_RAW)' : '';
    process.stderr.write(`monitor: cannot start: ${e.message}${hint}\n`);
    await events.close();
    process.exit(1);
  }
  const unregister = registerPart(layout, 'monitor');
  const names = config.monitor.targets.map((t) => `${t.name}${t.name === t.host ? '' : ` (${t.host})`}`).join(', ');
  out(`monitor: checking ${names} every ${config.monitor.interval} ms; alerts to ${config.alerts.to.join(', ')}\n`);

  const stop = async (signal: string) => {
    out(`monitor: ${signal}, stopping\n`);
    await monitor.stop();
    if (flags.statsFile) writeStats(flags.statsFile, monitor.stats());
    await events.close();
    unregister();
    process.exit(0);
  };
  stopStarted = (signal) => void stop(signal);
  if (stopSignal) stopStarted(stopSignal);
});

const testAlert = program
  .command('test-alert')
  .description('send a test alert the way alerts go (outbox, MTA, delivery) and report what became of it: delivered, accepted by the remote MX with its reply, deferred and why')
  .option('--to <address>', 'recipient instead of alerts.to (repeatable)', (v: string, all: string[] = []) => [...all, v])
  .option('--wait <seconds>', 'how long to wait for the outcome (default 30)');
for (const [flags, description] of sharedOptionSpecs) testAlert.option(flags, description);
testAlert.action((_o, cmd: Command) => testAlertCommand(cmd.optsWithGlobals<TestAlertFlags>()));

await program.parseAsync(userArgv());
