/** @module Which parts of the appliance run, from the part records under <dataDir>/run/. */
import { readParts, type DataLayout, type PartHealth } from '@uptime/config';

/** The answer of `GET /api/health`. */
export interface HealthReport {
  ok: boolean;
  parts: Record<string, Omit<PartHealth, 'part'> | { up: true }>;
}

/** Health of every part that was started; the viewer itself is up, since it answers. */
export function readHealth(layout: DataLayout): HealthReport {
  const parts: HealthReport['parts'] = { viewer: { up: true } };
  let ok = true;
  for (const { part, ...rest } of readParts(layout)) {
    if (part === 'viewer') {
      parts.viewer = { ...rest, up: true };
      continue;
    }
    parts[part] = rest;
    if (!rest.up) ok = false;
  }
  return { ok, parts };
}
