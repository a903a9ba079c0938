/** @module `uptime-mta user add|delete|list`: accounts that may AUTH besides the monitor's submission credentials. */
import { createInterface } from 'node:readline';
import { password as askPassword } from '@inquirer/prompts';
import { loadConfigOrExit, SUBMISSION_USER, type ConfigFlags } from '@uptime/config';
import { MtaError } from '../errors.js';
import { addUser, deleteUser, readUsers } from '../users/user-store.js';
import { consoleLog as log, fail } from './console-log.js';

/** The first line of stdin, for `--password-stdin`. */
async function firstLineOfStdin(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

async function newPassword(name: string, fromStdin: boolean): Promise<string> {
  if (fromStdin) return firstLineOfStdin();
  if (!process.stdin.isTTY) fail('no terminal to ask for the password on: pipe it in with --password-stdin');
  const first = await askPassword({ message: `Password for ${name} (at least 8 characters):`, mask: '*' });
  const again = await askPassword({ message: 'The same password again:', mask: '*' });
  if (first !== again) fail('the two passwords differ; nothing changed');
  return first;
}

/** `user add NAME [--password-stdin]` */
export async function userAddCommand(name: string, flags: ConfigFlags & { passwordStdin?: boolean }): Promise<void> {
  const { layout } = loadConfigOrExit(flags, 'mta');
  if (name === SUBMISSION_USER) fail(`${SUBMISSION_USER} is the monitor's generated account; pick another name`);
  try {
    await addUser(layout.root, name, await newPassword(name, Boolean(flags.passwordStdin)));
  } catch (err) {
    if (err instanceof MtaError) fail(err.message);
    throw err;
  }
  log.info(`mta: user ${name} may now authenticate (AUTH PLAIN or LOGIN, over TLS or from loopback) and relay`);
}

/** `user delete NAME` */
export async function userDeleteCommand(name: string, flags: ConfigFlags): Promise<void> {
  const { layout } = loadConfigOrExit(flags, 'mta');
  if (!(await deleteUser(layout.root, name))) fail(`no user ${name}`);
  log.info(`mta: user ${name} removed`);
}

/** `user list` */
export async function userListCommand(flags: ConfigFlags): Promise<void> {
  const { layout } = loadConfigOrExit(flags, 'mta');
  const { users } = await readUsers(layout.root);
  const lines = [`${SUBMISSION_USER} (generated, used by the monitor)`, ...Object.entries(users).map(([name, u]) => `${name} (added ${u.added})`)];
  process.stdout.write(`${lines.join('\n')}\n`);
}
