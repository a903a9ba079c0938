/** @module The DKIM key of relayed mail (made at first start, 0600) and the DNS record that publishes it; signing is in dkim-sign.ts. */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDir } from '@uptime/durable-fs';
import { MTA_ERROR_CODES, MtaError } from '../../errors.js';

/** mta.relay.dkim with the key file resolved. */
export interface DkimSettings {
  domain: string;
  selector: string;
  keyFile: string;
}

/** Signs a message; the result is the message with a DKIM-Signature header in front. */
export type Signer = (data: Buffer) => Promise<Buffer>;

/** Reads the PEM key, making an RSA 2048 key (mode 0600) when the file does not exist yet. */
export async function loadOrCreateDkimKey(keyFile: string): Promise<string> {
  try {
    const pem = await readFile(keyFile, 'utf8');
    createPrivateKey(pem); // throws on a key that is not one
    return pem;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new MtaError(MTA_ERROR_CODES.BAD_DKIM_KEY, `mta.relay.dkim.keyFile ${keyFile}: not a usable private key (${(err as Error).message})`);
    }
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
  const handle = await open(keyFile, 'wx', 0o600);
  try {
    await handle.writeFile(pem);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsyncDir(dirname(keyFile));
  return pem;
}

/** The TXT record to publish: `<selector>._domainkey.<domain>. IN TXT "v=DKIM1; k=rsa; p=..."`, split into 255-byte strings. */
export function dkimDnsRecord(settings: DkimSettings, privateKeyPem: string): string {
  const spki = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' }).toString('base64');
  const value = `v=DKIM1; k=rsa; p=${spki}`;
  const chunks = value.match(/.{1,255}/g) ?? [];
  return `${settings.selector}._domainkey.${settings.domain}. IN TXT ( ${chunks.map((c) => `"${c}"`).join(' ')} )`;
}
