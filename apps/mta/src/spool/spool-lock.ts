/**
 * @module One process at a time works the spool: a running MTA or an offline `queue flush`. The lock is
 * flock(2) on <spool>/lock, so the kernel releases it when its holder dies, however it dies; the file
 * also names the holder (pid and role) for messages and for `queue flush` to signal the MTA.
 */
import { openSync, closeSync, ftruncateSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { flockSync } from 'fs-ext';
import { MTA_ERROR_CODES, MtaError } from '../errors.js';

/** Who holds the spool, as written in <spool>/lock. */
export interface LockHolder {
  pid: number;
  role: 'mta' | 'flush';
}

/** How long a start waits for a holder that is exiting (killed, a zombie not yet reaped) to let go. */
const EXIT_WAIT_MS = 10_000;
const POLL_MS = 50;
/** SIGKILL's bit in /proc/<pid>/status SigPnd and ShdPnd. */
const SIGKILL_BIT = 1n << 8n;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes the lock on `fd` without waiting; false when another open file holds it. */
function tryLock(fd: number): boolean {
  try {
    flockSync(fd, 'exnb');
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EAGAIN' || (err as NodeJS.ErrnoException).code === 'EWOULDBLOCK') return false;
    throw err;
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' ? holder : undefined;
  } catch {
    return undefined; // empty while a new holder writes it, or left by an old version
  }
}

/** True when the process is gone, a zombie, or has SIGKILL pending: it holds the lock only until the kernel finishes it. */
export function isExiting(pid: number): boolean {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return true;
  }
  const field = (name: string) => new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(status)?.[1];
  if (/^[ZX]/.test(field('State') ?? '')) return true;
  return ['SigPnd', 'ShdPnd'].some((name) => (BigInt(`0x${field(name) ?? '0'}`) & SIGKILL_BIT) !== 0n);
}

/** The process that holds the spool, or undefined when none does. */
export async function lockHolder(spoolRoot: string): Promise<LockHolder | undefined> {
  const path = join(spoolRoot, 'lock');
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    for (let waited = 0; ; waited += POLL_MS) {
      if (tryLock(fd)) return undefined; // free (closing the file below lets go of it again)
      const holder = readHolder(path);
      if (holder || waited >= 1000) return holder;
      await sleep(POLL_MS); // the holder is still writing its name
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Takes the spool for this process; the result releases it. A holder that is exiting is waited for
 * (up to 10 s); one that runs is named in the error.
 */
export async function lockSpool(spoolRoot: string, role: LockHolder['role'], exitWaitMs = EXIT_WAIT_MS): Promise<() => Promise<void>> {
  const path = join(spoolRoot, 'lock');
  const fd = openSync(path, 'a+', 0o600); // never unlinked: a lock on a removed file would lock nothing
  try {
    for (let waited = 0; !tryLock(fd); waited += POLL_MS) {
      const holder = readHolder(path);
      if (holder && !isExiting(holder.pid)) throw lockedBy(spoolRoot, holder);
      if (!holder && waited >= 1000) throw new MtaError(MTA_ERROR_CODES.SPOOL_LOCKED, `the spool ${spoolRoot} is locked by a process that does not say who it is in ${path}; stop it first`);
      if (waited >= exitWaitMs) {
        throw new MtaError(MTA_ERROR_CODES.SPOOL_LOCKED, `the spool ${spoolRoot} is still locked by ${holder ? `pid ${holder.pid}` : 'another process'}, which did not exit within ${exitWaitMs / 1000} s`);
      }
      await sleep(POLL_MS);
    }
    ftruncateSync(fd, 0);
    writeSync(fd, `${JSON.stringify({ pid: process.pid, role } satisfies LockHolder)}\n`, 0);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    ftruncateSync(fd, 0);
    closeSync(fd); // closing the last descriptor of the open file releases the flock
  };
}

function lockedBy(spoolRoot: string, holder: LockHolder): MtaError {
  const what = holder.role === 'mta' ? 'a running MTA' : '`uptime-mta queue flush`';
  return new MtaError(MTA_ERROR_CODES.SPOOL_LOCKED, `the spool ${spoolRoot} is in use by ${what} (pid ${holder.pid}); stop it first`);
}
