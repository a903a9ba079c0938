/** @module `uptime-mta dkim`: prints the DNS TXT record of the DKIM key (making the key if there is none yet). */
import { join, resolve } from 'node:path';
import { loadConfigOrExit, type ConfigFlags } from '@uptime/config';
import { dkimDnsRecord, loadOrCreateDkimKey } from '../delivery/relay/dkim.js';
import { MtaError } from '../errors.js';
import { fail, userCwd } from './console-log.js';

/** Prints `<selector>._domainkey.<domain>. IN TXT (...)`. */
export async function dkimCommand(flags: ConfigFlags): Promise<void> {
  const { config, layout } = loadConfigOrExit(flags, 'mta');
  const dkim = config.mta.relay.dkim;
  if (!dkim) fail('mta.relay.dkim is not configured: set { domain, selector } (keyFile optional) in the config file');
  const keyFile = dkim.keyFile ? resolve(userCwd(), dkim.keyFile) : join(layout.root, 'secrets', `dkim-${dkim.selector}.key`);
  try {
    const pem = await loadOrCreateDkimKey(keyFile);
    process.stdout.write(`${dkimDnsRecord({ domain: dkim.domain, selector: dkim.selector, keyFile }, pem)}\n`);
  } catch (err) {
    if (err instanceof MtaError) fail(err.message);
    throw err;
  }
}
