/** @module The built entry points of the parts and of the appliance, for tests that run them. */
import { resolve } from 'node:path';

export const CLIS = {
  appliance: resolve(import.meta.dirname, '../../dist/cli.js'),
  mta: resolve(import.meta.dirname, '../../../mta/dist/cli.js'),
  viewer: resolve(import.meta.dirname, '../../../inbox-viewer/dist/cli.js'),
} as const;
