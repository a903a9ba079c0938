/** @module The config file's schema: every key, its default and what a valid value is. */
import { checkWindowTargets, maintenanceSchema } from './maintenance-schema.js';
import { alertPolicyKeys, checkRouteTargets, emailAddress } from './alert-policy-schema.js';
import { z } from 'zod';
import { parseSize } from './size.js';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { formatListen, parseListen } from './address.js';
import { checkDuration, duration, hostName, positiveInt, quoted, timerDuration } from './schema-values.js';
import { applyMonitorRules } from './monitor-rules.js';
import { expandHosts, subnetSchema, targetsFileSchema } from './target-hosts.js';
import { caFile, certificateExpiry, checkProbeKeys, expectSchema } from './target-expect.js';

const size = z.unknown().transform((value, ctx) => {
  const bytes = parseSize(value);
  if (bytes === undefined) {
    ctx.addIssue({ code: 'custom', message: `${quoted(value)} is not a size (use "50MB", "512KB" or bytes)` });
    return z.NEVER;
  }
  return bytes;
});

/** Consecutive results before a change: beyond this a target would in practice never change (1e12 checks). */
const MAX_THRESHOLD = 1000;

const email = emailAddress;

/** A Maildir mailbox name (mta.mailboxes): a local part of a-z, 0-9, ".", "_", "+" and "-"; lower-cased. */
const mailboxName = z
  .string({ error: (i) => `${quoted(i.input)} is not a string` })
  .transform((v) => v.toLowerCase())
  .refine((v) => /^[a-z0-9_+-][a-z0-9._+-]{0,63}$/.test(v) && !v.includes('..'), {
    error: (i) => `${quoted(i.input)} is not a mailbox name (a local part of up to 64 characters: a-z, 0-9, ".", "_", "+", "-", no leading dot)`,
  });

const listen = z.string({ error: (i) => `${quoted(i.input)} is not a string` }).transform((value, ctx) => {
  const parsed = parseListen(value);
  if (!parsed) {
    ctx.addIssue({ code: 'custom', message: `${quoted(value)} is not an address:port (e.g. "127.0.0.1:2525")` });
    return z.NEVER;
  }
  return parsed;
});

/** viewer.url: an http(s) URL without query or fragment, kept without a trailing slash. */
const viewerUrl = z.string({ error: (i) => `${quoted(i.input)} is not a string` }).transform((value, ctx) => {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash) {
    ctx.addIssue({ code: 'custom', message: `${quoted(value)} is not an http(s) URL without credentials, query or fragment (e.g. "https://sensor.lab")` });
    return z.NEVER;
  }
  return url.href.replace(/\/+$/, '');
});

/** A scrypt hash as `uptime-sensor hash-password` prints it: `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64). */
const PASSWORD_HASH = /^\$scrypt\$ln=\d{1,2},r=\d{1,2},p=\d{1,2}\$[A-Za-z0-9+/]{16,}={0,2}\$[A-Za-z0-9+/]{32,}={0,2}$/;

/** True for an address that only this machine can reach. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A target name: printable text on one line; control characters would forge lines of alert bodies and logs, bidi overrides reverse what people read. */
const PRINTABLE_NAME = /^[^\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]{1,200}$/u;

const targetName = z.string({ error: (i) => `${quoted(i.input)} is not a target name` }).min(1);

