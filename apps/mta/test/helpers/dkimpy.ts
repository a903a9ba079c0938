/** @module DKIM verification by dkimpy (Debian's python3-dkim), a verifier written elsewhere; the public key is handed to it instead of looked up in DNS. */
import { execFile } from 'node:child_process';

const SCRIPT = [
  'import sys, dkim',
  'record = sys.argv[1].encode()',
  'ok = dkim.verify(sys.stdin.buffer.read(), dnsfunc=lambda name, timeout=5: record)',
  'print("pass" if ok else "fail")',
].join('\n');

/** Verifies the first DKIM-Signature of `message` against the TXT record value `v=DKIM1; k=rsa; p=...`. */
export function dkimpyVerify(message: string | Buffer, txtRecord: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = execFile('/usr/bin/python3', ['-c', SCRIPT, txtRecord], (err, stdout, stderr) => {
      if (err) reject(new Error(`dkimpy failed: ${stderr || err.message}`));
      else resolve(stdout.trim() === 'pass');
    });
    child.stdin?.end(message);
  });
}

/** The TXT record value in a record as `uptime-mta dkim` prints it. */
export function txtValue(record: string): string {
  return [...record.matchAll(/"([^"]*)"/g)].map((m) => m[1]).join('');
}
