/** @module The MTA's queue size as its running process last reported it, read from its metrics snapshot. */
import { readFile } from 'node:fs/promises';
import { readParts, type DataLayout } from '@uptime/config';
import { snapshotPath } from './metrics-snapshot.js';
import { MTA_QUEUE_GAUGE } from './mta-metrics.js';

/** Messages waiting in the running MTA's spool; undefined when no MTA runs or it has not reported yet. */
export async function readMtaQueueSize(layout: DataLayout): Promise<number | undefined> {
  if (!readParts(layout).some((p) => p.part === 'mta' && p.up)) return undefined;
  const text = await readFile(snapshotPath(layout, 'mta'), 'utf8').catch(() => '');
  const match = new RegExp(`^${MTA_QUEUE_GAUGE} (\\d+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}
