/** @module `uptime-sensor user add | list | delete`: SMTP accounts (scrypt hashes), through the MTA's CLI. */
import type { Command } from 'commander';
import { flagsOf, runPartCli, sharedArgs, withExamples, withShared } from './command-kit.js';

/** Registers `user add`, `user list` and `user delete`. */
export function registerUser(program: Command): void {
  const user = withExamples(withShared(program.command('user').description('SMTP accounts that may AUTH and relay, besides the monitor')), ['user add printer', 'user list', 'user delete printer']);
  const add = user.command('add').description('add or change a user (password asked on the terminal)').argument('<name>').option('--password-stdin', 'read the password from the first line of stdin');
  withExamples(withShared(add), ['user add printer', "user add backup --password-stdin < /run/secrets/backup-smtp"])
    .action((name: string, _o, cmd: Command) => {
      const flags = flagsOf<{ passwordStdin?: boolean }>(cmd);
      return runPartCli('mta', ['user', 'add', name, ...sharedArgs(flags), ...(flags.passwordStdin ? ['--password-stdin'] : [])]);
    });
  withExamples(withShared(user.command('list').description('list users')), ['user list'])
    .action((_o, cmd: Command) => runPartCli('mta', ['user', 'list', ...sharedArgs(flagsOf(cmd))]));
  withExamples(withShared(user.command('delete').description('remove a user').argument('<name>')), ['user delete printer'])
    .action((name: string, _o, cmd: Command) => runPartCli('mta', ['user', 'delete', name, ...sharedArgs(flagsOf(cmd))]));
}
