/** @module Rules across the keys of `monitor`: timings that fit the interval, and no target configured twice. */
import type { z } from 'zod';
import { formatDuration } from './duration.js';
import { checkParents } from './parent-rules.js';

/** The parts of a target these rules read. */
interface TargetKeys {
  name: string;
  probe: string;
  host: string;
  port?: number;
  url?: string;
  query?: string;
  type?: string;
  interval?: number;
  timeout?: number;
  parent?: string[];
}

/** The `monitor` section as parsed, before its defaults that depend on other keys. */
interface MonitorKeys {
  interval: number;
  timeout?: number;
  retryInterval?: number;
  targets: TargetKeys[];
}

/** A later retryInterval than this is not the default: a failure is confirmed by quick re-checks. */
const DEFAULT_RETRY_INTERVAL_MS = 500;

/** What a target checks: two targets that check the same thing are one target configured twice. */
function checkedThing(t: TargetKeys): string {
  if (t.probe === 'http') return `http ${t.url ? new URL(t.url).href : t.host}`;
  const host = t.host.toLowerCase();
  if (t.probe === 'dns') return `dns ${host}:${t.port ?? 53} ${t.type ?? 'A'} ${t.query?.toLowerCase()}`;
  return t.probe === 'icmp' ? `icmp ${host}` : `${t.probe} ${host}:${t.port}`;
}

function checkTimings(m: MonitorKeys, ctx: z.RefinementCtx): void {
  const tooLong = (path: Array<string | number>, ms: number, intervalKey: string, intervalMs: number) =>
    ctx.addIssue({
      code: 'custom',
      path,
      message: `${formatDuration(ms)} is longer than ${intervalKey} (${formatDuration(intervalMs)}); a check must end before the next one is due`,
      params: { related: intervalKey },
    });
  if (m.timeout !== undefined && m.timeout > m.interval) tooLong(['timeout'], m.timeout, 'monitor.interval', m.interval);
  m.targets.forEach((t, i) => {
    const intervalKey = t.interval !== undefined ? `monitor.targets[${i}].interval` : 'monitor.interval';
    const interval = t.interval ?? m.interval;
    if (t.timeout !== undefined && t.timeout > interval) tooLong(['targets', i, 'timeout'], t.timeout, intervalKey, interval);
    if (t.timeout === undefined && t.interval !== undefined && m.timeout !== undefined && m.timeout > t.interval) {
      ctx.addIssue({
        code: 'custom',
        path: ['targets', i, 'interval'],
        message: `${formatDuration(t.interval)} is shorter than monitor.timeout (${formatDuration(m.timeout)}); give this target a timeout of its own that fits`,
        params: { related: 'monitor.timeout' },
      });
    }
  });
  if (m.retryInterval !== undefined && m.retryInterval > m.interval) {
    ctx.addIssue({
      code: 'custom',
      path: ['retryInterval'],
      message: `${formatDuration(m.retryInterval)} is longer than monitor.interval (${formatDuration(m.interval)})`,
      params: { related: 'monitor.interval' },
    });
  }
}

function checkDuplicates(targets: TargetKeys[], ctx: z.RefinementCtx): void {
  const names = new Map<string, number>();
  const things = new Map<string, number>();
  targets.forEach((t, i) => {
    const thing = checkedThing(t);
    const sameThing = things.get(thing);
    const sameName = names.get(t.name);
    if (sameThing !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['targets', i], message: `${thing} is already checked by monitor.targets[${sameThing}]` });
    } else if (sameName !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['targets', i, 'name'], message: `${JSON.stringify(t.name)} is already used by monitor.targets[${sameName}]` });
    }
    if (sameThing === undefined) things.set(thing, i);
    if (sameName === undefined) names.set(t.name, i);
  });
}

/** Checks `monitor` as a whole and fills `retryInterval` (500 ms, or the interval when that is shorter). */
export function applyMonitorRules<M extends MonitorKeys>(m: M, ctx: z.RefinementCtx): M & { retryInterval: number } {
  checkTimings(m, ctx);
  checkDuplicates(m.targets, ctx);
  checkParents(m.targets, ctx);
  return { ...m, retryInterval: m.retryInterval ?? Math.min(DEFAULT_RETRY_INTERVAL_MS, m.interval) };
}
