#!/usr/bin/env node
/** @module `uptime-mta`: the MTA (default command), its queue (`queue list|flush|delete`), users and DKIM record. */
import { Command } from 'commander';
import { sharedOptionSpecs, type ConfigFlags, userArgv } from '@uptime/config';
import { dkimCommand } from './cli/dkim-command.js';
import { deleteCommand, flushCommand, listCommand } from './cli/queue-commands.js';
import { startCommand } from './cli/start-command.js';
import { userAddCommand, userDeleteCommand, userListCommand } from './cli/user-commands.js';

// Every message costs several fsyncs, each holding a libuv thread: 4 (the default) caps throughput.
process.env.UV_THREADPOOL_SIZE ??= '16';

const program = new Command('uptime-mta').description(
  'Embedded SMTP server: queues mail durably, delivers it to Maildir for mta.localDomains and relays the rest (direct MX or smarthost).',
);

/** Adds --config and --data-dir, so they work before or after the subcommand. */
function withShared(command: Command): Command {
  for (const [flags, description] of sharedOptionSpecs) command.option(flags, description);
  return command;
}

/** The options of the command merged with the program's. */
const flagsOf = <T extends object = object>(command: Command) => command.optsWithGlobals<ConfigFlags & T>();

withShared(program).action((flags: ConfigFlags) => startCommand(flags));

withShared(program.command('start').description('run the MTA in the foreground (the default)')).action((_o, cmd: Command) => startCommand(flagsOf(cmd)));

const queue = program.command('queue').description('the mail queue in <dataDir>/spool, like postqueue');
withShared(queue.command('list').description('show queued messages and why they wait').option('--json', 'print JSON'))
  .action((_o, cmd: Command) => listCommand(flagsOf<{ json?: boolean }>(cmd)));
withShared(queue.command('flush').description('retry every deferred message now (signals the running MTA, or delivers here when none runs)'))
  .action((_o, cmd: Command) => flushCommand(flagsOf(cmd)));
withShared(queue.command('delete').description('remove messages from the queue without delivering them').argument('<id...>', 'queue ids, or ALL'))
  .action((ids: string[], _o, cmd: Command) => deleteCommand(ids, flagsOf(cmd)));

const user = program.command('user').description('accounts that may AUTH and relay, besides the monitor');
withShared(user.command('add').description('add or change a user (password asked on the terminal)').argument('<name>').option('--password-stdin', 'read the password from the first line of stdin'))
  .action((name: string, _o, cmd: Command) => userAddCommand(name, flagsOf<{ passwordStdin?: boolean }>(cmd)));
withShared(user.command('delete').description('remove a user').argument('<name>')).action((name: string, _o, cmd: Command) => userDeleteCommand(name, flagsOf(cmd)));
withShared(user.command('list').description('list users')).action((_o, cmd: Command) => userListCommand(flagsOf(cmd)));

withShared(program.command('dkim').description('print the DKIM DNS record to publish (makes the key if needed)')).action((_o, cmd: Command) => dkimCommand(flagsOf(cmd)));

await program.parseAsync(userArgv());
