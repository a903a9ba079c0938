/**
 * @module The digest email of `alerts.groupWait`: one line per target that changed in the window (time,
 * name, address, before -> after), a change undone within it listed once as a flap, the counts in the
 * subject and every event id in `X-Uptime-Event-Ids`. Pure: changes in, message out.
 */
import type { AlertMessage, AlertOptions, BehindTarget, TransitionEvent } from '../alerts/alert-message.js';
import { behindHtml, behindText, escapeHtml } from '../alerts/alert-message.js';

/** A change held for the digest: its recorded event and the address its alert shows. */
export interface HeldChange {
  event: TransitionEvent;
  address: string;
  /** A target that went down: the targets unreachable behind it. */
  behind?: BehindTarget[];
  /** Who is still to be told of it, when some of its recipients were told at once (see alert-dispatch); else all of them. */
  to?: string[];
}

/** One line of the digest: a target's changes within the window, collapsed. */
export interface DigestLine {
  time: string;
  target: string;
  address: string;
  /** The statuses in order: `up -> down`, or `up -> down -> up` for a flap. */
  path: string[];
  /** The targets unreachable behind it, from its latest DOWN. */
  behind: BehindTarget[];
}

/** The targets' changes in the order they first changed; a target that changed back and forth is one line. */
export function digestLines(changes: readonly HeldChange[]): DigestLine[] {
  const byTarget = new Map<string, DigestLine>();
  for (const { event, address, behind = [] } of changes) {
    const line = byTarget.get(event.target);
    if (!line) byTarget.set(event.target, { time: event.time, target: event.target, address, path: [event.before, event.after], behind });
    else {
      if (line.path[line.path.length - 1] !== event.after) line.path.push(event.after);
      if (event.after === 'down') line.behind = behind;
    }
  }
  return [...byTarget.values()];
}

const flapped = (line: DigestLine) => line.path.length > 2;
const lastStatus = (line: DigestLine) => line.path[line.path.length - 1];

/** `[uptime] <n> changes: <d> DOWN, <u> UP` (plus `, <r> unreachable`), counting each line by its last status. */
export function digestSubject(lines: readonly DigestLine[]): string {
  const count = (status: string) => lines.filter((l) => lastStatus(l) === status).length;
  const unreachable = lines.reduce((sum, l) => sum + (lastStatus(l) === 'down' ? l.behind.length : 0), 0);
  return `[uptime] ${lines.length} changes: ${count('down')} DOWN, ${count('up')} UP${unreachable ? `, ${unreachable} unreachable` : ''}`;
}

const behindNote = (l: DigestLine) => (l.behind.length && lastStatus(l) === 'down' ? `  (${l.behind.length} behind it unreachable)` : '');
const lineText = (l: DigestLine) => `${l.time}  ${l.target}  ${l.address}  ${l.path.join(' -> ')}${flapped(l) ? '  (flapped)' : ''}${behindNote(l)}`;
/** For each line that went down with targets behind it: which they are. */
const withBehind = (lines: readonly DigestLine[]) => lines.filter((l) => l.behind.length && lastStatus(l) === 'down');

/** Builds the digest of `changes` (at least one), oldest first, for `options.to`. */
export function composeDigest(changes: readonly HeldChange[], options: AlertOptions): AlertMessage {
  const lines = digestLines(changes);
  const ids = changes.map((c) => c.event.id);
  const first = ids[0] ?? 'digest';
  const intro = `${changes.length} status change(s) of ${lines.length} target(s) seen by ${options.sensor}, held back and sent together:`;
  const behind = withBehind(lines).map((l) => `\nBehind ${l.target} ${l.address}:${behindText(l.behind)}`).join('');
  const text = `${intro}\n\n${lines.map(lineText).join('\n')}\n${behind}\nEvents: ${ids.join(' ')}\n`;
  const rows = lines
    .map((l) => `<tr><td>${escapeHtml(l.time)}</td><td>${escapeHtml(l.target)}</td><td>${escapeHtml(l.address)}</td><td>${escapeHtml(l.path.join(' -> '))}${flapped(l) ? ' (flapped)' : ''}${escapeHtml(behindNote(l))}</td></tr>`)
    .join('');
  const behindLists = withBehind(lines).map((l) => `<h3>Behind ${escapeHtml(l.target)} ${escapeHtml(l.address)}</h3>${behindHtml(l.behind)}`).join('');
  const html =
    `<!doctype html><html><body style="font-family:sans-serif"><p>${escapeHtml(intro)}</p>` +
    `<table cellpadding="4"><tr><th align="left">Time</th><th align="left">Target</th><th align="left">Address</th><th align="left">Change</th></tr>${rows}</table>${behindLists}</body></html>`;
  return {
    eventId: first,
    from: options.from,
    to: options.to,
    subject: digestSubject(lines),
    text,
    html,
    messageId: `<digest-${first}@${options.hostname}>`,
    headers: { 'X-Uptime-Event-Ids': ids.join(' '), 'X-Uptime-Sensor': options.sensor },
    targets: lines.map((l) => l.target),
  };
}
