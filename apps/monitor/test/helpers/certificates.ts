/** @module Certificates made for a test with the openssl CLI: a lab CA, leaves it signs (valid, expiring, expired, another name) and a self-signed one. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A key and certificate as PEM text, and the file of the certificate. */
export interface Pem {
  key: string;
  cert: string;
  certFile: string;
}

const openssl = (cwd: string, ...args: string[]) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

function read(dir: string, name: string): Pem {
  return { key: readFileSync(join(dir, `${name}.key`), 'utf8'), cert: readFileSync(join(dir, `${name}.crt`), 'utf8'), certFile: join(dir, `${name}.crt`) };
}

/** A CA in its own temporary folder, signing leaves for host names and IP addresses. */
export class TestCa {
  private serial = 0;
  readonly pem: Pem;

  constructor(readonly dir = mkdtempSync(join(tmpdir(), 'test-ca-'))) {
    openssl(dir, 'req', '-x509', ...newKey, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/CN=uptime test CA');
    this.pem = read(dir, 'ca');
  }

  /** A leaf for `names` (DNS names and IPs) valid for `days` from now (negative: expired that many days ago). */
  leaf(names: string[], days: number): Pem {
    const name = `leaf${(this.serial += 1)}`;
    const alt = names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
    writeFileSync(join(this.dir, `${name}.ext`), `subjectAltName=${alt}\n`);
    openssl(this.dir, 'req', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${names[0]}`);
    openssl(this.dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', String(this.serial), '-days', String(days), '-extfile', `${name}.ext`, '-out', `${name}.crt`);
    return read(this.dir, name);
  }
}

/** A self-signed certificate for `names`, valid for `days`. */
export function selfSigned(names: string[], days = 30): Pem {
  const dir = mkdtempSync(join(tmpdir(), 'self-signed-'));
  const alt = names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  openssl(dir, 'req', '-x509', ...newKey, '-keyout', 'self.key', '-out', 'self.crt', '-days', String(days), '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${alt}`);
  return read(dir, 'self');
}
