/** @module Where the entry point of each part's own CLI is (the router and the supervisor spawn them). */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const appCli = (pkg: string) => join(dirname(require.resolve(`${pkg}/package.json`)), 'dist', 'cli.js');

/** The built CLI of each part, and of the events package. */
export const partClis = {
  mta: appCli('@uptime/mta'),
  viewer: appCli('@uptime/inbox-viewer'),
  monitor: appCli('@uptime/monitor'),
  // the events package exports only its index: its CLI sits beside it in dist/
  events: join(dirname(require.resolve('@uptime/events')), 'cli.js'),
} as const;

export type PartCli = keyof typeof partClis;
