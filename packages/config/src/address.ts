/** @module Validation of host names, IP addresses and listen addresses. */
import { isIP } from 'node:net';

const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** True for an IPv4/IPv6 address or a syntactically valid DNS host name. */
export function isHostOrIp(value: string): boolean {
  if (isIP(value)) return true;
  if (/^[\d.]+$/.test(value)) return false; // looks like IPv4 but is not one, e.g. 10.0.0.300
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.length === 0 || name.length > 253) return false;
  return name.split('.').every((label) => LABEL.test(label));
}

export interface ListenAddress {
  host: string;
  port: number;
}

/** Parses "host:port" or "[v6]:port"; returns undefined when malformed. */
export function parseListen(value: string): ListenAddress | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value.trim());
  if (!match) return undefined;
  const host = match[1] ?? match[2] ?? '';
  const port = Number(match[3]);
  if (port > 65535 || !isHostOrIp(host)) return undefined;
  return { host, port };
}

/** Formats a listen address back to "host:port" ("[v6]:port" for IPv6). */
export function formatListen({ host, port }: ListenAddress): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
