/** @module The parts the appliance runs, in start order, and where each one's CLI is. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AppConfig, ListenAddress } from '@uptime/config';

export interface PartSpec {
  name: 'mta' | 'viewer' | 'monitor';
  script: string;
  /** The address the part listens on; the next part starts once it accepts connections. */
  listen?: ListenAddress;
}

const require = createRequire(import.meta.url);
const cliOf = (pkg: string) => join(dirname(require.resolve(`${pkg}/package.json`)), 'dist', 'cli.js');

/** MTA first (the monitor submits to it), then the viewer, then the monitor. */
export function partSpecs(config: AppConfig): PartSpec[] {
  return [
    { name: 'mta', script: cliOf('@uptime/mta'), listen: config.mta.listen },
    { name: 'viewer', script: cliOf('@uptime/inbox-viewer'), listen: config.viewer.listen },
    { name: 'monitor', script: cliOf('@uptime/monitor') },
  ];
}
