/** @module Totals per target: outages, downtime and availability over the last 24 h, 7 d and 30 d. */
import type { Outage } from './outage-log.js';

/** The windows the outages page and API report. */
export const WINDOWS = [
  { label: '24 h', ms: 86_400_000 },
  { label: '7 d', ms: 7 * 86_400_000 },
  { label: '30 d', ms: 30 * 86_400_000 },
] as const;

export interface TargetTotals {
  target: string;
  host: string;
  outages: number;
  ongoing: boolean;
  downSeconds: number;
  /** Percent of each window (24 h, 7 d, 30 d) the target was not down. */
  availability: Record<(typeof WINDOWS)[number]['label'], number>;
}

/** Seconds of an outage that fall in [from, to]; an ongoing outage lasts until `to`. */
export function overlapSeconds(o: Outage, from: number, to: number): number {
  const start = Date.parse(o.start);
  const end = o.end === null ? to : Date.parse(o.end);
  return Math.max(0, Math.min(end, to) - Math.max(start, from)) / 1000;
}

/**
 * Totals per target name (whatever addresses its outages had: a name may resolve to a new IP, or to none),
 * in the order the targets first went down; the host shown is the target's current one, else the last known.
 */
export function totals(outages: Outage[], now: number, known: Array<{ name: string; host: string }> = []): TargetTotals[] {
  const groups = new Map<string, { target: string; host: string; list: Outage[] }>();
  for (const t of known) groups.set(t.name, { target: t.name, host: t.host, list: [] });
  const current = new Set(known.map((t) => t.name));
  for (const o of outages) {
    const group = groups.get(o.target) ?? { target: o.target, host: o.host, list: [] };
    if (!current.has(o.target) && o.host !== '') group.host = o.host;
    group.list.push(o);
    groups.set(o.target, group);
  }
  return [...groups.values()].map(({ target, host, list }) => {
    const availability = Object.fromEntries(
      WINDOWS.map((w) => {
        const down = list.reduce((sum, o) => sum + overlapSeconds(o, now - w.ms, now), 0);
        return [w.label, Math.max(0, 100 - (down / (w.ms / 1000)) * 100)];
      }),
    ) as TargetTotals['availability'];
    const downSeconds = list.reduce((sum, o) => sum + overlapSeconds(o, -Infinity, now), 0);
    return { target, host, outages: list.length, ongoing: list.some((o) => o.end === null), downSeconds, availability };
  });
}
