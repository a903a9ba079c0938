/** @module The MTA's log on the console: notable things on stdout, problems on stderr. */
import { invocationDir } from '@uptime/config';
import type { MtaLog } from '../delivery/mail-events.js';

/** Writes each line to stdout (info) or stderr (warn). */
export const consoleLog: MtaLog = {
  info: (line) => process.stdout.write(`${line}\n`),
  warn: (line) => process.stderr.write(`${line}\n`),
};

/** The directory relative config paths are taken from (see invocationDir). */
export function userCwd(): string {
  return invocationDir();
}

/** Prints an error for the administrator and exits with `code`. */
export function fail(message: string, code = 1): never {
  process.stderr.write(`mta: ${message}\n`);
  process.exit(code);
}
