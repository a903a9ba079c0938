/** @module How long a check of a target may take before it counts as failed. */
import type { AppConfig, TargetConfig } from '@uptime/config';

/** Default when neither the target nor `monitor.timeout` sets one: 1 s, or 5 s for http and tls. */
export const DEFAULT_TIMEOUT_MS = { icmp: 1000, tcp: 1000, http: 5000, tls: 5000, dns: 1000 } as const;

/** The time between checks of a target: its own interval, else `monitor.interval`. */
export function checkInterval(target: TargetConfig, monitor: AppConfig['monitor']): number {
  return target.interval ?? monitor.interval;
}

/** The timeout of a target's checks: its own, else `monitor.timeout`, else the probe's default cut to its interval. */
export function checkTimeout(target: TargetConfig, monitor: AppConfig['monitor']): number {
  return target.timeout ?? monitor.timeout ?? Math.min(DEFAULT_TIMEOUT_MS[target.probe], checkInterval(target, monitor));
}
