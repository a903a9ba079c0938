/** @module Turns a target's host into the IP address that is probed. */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ProbeResult } from './probe.js';

/** Resolves a host name to one IP address; an IP address is returned as it is. */
export async function resolveAddress(host: string): Promise<string> {
  if (isIP(host)) return host;
  const { address } = await lookup(host);
  return address;
}

/** Resolves a target's host, or gives the failed check that a name which does not resolve is. */
export async function resolveForCheck(host: string): Promise<{ address: string; failed?: ProbeResult }> {
  try {
    return { address: await resolveAddress(host) };
  } catch (err) {
    return { address: host, failed: { ok: false, address: host, error: `cannot resolve ${host}: ${(err as Error).message}` } };
  }
}