const targetSchema = z
  .strictObject({
    name: z
      .string({ error: (i) => `${quoted(i.input)} is not a target name` })
      .regex(PRINTABLE_NAME, { error: (i) => `${quoted(i.input)} is not a target name (1-200 printable characters on one line: no control or bidirectional-override characters)` })
      .optional(),
    probe: z.enum(['icmp', 'tcp', 'http', 'tls', 'dns'], { error: (i) => `${quoted(i.input)} is not a probe (icmp, tcp, http, tls or dns)` }).default('icmp'),
    host: hostName.optional(),
    /** A subnet ("192.0.2.64/29", at most /20): one target per usable address, named <name>-<address>. */
    hosts: subnetSchema.optional(),
    port: z.number().int().min(1).max(65535).optional(),
    url: z.url({ protocol: /^https?$/, error: (i) => `${quoted(i.input)} is not an http(s) URL` }).optional(),
    /** This target's own time between checks (default monitor.interval); its timeout must fit in it. */
    interval: checkDuration.optional(),
    timeout: checkDuration.optional(),
    /** dns: the name to ask the server `host` for (an IP address for a PTR record). */
    query: hostName.optional(),
    /** dns: the record type asked for (default A). */
    type: z.enum(['A', 'AAAA', 'MX', 'TXT', 'CNAME', 'PTR'], { error: (i) => `${quoted(i.input)} is not a record type (A, AAAA, MX, TXT, CNAME or PTR)` }).optional(),
    /** What a check must see to count as up (http: status, body, json, maxResponseTime; dns: addresses). */
    expect: expectSchema.optional(),
    /** https/tls: PEM CA certificate(s) to trust instead of the system's (a lab CA, a self-signed server). */
    ca: caFile.optional(),
    /** https/tls: false accepts any certificate (expired, self-signed, another name); default true. */
    verifyCertificate: z.boolean({ error: (i) => `${quoted(i.input)} is not true or false` }).optional(),
    /** https/tls: a certificate that expires within this raises CERT_EXPIRING and one email a day. */
    certificateExpiry: certificateExpiry.optional(),
    /** Labels that group targets: `tag:NAME` in maintenance windows (and routes) names every target with it. */
    tags: z
      .array(z.string({ error: (i) => `${quoted(i.input)} is not a tag` }).regex(/^[A-Za-z0-9._-]{1,64}$/, { error: (i) => `${quoted(i.input)} is not a tag (1-64 letters, digits, ".", "_" or "-")` }), {
        error: (i) => `${quoted(i.input)} is not a list of tags`,
      })
      .optional(),
    /** The target(s) this one is reached through (a name or a list): while one is down, this one is `unreachable`. */
    parent: z
      .union([targetName, z.array(targetName).min(1, { error: 'is an empty list; give a target name or leave parent out' })], {
        error: (i) => `${quoted(i.input)} is not a target name or a list of them`,
      })
      .transform((p) => (Array.isArray(p) ? p : [p]))
      .optional(),
  })
  .superRefine((t, ctx) => {
    if (t.probe === 'http' && !t.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'is required for an http probe' });
    if (t.probe !== 'http' && !t.host && !t.hosts) ctx.addIssue({ code: 'custom', path: ['host'], message: `is required for an ${t.probe} probe (or hosts: a subnet)` });
    if (t.hosts && (t.host || t.probe === 'http')) ctx.addIssue({ code: 'custom', path: ['hosts'], message: t.host ? 'and host are both set; give one' : 'is not for http probes (they check a url)' });
    if (t.probe === 'dns' && !t.query) ctx.addIssue({ code: 'custom', path: ['query'], message: 'is required for a dns probe (the name to ask for)' });
    if ((t.probe === 'tcp' || t.probe === 'tls') && !t.port) ctx.addIssue({ code: 'custom', path: ['port'], message: `is required for a ${t.probe} probe` });
    checkProbeKeys(t, ctx);
  })
  .transform((t) =>
    expandHosts(t).map((one) => {
      const host = one.host ?? (one.url ? new URL(one.url).hostname.replace(/^\[|\]$/g, '') : '');
      return { ...one, host, name: one.name ?? host };
    }),
  );

const filePath = z.string({ error: (i) => (i.input === undefined ? 'is required (a file path)' : `${quoted(i.input)} is not a file path`) }).min(1, { error: 'is empty; give a file path' });

const portNumber = z.unknown().transform((value, ctx) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    ctx.addIssue({ code: 'custom', message: `${Number.isNaN(value) ? 'a value that is not a number' : quoted(value)} is not a port number (1-65535)` });
    return z.NEVER;
  }
  return value;
});

/** A DNS server for mta.relay.dnsServers: "127.0.0.1", "127.0.0.1:5353", "::1" or "[::1]:5353". */
const dnsServer = z.string({ error: (i) => `${quoted(i.input)} is not a string` }).refine(
  (v) => isIP(v) !== 0 || (parseListen(v) !== undefined && isIP(parseListen(v)?.host ?? '') !== 0),
  { error: (i) => `${quoted(i.input)} is not an IP address or IP:port of a DNS server` },
);

