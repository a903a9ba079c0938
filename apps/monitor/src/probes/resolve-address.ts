/** @module Turns a target's host into the IP address that is probed, within the check's timeout. */
import { isIP } from 'node:net';
import type { ProbeResult } from './probe.js';
import { NameResolver } from './names/name-resolver.js';

let systemNames: NameResolver | undefined;

/** The resolver of the system's name servers and hosts file, shared by every probe. */
export function systemNameResolver(): NameResolver {
  return (systemNames ??= new NameResolver());
}

/** Resolves a target's host within `timeoutMs`, or gives the failed check that a name which does not resolve is. */
export async function resolveForCheck(
  host: string,
  timeoutMs: number,
  names: NameResolver = systemNameResolver(),
): Promise<{ address: string; failed?: ProbeResult }> {
  if (isIP(host)) return { address: host };
  try {
    return { address: await names.resolve(host, timeoutMs) };
  } catch (err) {
    return { address: host, failed: { ok: false, address: host, error: `cannot resolve ${host}: ${(err as Error).message}` } };
  }
}
