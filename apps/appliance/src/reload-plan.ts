/** @module Which parts a reload restarts: those whose part of the config changed (no I/O). */
import { isDeepStrictEqual } from 'node:util';
import type { AppConfig } from '@uptime/config';
import { PART_ORDER, type PartSpec } from './parts.js';

type PartName = PartSpec['name'];

/**
 * What each part reads of the config. The monitor reads all but the viewer's and most of the MTA's
 * keys (it submits to mta.listen, with mta.hostname and mta.tls); the MTA takes mail for the alert
 * recipients, so it reads `alerts` too.
 */
const SLICES: Record<PartName, (c: AppConfig) => unknown> = {
  mta: (c) => [c.dataDir, c.mta, c.alerts, c.events],
  viewer: (c) => [c.dataDir, c.viewer, c.events, c.sensor],
  monitor: ({ viewer: _viewer, mta, ...rest }) => [rest, mta.listen, mta.hostname, mta.tls],
};

/** The parts to restart for a change from `before` to `after`, in start order; none when nothing they read changed. */
export function partsToRestart(before: AppConfig, after: AppConfig): PartName[] {
  return PART_ORDER.filter((part) => !isDeepStrictEqual(SLICES[part](before), SLICES[part](after)));
}
