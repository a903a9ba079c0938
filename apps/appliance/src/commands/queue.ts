/** @module `uptime-sensor queue list | flush | delete`: the MTA's queue, like postqueue and postsuper, through the MTA's CLI. */
import type { Command } from 'commander';
import { flagsOf, runPartCli, sharedArgs, withExamples, withShared } from './command-kit.js';

/** Registers `queue list`, `queue flush` and `queue delete`. */
export function registerQueue(program: Command): void {
  const queue = withExamples(withShared(program.command('queue').description("the MTA's mail queue in <dataDir>/spool, like postqueue")), ['queue list', 'queue flush', 'queue delete ALL']);
  withExamples(withShared(queue.command('list').description('show queued messages and why they wait').option('--json', 'print JSON')), ['queue list', 'queue list --json'])
    .action((_o, cmd: Command) => runPartCli('mta', ['queue', 'list', ...sharedArgs(flagsOf(cmd)), ...(flagsOf<{ json?: boolean }>(cmd).json ? ['--json'] : [])]));
  withExamples(withShared(queue.command('flush').description('retry every deferred message now (signals the running MTA, or delivers here when none runs)')), ['queue flush'])
    .action((_o, cmd: Command) => runPartCli('mta', ['queue', 'flush', ...sharedArgs(flagsOf(cmd))]));
  const del = queue.command('delete').description('remove messages from the queue without delivering them').argument('<id...>', 'queue ids, or ALL');
  withExamples(withShared(del), ['queue delete 4F2A9C1B0D', 'queue delete ALL'])
    .action((ids: string[], _o, cmd: Command) => runPartCli('mta', ['queue', 'delete', ...ids, ...sharedArgs(flagsOf(cmd))]));
}
