/** @module `uptime-sensor test-alert [--to ADDR]`: a test alert the normal way, and what became of it, through the monitor's CLI. */
import type { Command } from 'commander';
import { flagsOf, runPartCli, sharedArgs, withExamples, withShared } from './command-kit.js';

/** Registers `test-alert`. */
export function registerTestAlert(program: Command): void {
  const command = program
    .command('test-alert')
    .description('send a test alert the normal way (monitor outbox -> MTA -> delivery) and report what became of it: delivered to Maildir, accepted by the remote MX with its reply, or deferred and why; exit 0 delivered, 1 bounced or not taken by the MTA, 75 deferred or no outcome in time')
    .option('--to <address>', 'recipient instead of alerts.to (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--wait <seconds>', 'how long to wait for the outcome (default 30)');
  withExamples(withShared(command), ['test-alert', 'test-alert --to oncall@lab.example --wait 120'])
    .action((_o, cmd: Command) => {
      const flags = flagsOf<{ to?: string[]; wait?: string }>(cmd);
      return runPartCli('monitor', ['test-alert', ...sharedArgs(flags), ...(flags.to ?? []).flatMap((t) => ['--to', t]), ...(flags.wait ? ['--wait', flags.wait] : [])]);
    });
}
