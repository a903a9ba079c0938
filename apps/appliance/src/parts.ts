/** @module The parts the appliance runs, in start order, and where each one's CLI is. */
import type { AppConfig, ListenAddress } from '@uptime/config';
import { partClis } from './part-clis.js';

export interface PartSpec {
  name: 'mta' | 'viewer' | 'monitor';
  script: string;
  /** The address the part listens on; the next part starts once it accepts connections. */
  listen?: ListenAddress;
}

/** The order the parts start in: MTA first (the monitor submits to it), then the viewer, then the monitor. */
export const PART_ORDER: ReadonlyArray<PartSpec['name']> = ['mta', 'viewer', 'monitor'];

/** The parts in PART_ORDER. */
export function partSpecs(config: AppConfig): PartSpec[] {
  return [
    { name: 'mta', script: partClis.mta, listen: config.mta.listen },
    { name: 'viewer', script: partClis.viewer, listen: config.viewer.listen },
    { name: 'monitor', script: partClis.monitor },
  ];
}
