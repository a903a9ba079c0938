/** @module `uptime-sensor hash-password`: a scrypt hash for viewer.auth.passwordHash, through the viewer's CLI. */
import type { Command } from 'commander';
import { runPartCli, withExamples, withShared } from './command-kit.js';

/** Registers `hash-password`. */
export function registerHashPassword(program: Command): void {
  const command = program
    .command('hash-password')
    .description('read a password (hidden on a terminal, else the first line of stdin) and print its hash for viewer.auth.passwordHash');
  withExamples(withShared(command), ['hash-password', 'hash-password < password.txt']).action(() => runPartCli('viewer', ['hash-password']));
}
