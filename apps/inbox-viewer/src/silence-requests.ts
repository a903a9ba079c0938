/**
 * @module What the viewer does with silences and acknowledgements: it never edits them (the monitor owns
 * them); it checks what people ask for and leaves a request for the monitor. Shared by the API and the
 * form posts.
 */
import { access } from 'node:fs/promises';
import { HTTPException } from 'hono/http-exception';
import type { DataLayout } from '@uptime/config';
import {
  commentFrom,
  ControlInputError,
  isSilenceId,
  pendingControlRequests,
  readSilenceState,
  silenceActive,
  silenceFromInput,
  writeControlRequest,
  type Silence,
} from '@uptime/control';
import { isoLocal } from '@uptime/events';
import { readTargetDetails } from './status-source.js';

/** A silence as the pages show it: `waiting` until the monitor has applied it. */
export interface ListedSilence extends Silence {
  waiting: boolean;
}

const badInput = (err: unknown): never => {
  if (err instanceof ControlInputError) throw new HTTPException(400, { message: err.message });
  throw err;
};

/** The silences in force (the monitor's), and those waiting for it to apply them when `withWaiting`. */
export async function listSilences(layout: DataLayout, withWaiting = false): Promise<ListedSilence[]> {
  const now = Date.now();
  let state;
  try {
    state = await readSilenceState(layout.silenceStateFile);
  } catch (err) {
    throw new HTTPException(503, { message: (err as Error).message });
  }
  const applied = state.silences.filter((s) => silenceActive(s, now)).map((s) => ({ ...s, waiting: false }));
  if (!withWaiting) return applied;
  const pending = await pendingControlRequests(layout.controlRequests);
  const deleted = new Set(pending.flatMap((p) => (p.request?.kind === 'silence-delete' ? [p.request.id] : [])));
  const waiting = pending
    .flatMap((p) => (p.request?.kind === 'silence-add' ? [p.request.silence] : []))
    .filter((s) => silenceActive(s, now) && !applied.some((a) => a.id === s.id))
    .map((s) => ({ ...s, waiting: true }));
  return [...applied, ...waiting].filter((s) => !deleted.has(s.id));
}

/** A request left for the monitor: its file (gone once applied). */
export interface LeftRequest {
  path: string;
}

/** Waits until the monitor applied a request (its file is gone), at most `ms`; a monitor that is not running leaves it waiting. */
export async function waitApplied({ path }: LeftRequest, ms = 2000): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < ms; await new Promise((r) => setTimeout(r, 50))) {
    if (!(await access(path).then(() => true, () => false))) return true;
  }
  return false;
}

/** Checks a silence ({targets, until | duration, comment}) against the targets there are and leaves it for the monitor; resolves with its id. */
export async function requestSilence(layout: DataLayout, input: unknown, author: string): Promise<LeftRequest & { id: string }> {
  const known = (await readTargetDetails(layout.statusFile)).map((t) => ({ name: t.name, tags: t.tags }));
  let silence: Silence;
  try {
    silence = silenceFromInput(input, { author, now: Date.now(), known });
  } catch (err) {
    return badInput(err);
  }
  return { id: silence.id, path: await writeControlRequest(layout.controlRequests, { kind: 'silence-add', silence }) };
}

/** Leaves the deletion of a silence in force for the monitor (404 when there is none of that id). */
export async function requestSilenceDelete(layout: DataLayout, id: string, author: string): Promise<LeftRequest> {
  if (!isSilenceId(id) || !(await listSilences(layout, true)).some((s) => s.id === id)) {
    throw new HTTPException(404, { message: `no silence ${JSON.stringify(id)} in force; GET /api/silences lists them` });
  }
  return { path: await writeControlRequest(layout.controlRequests, { kind: 'silence-delete', id, author }) };
}

/** Leaves an acknowledgement of a target that is down for the monitor (404 for no such target, 409 when it is not down). */
export async function requestAck(layout: DataLayout, name: string, comment: unknown, author: string): Promise<LeftRequest> {
  const target = (await readTargetDetails(layout.statusFile)).find((t) => t.name === name);
  if (!target) throw new HTTPException(404, { message: `no target is named ${JSON.stringify(name)}; GET /api/status lists them` });
  if (target.status !== 'down') throw new HTTPException(409, { message: `${name} is ${target.status}, not down: only a target that is down can be acknowledged` });
  let text: string;
  try {
    text = commentFrom(comment);
  } catch (err) {
    return badInput(err);
  }
  return { path: await writeControlRequest(layout.controlRequests, { kind: 'ack', target: name, author, comment: text, time: isoLocal() }) };
}
