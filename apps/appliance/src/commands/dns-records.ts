/** @module `uptime-sensor dns-records`: every record to publish for direct MX delivery (A for mta.hostname, SPF, DKIM, DMARC). */
import { spawnSync } from 'node:child_process';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Command } from 'commander';
import type { AppConfig } from '@uptime/config';
import { dnsRecords } from '../dns-records.js';
import { partClis } from '../part-clis.js';
import { flagsOf, loadOrExit, sharedArgs, withExamples, withShared } from './command-kit.js';

const isLocal = (host: string) => host === '0.0.0.0' || host === '::' || host === '::1' || host.startsWith('127.') || host === 'localhost';

/** The address remote MX hosts likely see: a non-loopback mta.listen, else the first outside IPv4 address of the machine. */
function guessAddress(config: AppConfig): string | undefined {
  if (!isLocal(config.mta.listen.host)) return config.mta.listen.host;
  for (const infos of Object.values(networkInterfaces())) {
    const found = infos?.find((i) => i.family === 'IPv4' && !i.internal);
    if (found) return found.address;
  }
  return undefined;
}

/** The DKIM record from the MTA's own `dkim` command (which makes the key if needed). */
function dkimRecord(args: string[]): string {
  const out = spawnSync(process.execPath, [partClis.mta, 'dkim', ...args], { encoding: 'utf8' });
  if (out.status !== 0) {
    process.stderr.write(out.stderr);
    process.exit(out.status ?? 1);
  }
  return out.stdout;
}

/** Registers `dns-records`. */
export function registerDnsRecords(program: Command): void {
  const command = program
    .command('dns-records')
    .description('print every DNS record to publish for direct MX delivery: A (or AAAA) for mta.hostname, SPF and DMARC for the domain of alerts.from, the DKIM key')
    .option('--address <ip>', 'the public address of this host, as remote MX hosts see it (default: mta.listen if not loopback, else the first outside IPv4 address)');
  withExamples(withShared(command), ['dns-records', 'dns-records --address 192.0.2.10 > zone-additions.txt']).action((_o, cmd: Command) => {
    const { config } = loadOrExit(cmd);
    const flags = flagsOf<{ address?: string }>(cmd);
    if (flags.address && !isIP(flags.address)) {
      process.stderr.write(`uptime-sensor dns-records: --address ${JSON.stringify(flags.address)} is not an IP address\n`);
      process.exit(2);
    }
    const senderDomain = config.alerts.from.slice(config.alerts.from.lastIndexOf('@') + 1);
    if (senderDomain === 'localhost' || !senderDomain.includes('.')) {
      process.stderr.write(`uptime-sensor dns-records: alerts.from (${config.alerts.from}) is not in a domain you can publish records for; set alerts.from to an address of your domain\n`);
    }
    if (config.mta.relay.mode !== 'mx') process.stderr.write(`uptime-sensor dns-records: mta.relay.mode is ${config.mta.relay.mode}; these records matter for mode mx\n`);
    const address = flags.address ?? guessAddress(config);
    const dkim = config.mta.relay.dkim ? dkimRecord(sharedArgs(flags)) : undefined;
    process.stdout.write(`${dnsRecords({ hostname: config.mta.hostname, address, senderDomain, dkimRecord: dkim }).join('\n')}\n`);
  });
}
