/** @module The live status of every target, read from the file the monitor keeps (layout.statusFile). */
import { readFile } from 'node:fs/promises';
import { HTTPException } from 'hono/http-exception';
import { HOST_STATUSES, type HostStatus } from '@uptime/events';

/** One check of the recent history: when, whether it answered, and its round-trip time. */
export interface RecentCheck {
  t: string;
  ok: boolean;
  rttMs: number | null;
}

/** One target as `GET /api/status` answers it; `lossPercent` and `recent` when the monitor reports them. */
export interface TargetStatus {
  name: string;
  host: string;
  status: HostStatus;
  since: string | null;
  rttMs: number | null;
  /** The targets it is reached through, and its tags. */
  parents: string[];
  tags: string[];
  /** What holds its emails back now: a silence, an acknowledgement, flapping. */
  silenced: boolean;
  acknowledged: boolean;
  flapping: boolean;
  lossPercent?: number;
  recent?: RecentCheck[];
}

/** What the status page shows besides: the probe, the time of the last check, why it failed and the certificate's expiry. */
export interface TargetDetail extends TargetStatus {
  probe: string | null;
  lastCheck: string | null;
  lastError: string | null;
  certificateExpires: string | null;
}

const STATUS_WORDS: ReadonlySet<string> = new Set(HOST_STATUSES);
const texts = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const text = (v: unknown) => (typeof v === 'string' ? v : null);
const finite = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function toRecent(raw: unknown): RecentCheck | undefined {
  const r = (raw ?? {}) as Record<string, unknown>;
  const t = text(r.t);
  return t !== null && typeof r.ok === 'boolean' ? { t, ok: r.ok, rttMs: finite(r.rttMs) } : undefined;
}

function toTarget(raw: unknown): TargetDetail {
  const t = (raw ?? {}) as Record<string, unknown>;
  const loss = finite(t.lossPercent);
  return {
    name: text(t.name) ?? '',
    host: text(t.host) ?? '',
    status: STATUS_WORDS.has(t.status as string) ? (t.status as TargetStatus['status']) : 'unknown',
    since: text(t.since),
    rttMs: finite(t.rttMs),
    parents: texts(t.parents),
    tags: texts(t.tags),
    silenced: t.silenced === true,
    acknowledged: t.acknowledged === true,
    flapping: t.flapping === true,
    ...(loss !== null ? { lossPercent: loss } : {}),
    ...(Array.isArray(t.recent) ? { recent: t.recent.map(toRecent).filter((r): r is RecentCheck => r !== undefined).slice(-120) } : {}),
    probe: text(t.probe),
    lastCheck: text(t.lastCheck),
    lastError: text(t.lastError),
    certificateExpires: text(t.certificateExpires),
  };
}

/** The targets in the status file with everything the page shows; none when the monitor has not written it (yet). */
export async function readTargetDetails(statusFile: string): Promise<TargetDetail[]> {
  let content: string;
  try {
    content = await readFile(statusFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new HTTPException(503, { message: `status file ${statusFile} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch {
    throw new HTTPException(503, { message: `status file ${statusFile} is not valid JSON; the monitor rewrites it at its next check` });
  }
  const targets = (doc as { targets?: unknown } | null)?.targets;
  return Array.isArray(targets) ? targets.map(toTarget) : [];
}

/** The targets as the API answers them. */
export async function readTargetStatus(statusFile: string): Promise<TargetStatus[]> {
  return (await readTargetDetails(statusFile)).map(({ probe: _p, lastCheck: _l, lastError: _e, certificateExpires: _c, ...status }) => status);
}
