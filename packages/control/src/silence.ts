/** @module Silences and acknowledgements as the monitor keeps them (layout.silenceStateFile), and reading that file. */
import { readFile } from 'node:fs/promises';

/** A silence: the emails of the targets it names are held back until `until`. */
export interface Silence {
  /** Made by whoever asked for it; only `A-Za-z0-9._-`. */
  id: string;
  /** Target names or `tag:NAME`; empty = every target. */
  targets: string[];
  /** When it ends (ISO 8601 with offset). */
  until: string;
  author: string;
  comment: string;
}

/** An acknowledgement of a target that is down; it lasts until the target is up. */
export interface Acknowledgement {
  target: string;
  author: string;
  comment: string;
  /** When it was made (ISO 8601 with offset). */
  time: string;
}

/** The file the monitor keeps; `held` is the monitor's own (DOWN alerts held back, sent when nothing holds them any more). */
export interface SilenceState {
  silences: Silence[];
  acknowledged: Acknowledgement[];
  held: unknown[];
}

/** The empty state (no file yet). */
export function emptySilenceState(): SilenceState {
  return { silences: [], acknowledged: [], held: [] };
}

const isText = (v: unknown): v is string => typeof v === 'string';
const isTexts = (v: unknown): v is string[] => Array.isArray(v) && v.every(isText);

function isSilence(v: unknown): v is Silence {
  const s = (v ?? {}) as Record<string, unknown>;
  return isText(s.id) && isTexts(s.targets) && isText(s.until) && Number.isFinite(Date.parse(s.until)) && isText(s.author) && isText(s.comment);
}

function isAcknowledgement(v: unknown): v is Acknowledgement {
  const a = (v ?? {}) as Record<string, unknown>;
  return isText(a.target) && isText(a.author) && isText(a.comment) && isText(a.time);
}

/** Reads the state file: empty when it does not exist yet; throws when it cannot be read or is not JSON. */
export async function readSilenceState(path: string): Promise<SilenceState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptySilenceState();
    throw new Error(`cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = (JSON.parse(text) ?? {}) as Record<string, unknown>;
  } catch {
    throw new Error(`${path} is not valid JSON; move it away and the monitor starts with no silences`);
  }
  return {
    silences: Array.isArray(doc.silences) ? doc.silences.filter(isSilence) : [],
    acknowledged: Array.isArray(doc.acknowledged) ? doc.acknowledged.filter(isAcknowledgement) : [],
    held: Array.isArray(doc.held) ? doc.held : [],
  };
}

/** Whether `silence` is in force at `now` (ms). */
export function silenceActive(silence: Silence, now: number): boolean {
  return Date.parse(silence.until) > now;
}
