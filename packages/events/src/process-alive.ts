/** @module Whether the process that wrote a segment may still be writing it. */

/** True when a process with this pid exists (signal 0 only checks). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When this process started, in ms since the epoch. */
export function processStartMs(): number {
  return Date.now() - process.uptime() * 1000;
}
