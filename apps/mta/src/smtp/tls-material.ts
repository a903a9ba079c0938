/** @module The STARTTLS key and certificate: from mta.tls, or self-signed, made at first start and kept (key 0600). */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { fsyncDir } from '@uptime/durable-fs';
import { MTA_ERROR_CODES, MtaError } from '../errors.js';
import { selfSignedCertificate, type TlsPair } from './self-signed-cert.js';

/** Where the key and certificate came from, for the start-up line. */
export interface TlsMaterial extends TlsPair {
  source: string;
}

async function readPair(keyPath: string, certPath: string, keyName: string, certName: string): Promise<TlsPair> {
  const read = async (path: string, name: string) => {
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      throw new MtaError(MTA_ERROR_CODES.BAD_TLS, `${name} ${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  };
  const pair = { key: await read(keyPath, keyName), cert: await read(certPath, certName) };
  try {
    if (!new X509Certificate(pair.cert).checkPrivateKey(createPrivateKey(pair.key))) throw new Error('the key does not belong to the certificate');
  } catch (err) {
    throw new MtaError(MTA_ERROR_CODES.BAD_TLS, `${certName} ${certPath} and ${keyName} ${keyPath}: not a usable PEM certificate and key (${(err as Error).message})`);
  }
  return pair;
}

async function writeNew(path: string, text: string, mode: number): Promise<void> {
  const handle = await open(path, 'wx', mode);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The configured pair (paths relative to `cwd`), or <dataDir>/secrets/mta-tls.{key,crt}, made
 * self-signed for `hostname` when absent. Only the process holding the spool lock calls this.
 */
export async function loadTlsMaterial(options: { tls?: { cert: string; key: string }; root: string; hostname: string; cwd: string; listenHost?: string }): Promise<TlsMaterial> {
  if (options.tls) {
    const key = resolve(options.cwd, options.tls.key);
    const cert = resolve(options.cwd, options.tls.cert);
    return { ...(await readPair(key, cert, 'mta.tls.key', 'mta.tls.cert')), source: cert };
  }
  const dir = join(options.root, 'secrets');
  const key = join(dir, 'mta-tls.key');
  const cert = join(dir, 'mta-tls.crt');
  try {
    return { ...(await readPair(key, cert, 'TLS key', 'TLS certificate')), source: `${cert} (self-signed)` };
  } catch (err) {
    const missing = (err as Error).message.includes('ENOENT');
    if (!missing) throw err;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const path of [key, cert]) await rm(path, { force: true }); // half a pair, left by a crash
  const pair = selfSignedCertificate([...new Set([options.hostname, 'localhost', '127.0.0.1', '::1', ...(options.listenHost && isIP(options.listenHost) ? [options.listenHost] : [])])]);
  await writeNew(key, pair.key, 0o600);
  await writeNew(cert, pair.cert, 0o644);
  await fsyncDir(dir);
  return { ...pair, source: `${cert} (self-signed, made now)` };
}
