/** @module The monitor's options, shared by `start` and `monitor`, and how they are passed on to the monitor's CLI. */
import type { Command } from 'commander';
import { checkTimingOptionSpecs, type ConfigFlags } from '@uptime/config';

export interface MonitorFlags extends ConfigFlags {
  simFail?: boolean;
}

/** Adds --target, --sim-fail, --interval and --timeout. */
export function withMonitorOptions(command: Command): Command {
  command
    .option('--target <host>', 'a host or IP address to check (repeatable; replaces the configured targets)', (v: string, all: string[] = []) => [...all, v])
    .option('-s, --sim-fail', 'simulate outages to rehearse alerts: about 1 check in 10 starts one that fails it and its re-checks (reported DOWN, then UP), marked as simulated');
  for (const [flags, description] of checkTimingOptionSpecs) command.option(flags, description);
  return command;
}

/** The monitor's own arguments for these flags. */
export function monitorArgs(flags: MonitorFlags): string[] {
  return [
    ...(flags.interval ? ['--interval', flags.interval] : []),
    ...(flags.timeout ? ['--timeout', flags.timeout] : []),
    ...(flags.target ?? []).flatMap((t) => ['--target', t]),
    ...(flags.simFail ? ['--sim-fail'] : []),
  ];
}
