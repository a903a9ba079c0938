/**
 * @module A throw-away Postfix as a far-end MX for tests (root only): its own config, queue and Maildir
 * under a temporary directory (postfix -c DIR), listening on the given loopback addresses, taking mail
 * for the given domains into one Maildir and sending nothing on. The system's Postfix is not touched.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './peers.js';

const run = promisify(execFile);
const POSTFIX = '/usr/sbin/postfix';
const NOBODY = 65534;

/** One smtpd: where it listens and its -o overrides ("smtputf8_enable=no"). */
export interface PostfixListener {
  host: string;
  port: number;
  overrides?: string[];
}

/** A running Postfix and the Maildir it delivers to. */
export interface PostfixPeer {
  /** Every message delivered so far, as text. */
  messages(): Promise<string[]>;
  /** The mail log, for diagnostics. */
  log(): Promise<string>;
  /** A self-signed certificate and key (for listeners with smtpd_tls_security_level=may). */
  cert: string;
  key: string;
  stop(): Promise<void>;
}

/** Why Postfix tests must be skipped here, or undefined. */
export function postfixMissing(): string | undefined {
  if (!existsSync(POSTFIX)) return `${POSTFIX} not installed (run scripts/install-test-deps.sh)`;
  if (process.getuid?.() !== 0) return 'a Postfix instance needs root';
  return undefined;
}

/** Starts Postfix with `listeners`, taking mail for `domains` (and every local part) into one Maildir. */
export async function startPostfix(listeners: PostfixListener[], domains: string[], main: string[] = []): Promise<PostfixPeer> {
  const base = await mkdtemp(join(tmpdir(), 'postfix-peer-'));
  await chmod(base, 0o755);
  const [conf, mail, queue, data] = ['conf', 'mail', 'queue', 'data'].map((d) => join(base, d)) as [string, string, string, string];
  for (const dir of [conf, mail, queue, data]) await mkdir(dir, { recursive: true });
  await chown(mail, NOBODY, NOBODY);
  await chown(data, Number((await run('id', ['-u', 'postfix'])).stdout.trim()), 0);
  const cert = join(conf, 'cert.pem');
  const key = join(conf, 'key.pem');
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=postfix-peer.test', '-keyout', key, '-out', cert]);
  const settings = {
    compatibility_level: '3.6',
    queue_directory: queue,
    data_directory: data,
    mail_owner: 'postfix',
    setgid_group: 'postdrop',
    myhostname: 'postfix-peer.test',
    mydestination: '',
    inet_interfaces: '127.0.0.1', // the listeners name their own addresses; Postfix looks this one up among the interfaces
    inet_protocols: 'ipv4',
    mynetworks: '127.0.0.0/8',
    default_transport: 'error:this test instance sends nothing on',
    relay_transport: 'error:this test instance sends nothing on',
    virtual_mailbox_domains: domains.join(', '),
    virtual_mailbox_base: mail,
    virtual_mailbox_maps: 'static:inbox/',
    virtual_uid_maps: `static:${NOBODY}`,
    virtual_gid_maps: `static:${NOBODY}`,
    smtpd_relay_restrictions: 'permit_mynetworks, reject_unauth_destination',
    smtpd_tls_cert_file: cert,
    smtpd_tls_key_file: key,
    maillog_file: join(base, 'maillog'),
    maillog_file_prefixes: base,
    alias_maps: '',
    alias_database: '',
    biff: 'no',
  };
  const lines = [...Object.entries(settings).map(([k, v]) => `${k} = ${v}`), ...main, ''];
  await writeFile(join(conf, 'main.cf'), lines.join('\n'));
  const service = (name: string, type: string, priv: string, limit: string, command: string) => `${name} ${type} ${priv} - n - ${limit} ${command}`;
  const master = [
    ...listeners.map((l) => `${service(`${l.host}:${l.port}`, 'inet', 'n', '-', 'smtpd')}${(l.overrides ?? []).map((o) => ` -o ${o}`).join('')}`),
    ...['pickup:n:1', 'cleanup:n:0', 'qmgr:n:1', 'rewrite:-:-:trivial-rewrite', 'bounce:-:0', 'defer:-:0:bounce', 'trace:-:0:bounce', 'verify:-:1', 'proxymap:-:-', 'error:-:-', 'retry:-:-:error', 'discard:-:-', 'anvil:-:1', 'scache:-:1', 'tlsmgr:-:1'].map((spec) => {
      const [name, priv, limit, command] = spec.split(':') as [string, string, string, string?];
      return service(name, 'unix', priv, limit, command ?? name);
    }),
    'virtual unix - n n - - virtual',
    'postlog unix-dgram n - n - 1 postlogd',
    '',
  ];
  await writeFile(join(conf, 'master.cf'), master.join('\n'));
  await run(POSTFIX, ['-c', conf, 'start']).catch((err: { stderr?: string; message: string }) => {
    throw new Error(`postfix -c ${conf} start failed: ${err.stderr || err.message}`);
  });
  const log = () => readFile(join(base, 'maillog'), 'utf8').catch(() => '');
  await waitFor(async () => (await log()).includes('daemon started'), 'Postfix to start', 20_000);
  const inbox = join(mail, 'inbox', 'new');
  return {
    cert,
    key,
    log,
    async messages() {
      const names = existsSync(inbox) ? (await readdir(inbox)).sort() : [];
      return Promise.all(names.map((n) => readFile(join(inbox, n), 'utf8')));
    },
    async stop() {
      await run(POSTFIX, ['-c', conf, 'stop']).catch(() => undefined);
      for (let i = 0; i < 100 && (await run(POSTFIX, ['-c', conf, 'status']).then(() => true, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
      await rm(base, { recursive: true, force: true });
    },
  };
}
