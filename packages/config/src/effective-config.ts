/** @module The effective config as YAML (defaults filled in, every layer applied), with secrets shown as `***`. */
import { stringify } from 'yaml';
import { formatListen, type ListenAddress } from './address.js';
import type { LoadedConfig } from './load-config.js';

/** What a secret is shown as. */
export const REDACTED = '***';

/** Keys whose values are secrets, wherever they are (viewer.auth.passwordHash, any password or token). */
const SECRET_KEY = /password|secret|token|passphrase|credential/i;

/** The environment variables that carry credentials; the password ones are never shown. */
const CREDENTIAL_VARS = ['SMTP_USERNAME', 'SMTP_PASSWORD', 'BURNER_EMAIL_ADDRESS', 'BURNER_EMAIL_PASSWORD'] as const;

/** A deep copy of `value` with the value of every secret key replaced by `***`, and listen addresses written as the file writes them. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, v]) => [
      key,
      SECRET_KEY.test(key) && v !== undefined ? REDACTED : key === 'listen' && v !== null && typeof v === 'object' ? formatListen(v as ListenAddress) : redactSecrets(v),
    ]),
  );
}

/** The effective config as a YAML document that `--config` would take back, secrets redacted; credentials from the environment as comments. */
export function effectiveConfigYaml(loaded: LoadedConfig): string {
  const source = loaded.configPath ?? 'no config file';
  const credentials = CREDENTIAL_VARS.filter((name) => loaded.env[name]).map(
    (name) => `#   ${name}=${SECRET_KEY.test(name) ? REDACTED : loaded.env[name]}`,
  );
  return [
    `# effective configuration: built-in defaults < ${source} < .env < environment < command-line flags`,
    '# durations in milliseconds; secrets shown as ***',
    ...(credentials.length ? ['# credentials from the environment:', ...credentials] : []),
    stringify(redactSecrets(loaded.config), { lineWidth: 0 }),
  ].join('\n');
}