const smarthostSchema = z.strictObject({
  host: hostName.default('smtp.example.org'),
  port: portNumber.default(587),
  secure: z.enum(['starttls', 'tls', 'none'], { error: (i) => `${quoted(i.input)} is not starttls, tls or none` }).default('starttls'),
  /** false for a relay that takes mail without AUTH; otherwise credentials come from the environment or a prompt. */
  auth: z.boolean({ error: (i) => `${quoted(i.input)} is not true or false` }).default(true),
  /** The login, when not given by SMTP_USERNAME or BURNER_EMAIL_ADDRESS; the password never goes in the config. */
  user: z.string({ error: (i) => `${quoted(i.input)} is not a string` }).min(1).optional(),
  /** PEM CA certificate(s) to trust for a lab relay with its own CA or a self-signed certificate (instead of the system's CAs). */
  ca: filePath.optional(),
});

const retrySchema = z.strictObject({
  /** Delay before the first retry of deferred mail; it doubles after each attempt. */
  first: duration.prefault('1m'),
  /** The longest delay between two attempts. */
  max: duration.prefault('1h'),
  /** Mail still undelivered after this long is bounced. */
  lifetime: duration.prefault('5d'),
});

const dkimSchema = z.strictObject({
  domain: hostName,
  selector: z.string({ error: (i) => `${quoted(i.input)} is not a string` }).regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*$/, {
    error: (i) => `${quoted(i.input)} is not a DKIM selector (letters, digits, "-" and ".")`,
  }),
  /** PEM private key; made (RSA 2048, mode 0600) at first start when the file does not exist. Default <dataDir>/secrets/dkim-<selector>.key. */
  keyFile: filePath.optional(),
});

/** A sensor's name as alerts show it: one line of printable text. */
const sensorName = z.string({ error: (i) => `${quoted(i.input)} is not a string` }).regex(/^[^\x00-\x1f\x7f]{1,100}$/, {
  error: (i) => `${quoted(i.input)} is not a sensor name (1-100 characters on one line)`,
});

/** The machine's host name, the default sensor name. */
const machineName = () => hostname().replace(/[\x00-\x1f\x7f]/g, '').slice(0, 100) || 'sensor';

