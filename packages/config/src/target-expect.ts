/** @module A target's `expect` (what a check must see to count as up) and the keys that belong to each probe. */
import { accessSync, constants } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { checkDuration, durationUpTo, quoted } from './schema-values.js';

const STATUS = /^[1-5](?:\d\d|xx|\dx)$/i;

/** Accepted HTTP statuses: one or a list of codes (200) and classes ("2xx"), each kept as its three characters. */
const statusPatterns = z.unknown().transform((value, ctx) => {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'is an empty list; give a status or leave it out' });
    return z.NEVER;
  }
  const patterns: string[] = [];
  list.forEach((item, i) => {
    const text = typeof item === 'number' ? String(item) : item;
    if (typeof text === 'string' && STATUS.test(text)) patterns.push(text.toLowerCase());
    else ctx.addIssue({ code: 'custom', path: Array.isArray(value) ? [i] : [], message: `${quoted(item)} is not an HTTP status (a code like 200 or a class like "2xx")` });
  });
  return patterns;
});

/** A JSONPath and the value found there. */
const jsonExpectation = z.strictObject({
  path: z.string({ error: (i) => `${quoted(i.input)} is not a JSONPath` }).regex(/^\$/, { error: (i) => `${quoted(i.input)} is not a JSONPath (it starts with "$", e.g. "$.status")` }),
  equals: z.union([z.string(), z.number(), z.boolean(), z.null()], { error: (i) => `${quoted(i.input)} is not a string, number, true, false or null` }),
});

const ipAddress = z.string({ error: (i) => `${quoted(i.input)} is not a string` }).refine((v) => isIP(v) !== 0, {
  error: (i) => `${quoted(i.input)} is not an IP address`,
});

/** What a check must see: http uses status, body, json and maxResponseTime; dns uses addresses. */
export const expectSchema = z.strictObject({
  status: statusPatterns.optional(),
  body: z.string({ error: (i) => `${quoted(i.input)} is not a string` }).min(1, { error: 'is empty; give the text the body must contain' }).optional(),
  json: jsonExpectation.optional(),
  maxResponseTime: checkDuration.optional(),
  addresses: z.array(ipAddress).min(1, { error: 'is an empty list; give an address or leave it out' }).optional(),
});

/** A PEM file of CA certificates that must be readable now (a missing file is refused at start, not at the first check). */
export const caFile = z.string({ error: (i) => `${quoted(i.input)} is not a file path` }).transform((path, ctx) => {
  try {
    accessSync(path, constants.R_OK);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `${quoted(path)} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); give a PEM file of CA certificates` });
    return z.NEVER;
  }
  return path;
});

/** How long before its end a certificate is reported: at least a minute, at most ten years. */
export const certificateExpiry = durationUpTo(3650 * 86_400_000, '3650d').refine((ms) => ms >= 60_000, { error: 'must be at least 1m (e.g. "14d")' });

/** The keys of a target that only some probes read. */
interface ProbeKeys {
  probe: string;
  url?: string;
  expect?: z.output<typeof expectSchema>;
  ca?: string;
  verifyCertificate?: boolean;
  certificateExpiry?: number;
  query?: string;
  type?: string;
}

const HTTP_EXPECT = ['status', 'body', 'json', 'maxResponseTime'] as const;

/** Refuses keys that the target's probe would ignore, naming the probe that reads them. */
export function checkProbeKeys(t: ProbeKeys, ctx: z.RefinementCtx): void {
  const refuse = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  for (const key of HTTP_EXPECT) {
    if (t.expect?.[key] !== undefined && t.probe !== 'http') refuse(['expect', key], `is for http probes; this target's probe is ${t.probe}`);
  }
  for (const key of ['query', 'type'] as const) {
    if (t[key] !== undefined && t.probe !== 'dns') refuse([key], `is for dns probes; this target's probe is ${t.probe}`);
  }
  if (t.expect?.addresses !== undefined && t.probe !== 'dns') refuse(['expect', 'addresses'], `is for dns probes; this target's probe is ${t.probe}`);
  const tls = t.probe === 'tls' || (t.probe === 'http' && t.url?.startsWith('https:') === true);
  for (const key of ['ca', 'verifyCertificate', 'certificateExpiry'] as const) {
    if (t[key] !== undefined && !tls) refuse([key], `is for tls probes and https URLs; this target checks ${t.url ?? t.probe}`);
  }
}
