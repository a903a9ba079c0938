#!/usr/bin/env node
/** @module `uptime-sensor`: one command for everything; each subcommand is a file of its own in commands/. */
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { userArgv } from '@uptime/config';
import { registerAck } from './commands/ack.js';
import { registerCheckConfig } from './commands/check-config.js';
import { withExamples, withShared } from './commands/command-kit.js';
import { registerDkim } from './commands/dkim.js';
import { registerDnsRecords } from './commands/dns-records.js';
import { registerEvents } from './commands/events.js';
import { registerHashPassword } from './commands/hash-password.js';
import { registerParts } from './commands/part.js';
import { registerQueue } from './commands/queue.js';
import { registerSilence } from './commands/silence.js';
import { registerStart } from './commands/start.js';
import { registerStatus } from './commands/status.js';
import { registerTestAlert } from './commands/test-alert.js';
import { registerUser } from './commands/user.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const program = new Command('uptime-sensor')
  .description('The uptime sensor appliance: checks hosts, sends an email for every up/down change through its own MTA, and shows mail and status in a web viewer.')
  .version(version, '-V, --version', 'print the version')
  .showHelpAfterError('(add --help for the usage and examples)');
withExamples(withShared(program), [
  '                       # start the appliance (same as `uptime-sensor start`)',
  'check-config           # validate the config and print it as it takes effect',
  'status                 # every target and which parts run',
  'start --help           # the options of one command',
]);

for (const register of [registerStart, registerParts, registerCheckConfig, registerStatus, registerEvents, registerQueue, registerUser, registerDkim, registerDnsRecords, registerTestAlert, registerHashPassword, registerSilence, registerAck]) {
  register(program);
}

await program.parseAsync(userArgv());
