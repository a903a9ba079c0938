/** @module Turns a target's host into the IP address that is probed. */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** Resolves a host name to one IP address; an IP address is returned as it is. */
export async function resolveAddress(host: string): Promise<string> {
  if (isIP(host)) return host;
  const { address } = await lookup(host);
  return address;
}
