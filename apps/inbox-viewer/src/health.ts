/** @module Which parts of the appliance run (the part records under <dataDir>/run/) and what waits to be sent. */
import { readdir } from 'node:fs/promises';
import { readParts, type DataLayout, type PartHealth } from '@uptime/config';
import { readMtaQueueSize } from '@uptime/metrics';

/** The answer of `GET /api/health`. */
export interface HealthReport {
  ok: boolean;
  /** The parts that were started and whose process is gone. */
  down: string[];
  parts: Record<string, Omit<PartHealth, 'part'> | { up: true }>;
  queue: {
    /** Messages waiting in the MTA's spool, as the running MTA reports it; null when no MTA runs. */
    mail: number | null;
    /** Alerts in <dataDir>/outbox that the MTA has not accepted yet. */
    alerts: number;
  };
}

/** Alert files in the outbox (as the monitor's Outbox lists them). */
async function outboxSize(layout: DataLayout): Promise<number> {
  const names = await readdir(layout.outbox).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).length;
}

/** Health of every part that was started; the viewer itself is up, since it answers. */
export async function readHealth(layout: DataLayout): Promise<HealthReport> {
  const parts: HealthReport['parts'] = { viewer: { up: true } };
  const down: string[] = [];
  for (const { part, ...rest } of readParts(layout)) {
    if (part === 'viewer') {
      parts.viewer = { ...rest, up: true };
      continue;
    }
    parts[part] = rest;
    if (!rest.up) down.push(part);
  }
  const [mail, alerts] = await Promise.all([readMtaQueueSize(layout), outboxSize(layout)]);
  return { ok: down.length === 0, down, parts, queue: { mail: mail ?? null, alerts } };
}