export const configSchema = z.strictObject({
  dataDir: z.string().min(1).default('./data'),
  sensor: z
    .strictObject({
      /** Which sensor saw a change: in every alert (a `Sensor:` line and `X-Uptime-Sensor`). Default: the machine's host name. */
      name: sensorName.default(machineName),
    })
    .prefault({}),
  monitor: z
    .strictObject({
      interval: checkDuration.prefault('2s'),
      /** Unset: 1 s, or 5 s for http probes. At most monitor.interval. */
      timeout: checkDuration.optional(),
      /** Consecutive failed checks before up -> down: one lost packet never pages anyone. */
      failureThreshold: positiveInt(`a whole number from 1 to ${MAX_THRESHOLD} (for a slower verdict, lengthen retryInterval)`, MAX_THRESHOLD).default(3),
      /** After a failed check the next one comes this soon, not at the next slot, so a failure is confirmed quickly. Unset: 500ms, or the interval when shorter. */
      retryInterval: checkDuration.optional(),
      successThreshold: positiveInt(`a whole number from 1 to ${MAX_THRESHOLD}`, MAX_THRESHOLD).default(1),
      targets: z.array(targetSchema).default([]),
      /** A file of more targets: one address or host name a line, `#` comments (like fping -f); each an icmp target. */
      targetsFile: targetsFileSchema.optional(),
    })
    .transform(({ targetsFile, ...m }) => ({ ...m, targets: [...m.targets.flat(), ...(targetsFile ?? []).flatMap((host) => targetSchema.parse({ name: host, host }))] }))
    .transform(applyMonitorRules)
    .prefault({}),
  logs: z
    .strictObject({
      /** monitor.log, connection_log.csv and notifications.log are rotated when they reach this size. */
      maxBytes: size.refine((b) => b >= 4096, { error: 'must be at least 4KB' }).prefault('50MB'),
      /** Rotated files kept (name.1 ... name.<keep>); 0 keeps none. */
      keep: z.number({ error: (i) => `${quoted(i.input)} is not a whole number` }).int().min(0).max(1000).default(5),
    })
    .prefault({}),
  events: z
    .strictObject({
      /** Old event segments are removed whole; both off by default. */
      retention: z
        .strictObject({
          maxAgeDays: positiveInt('a whole number of days of at least 1').optional(),
          maxBytes: positiveInt('a whole number of bytes of at least 1').optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  alerts: z
    .strictObject({
      to: z.array(email).min(1, { error: 'needs at least one recipient' }).default(['admin@localhost']),
      from: email.default('uptime@localhost'),
      /** Changes that follow an alert within this window are held and sent as one digest at its end; 0 = one email per change. */
      groupWait: timerDuration.prefault('10s'),
      ...alertPolicyKeys,
    })
    .prefault({}),
  maintenance: maintenanceSchema,
  mta: z
    .strictObject({
      listen: listen.prefault('127.0.0.1:2525'),
      hostname: hostName.default('sensor.lab'),
      localDomains: z.array(hostName).default(['localhost']),
      /** Where bounces of mail from non-local senders go. */
      postmaster: email.default('admin@localhost'),
      /** Local parts that take mail for every local domain, besides those of alerts.to, mta.postmaster and postmaster. */
      mailboxes: z.array(mailboxName).default([]),
      /** STARTTLS certificate and key (PEM files); without them a self-signed pair is made at first start. */
      tls: z.strictObject({ cert: filePath, key: filePath }).optional(),
      maxMessageSize: positiveInt('a whole number of bytes of at least 1').default(25 * 1024 * 1024),
      maxRecipients: positiveInt('a whole number of at least 1').default(100),
      maxClients: positiveInt('a whole number of at least 1').default(100),
      /** Sessions one client address may hold at once (Postfix's smtpd_client_connection_count_limit). */
      clientConnectionLimit: positiveInt('a whole number of at least 1').default(50),
      idleTimeout: timerDuration.prefault('5m'),
      /** The idle timeout while sessions exceed 80% of a limit (Postfix's stress mode: smtpd_timeout 10s). */
      stressIdleTimeout: timerDuration.prefault('10s'),
      /** The longest a session may last (the appliance's own submission excepted). */
      sessionTimeout: timerDuration.prefault('30m'),
      /** Bytes a second a client must keep up in DATA, after one idle timeout (Postfix's smtpd_min_data_rate). */
      minDataRate: positiveInt('a whole number of bytes a second of at least 1').default(500),
      /** MAIL, RCPT and DATA get 452 4.3.1 while the spool's file system has less free (Postfix's queue_minfree); 0 = off. */
      queueMinFree: size.prefault('100MB'),
      relay: z
        .strictObject({
          mode: z.enum(['local', 'mx', 'smarthost'], { error: (i) => `${quoted(i.input)} is not a relay mode (local, mx or smarthost)` }).default('local'),
          dnsServers: z.array(dnsServer).default([]),
          /** The port of remote MX hosts; 25 except in tests. */
          mxPort: portNumber.default(25),
          smarthost: smarthostSchema.prefault({}),
          retry: retrySchema.prefault({}),
          dkim: dkimSchema.optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  viewer: z
    .strictObject({
      listen: listen.prefault('127.0.0.1:8025'),
      /** How people reach the viewer (a TLS proxy in front, say); alert emails link to it. Default `http://<listen>`. */
      url: viewerUrl.optional(),
      auth: z
        .strictObject({
          user: z.string({ error: (i) => `${quoted(i.input)} is not a string` }).regex(/^[^:\s]{1,64}$/, { error: (i) => `${quoted(i.input)} is not a user name (1-64 characters, no colon or space)` }),
          passwordHash: z.string({ error: (i) => `${quoted(i.input)} is not a string` }).regex(PASSWORD_HASH, {
            error: 'is not a password hash; make one with `uptime-sensor hash-password`',
          }),
        })
        .optional(),
      retention: z
        .strictObject({
          maxMessages: positiveInt('a whole number of at least 1').optional(),
          maxAge: duration.optional(),
        })
        .prefault({}),
    })
    .superRefine((v, ctx) => {
      if (!v.auth && !isLoopback(v.listen.host)) {
        ctx.addIssue({
          code: 'custom',
          path: ['auth'],
          message: `is required when viewer.listen (${v.listen.host}) is not a loopback address: set viewer.auth.user and viewer.auth.passwordHash (from \`uptime-sensor hash-password\`)`,
        });
      }
    })
    .transform((v) => ({ ...v, url: v.url ?? `http://${formatListen(v.listen)}` }))
    .prefault({}),
}).superRefine((c, ctx) => {
  checkWindowTargets(c.maintenance, c.monitor.targets, ctx);
  checkRouteTargets(c.alerts.routes, c.monitor.targets, ctx);
});

/** The config as the appliance uses it: defaults applied, durations in milliseconds. */
export type AppConfig = z.output<typeof configSchema>;
export type TargetConfig = AppConfig['monitor']['targets'][number];
