/** @module Builds the relay transport that mta.relay.mode asks for: none (local), direct MX, or the smarthost. */
import { Resolver } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AppConfig } from '@uptime/config';
import { MTA_ERROR_CODES, MtaError } from '../../errors.js';
import type { Transport } from '../outcome.js';
import { MxTransport } from './deliver-mx.js';
import { SmarthostTransport } from './deliver-smarthost.js';
import { dkimDnsRecord, loadOrCreateDkimKey, type Signer } from './dkim.js';
import { dkimSigner } from './dkim-sign.js';
import type { SmarthostCredentials } from './smarthost-credentials.js';

/** The relay and how to describe it in the start-up line. */
export interface Relay {
  transport?: Transport;
  description: string;
  /** The DKIM TXT record to publish, when DKIM is configured. */
  dkimRecord?: string;
}

/** What building the relay needs besides the config. */
export interface RelayContext {
  /** <dataDir> */
  root: string;
  /** For relative key file paths. */
  cwd: string;
  /** Smarthost login (smarthost mode with auth). */
  credentials?: SmarthostCredentials;
}

/** A resolver that asks mta.relay.dnsServers, or the system's resolvers when the list is empty. */
export function relayResolver(dnsServers: readonly string[]): Resolver {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  if (dnsServers.length > 0) resolver.setServers([...dnsServers]);
  return resolver;
}

async function signer(config: AppConfig['mta']['relay'], context: RelayContext): Promise<{ sign?: Signer; record?: string }> {
  const dkim = config.dkim;
  if (!dkim) return {};
  const keyFile = dkim.keyFile ? resolve(context.cwd, dkim.keyFile) : join(context.root, 'secrets', `dkim-${dkim.selector}.key`);
  const settings = { domain: dkim.domain, selector: dkim.selector, keyFile };
  const pem = await loadOrCreateDkimKey(keyFile);
  return { sign: dkimSigner(settings, pem), record: dkimDnsRecord(settings, pem) };
}

async function readCa(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new MtaError(MTA_ERROR_CODES.BAD_TLS, `mta.relay.smarthost.ca ${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** The transport for non-local recipients. */
export async function createRelay(mta: AppConfig['mta'], context: RelayContext): Promise<Relay> {
  const relay = mta.relay;
  if (relay.mode === 'local') return { description: 'relaying off (mta.relay.mode: local)' };
  const { sign, record } = await signer(relay, context);
  const dkimNote = record ? `, DKIM d=${relay.dkim?.domain} s=${relay.dkim?.selector}` : '';
  if (relay.mode === 'mx') {
    const servers = relay.dnsServers.length ? relay.dnsServers.join(', ') : 'the system resolvers';
    return {
      transport: new MxTransport({ resolver: relayResolver(relay.dnsServers), hostname: mta.hostname, port: relay.mxPort, sign }),
      description: `direct MX delivery (DNS: ${servers}; port ${relay.mxPort}${dkimNote})`,
      dkimRecord: record,
    };
  }
  const { host, port, secure } = relay.smarthost;
  const ca = relay.smarthost.ca ? await readCa(resolve(context.cwd, relay.smarthost.ca)) : undefined;
  return {
    transport: new SmarthostTransport({ host, port, secure, hostname: mta.hostname, credentials: context.credentials, sign, ca }),
    description: `smarthost ${host}:${port} (${secure}${context.credentials ? `, AUTH as ${context.credentials.user}` : ', no AUTH'}${dkimNote})`,
    dkimRecord: record,
  };
}
