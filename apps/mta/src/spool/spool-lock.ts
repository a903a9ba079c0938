/** @module One process at a time works the spool: a running MTA or an offline `queue flush`. */
import { open, readFile, unlink } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MTA_ERROR_CODES, MtaError } from '../errors.js';

/** Who holds the spool, as written in <spool>/lock. */
export interface LockHolder {
  pid: number;
  /** Start time of the process (Linux /proc), so a reused pid is not taken for the holder. */
  startTime?: string;
  role: 'mta' | 'flush';
}

/** The start time of a process from /proc/<pid>/stat, if the system has /proc. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isRunning(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return holder.startTime === undefined || processStartTime(holder.pid) === holder.startTime;
}

/** The process that holds the spool, or undefined when none runs. */
export async function lockHolder(spoolRoot: string): Promise<LockHolder | undefined> {
  try {
    const holder = JSON.parse(await readFile(join(spoolRoot, 'lock'), 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' && isRunning(holder) ? holder : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the spool for this process (removing a lock left by a dead one); the result releases it. */
export async function lockSpool(spoolRoot: string, role: LockHolder['role']): Promise<() => Promise<void>> {
  const path = join(spoolRoot, 'lock');
  const me: LockHolder = { pid: process.pid, startTime: processStartTime(process.pid), role };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(`${JSON.stringify(me)}\n`);
      await handle.close();
      return async () => {
        const current = await readFile(path, 'utf8').catch(() => '');
        if (current.includes(`"pid":${process.pid},`)) await unlink(path).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await lockHolder(spoolRoot);
    if (holder) {
      const what = holder.role === 'mta' ? 'a running MTA' : '`uptime-mta queue flush`';
      throw new MtaError(MTA_ERROR_CODES.SPOOL_LOCKED, `the spool ${spoolRoot} is in use by ${what} (pid ${holder.pid}); stop it first`);
    }
    await unlink(path).catch(() => undefined); // left by a process that died
  }
  throw new MtaError(MTA_ERROR_CODES.SPOOL_LOCKED, `cannot take the lock ${path}; remove it if no uptime-mta runs`);
}
