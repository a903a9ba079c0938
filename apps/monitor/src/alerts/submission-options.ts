/** @module How the monitor reaches its MTA: with the appliance's own submission credentials. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadOrCreateSubmissionCredentials, type AppConfig, type DataLayout } from '@uptime/config';
import type { AlertSenderOptions } from './alert-sender.js';

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

/**
 * The SMTP settings for alerts. Over loopback the MTA takes AUTH without TLS; to any other address
 * STARTTLS is required, trusting the MTA's self-signed certificate unless `mta.tls` names a real one.
 */
export async function submissionOptions(config: AppConfig, layout: DataLayout): Promise<AlertSenderOptions['smtp']> {
  const { user, password } = await loadOrCreateSubmissionCredentials(layout);
  const { host, port } = config.mta.listen;
  const smtpHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const options: AlertSenderOptions['smtp'] = { host: smtpHost, port, name: config.mta.hostname, auth: { user, pass: password } };
  if (!isLoopback(smtpHost)) {
    const selfSigned = config.mta.tls ? undefined : await readFile(join(layout.root, 'secrets', 'mta-tls.crt'), 'utf8').catch(() => undefined);
    options.tls = { ca: selfSigned };
  }
  return options;
}
