/** @module Which certificates a tls or https check trusts: the system's, or the target's `ca` file; one TLS context each. */
import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import type { TargetConfig } from '@uptime/config';

/** Debian's bundle of the system's CAs (with those an administrator added by update-ca-certificates). */
const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

const contexts = new Map<string, SecureContext>();

function systemCas(): string[] {
  try {
    return [...rootCertificates, readFileSync(SYSTEM_BUNDLE, 'utf8')];
  } catch {
    return [...rootCertificates];
  }
}

/** The TLS options of a target's check: its trust (made once per CA file) and whether the chain must be valid. */
export function tlsOptionsFor(target: TargetConfig): { secureContext: SecureContext; rejectUnauthorized: boolean } {
  const key = target.ca ?? '';
  let secureContext = contexts.get(key);
  if (!secureContext) {
    secureContext = createSecureContext({ ca: target.ca ? readFileSync(target.ca, 'utf8') : systemCas() });
    contexts.set(key, secureContext);
  }
  return { secureContext, rejectUnauthorized: target.verifyCertificate !== false };
}

/** A TLS failure as a check's reason: what was wrong with the certificate, and its code. */
export function tlsFailure(err: NodeJS.ErrnoException): string {
  const code = err.code && !err.message.includes(err.code) ? ` (${err.code})` : '';
  return `TLS: ${err.message}${code}`;
}

/** True for an error of the certificate check (not of the connection). */
export function isCertificateError(err: NodeJS.ErrnoException): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/.test(err.code ?? '');
}
