/** @module `uptime-sensor dkim`: the DKIM DNS TXT record, through the MTA's CLI. */
import type { Command } from 'commander';
import { flagsOf, runPartCli, sharedArgs, withExamples, withShared } from './command-kit.js';

/** Registers `dkim`. */
export function registerDkim(program: Command): void {
  const dkim = program.command('dkim').description('print the DKIM DNS TXT record to publish (makes the key if needed; needs mta.relay.dkim)');
  withExamples(withShared(dkim), ['dkim', 'dkim --config /etc/uptime-sensor/uptime.config.yaml'])
    .action((_o, cmd: Command) => runPartCli('mta', ['dkim', ...sharedArgs(flagsOf(cmd))]));
}
