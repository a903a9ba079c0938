/** @module Checks what people ask for (a silence, an acknowledgement) before it becomes a request: errors name the field and what to give. */
import { randomBytes } from 'node:crypto';
import { formatDuration, parseDuration } from '@uptime/config';
import { isoLocal } from '@uptime/events';
import type { Silence } from './silence.js';

/** A request that cannot be made as given; `field` names what was wrong (the API answers 400). */
export class ControlInputError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'ControlInputError';
  }
}

/** A target as silences match it. */
export interface KnownTarget {
  name: string;
  tags: readonly string[];
}

export interface SilenceContext {
  author: string;
  /** Wall-clock ms (the silence starts now). */
  now: number;
  /** The targets there are; when given, a silence naming none of them is refused. */
  known?: readonly KnownTarget[];
}

/** The longest silence: a year (a lab that forgets one should see it end). */
export const MAX_SILENCE_MS = 366 * 86_400_000;
const MAX_COMMENT = 1000;
const SILENCE_KEYS = new Set(['targets', 'until', 'duration', 'comment']);

/** A new silence id: time and randomness, only `A-Za-z0-9._-`. */
export function newSilenceId(now = Date.now()): string {
  return `s-${now.toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** True when `id` can name a silence (and so is safe in a path, a URL and a shell). */
export function isSilenceId(id: string): boolean {
  return /^[A-Za-z0-9._-]{1,100}$/.test(id) && !/^\.+$/.test(id);
}

/** Checks an optional comment. */
export function commentFrom(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new ControlInputError('comment', 'expected text');
  if (value.length > MAX_COMMENT) throw new ControlInputError('comment', `longer than ${MAX_COMMENT} characters`);
  return value.trim();
}

function targetsFrom(value: unknown, known: readonly KnownTarget[] | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ControlInputError('targets', 'expected a list of target names or tag:NAME (empty = every target)');
  const targets = value.map((t, i) => {
    if (typeof t !== 'string' || t.trim() === '') throw new ControlInputError(`targets[${i}]`, 'expected a target name or tag:NAME');
    const name = t.trim();
    if (name === 'tag:') throw new ControlInputError(`targets[${i}]`, 'tag: needs a tag name (tag:core)');
    if (known && known.length > 0) {
      const found = name.startsWith('tag:') ? known.some((k) => k.tags.includes(name.slice(4))) : known.some((k) => k.name === name);
      if (!found) throw new ControlInputError(`targets[${i}]`, name.startsWith('tag:') ? `no target has the tag ${JSON.stringify(name.slice(4))}` : `no target is named ${JSON.stringify(name)}`);
    }
    return name;
  });
  return [...new Set(targets)];
}

function untilFrom(input: Record<string, unknown>, now: number): string {
  const { until, duration } = input;
  if (until !== undefined && duration !== undefined) throw new ControlInputError('until', 'give until or duration, not both');
  let end: number;
  if (duration !== undefined) {
    const ms = parseDuration(duration);
    if (ms === undefined || ms <= 0) throw new ControlInputError('duration', `${JSON.stringify(duration)} is not a duration (like "30m", "2h", "1d")`);
    end = now + ms;
  } else if (until !== undefined) {
    end = typeof until === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(until) ? Date.parse(until) : NaN;
    if (!Number.isFinite(end)) throw new ControlInputError('until', `${JSON.stringify(until)} is not an ISO 8601 time (like "2026-12-24T08:00:00+01:00")`);
    if (end <= now) throw new ControlInputError('until', `${until} has passed; give a time to come`);
  } else {
    throw new ControlInputError('duration', 'give until (an ISO 8601 time) or duration (like "2h")');
  }
  if (end - now > MAX_SILENCE_MS) throw new ControlInputError(duration !== undefined ? 'duration' : 'until', `a silence lasts at most ${formatDuration(MAX_SILENCE_MS)}`);
  return isoLocal(new Date(end));
}

/** The silence that `input` ({targets, until | duration, comment}, as POST /api/silences takes it) asks for. */
export function silenceFromInput(input: unknown, { author, now, known }: SilenceContext): Silence {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ControlInputError('body', 'expected an object {"targets":[...],"duration":"2h","comment":"..."}');
  }
  const fields = input as Record<string, unknown>;
  const unknown = Object.keys(fields).find((k) => !SILENCE_KEYS.has(k));
  if (unknown !== undefined) throw new ControlInputError(unknown, 'unknown field (expected targets, until, duration, comment)');
  return { id: newSilenceId(now), targets: targetsFrom(fields.targets, known), until: untilFrom(fields, now), author, comment: commentFrom(fields.comment) };
}
