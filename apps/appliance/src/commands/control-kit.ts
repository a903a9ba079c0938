/** @module What `silence` and `ack` share: who is asking, and handing a request to the monitor (which owns the state) with word of what became of it. */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { readParts, type DataLayout } from '@uptime/config';
import { writeControlRequest, type ControlRequest } from '@uptime/control';

/** The author of what this command does: the OS user name. */
export function osAuthor(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** Whether a monitor runs on this data directory. */
export function monitorRunning(layout: DataLayout): boolean {
  return readParts(layout).some((p) => p.part === 'monitor' && p.up);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Leaves `request` for the monitor and says on the terminal what became of it: applied (the monitor took
 * it within `waitMs`), or waiting for the monitor's next start. Resolves true when it was applied.
 */
export async function submitRequest(layout: DataLayout, request: ControlRequest, done: string, waitMs = 5000): Promise<boolean> {
  const path = await writeControlRequest(layout.controlRequests, request);
  if (!monitorRunning(layout)) {
    process.stdout.write(`${done}: waiting for the monitor, which is not running; it is applied at its next start (request ${path})\n`);
    return false;
  }
  for (const start = Date.now(); Date.now() - start < waitMs; await sleep(100)) {
    if (!existsSync(path)) {
      process.stdout.write(`${done}\n`);
      return true;
    }
  }
  process.stdout.write(`${done}: the monitor has not applied it yet (is it busy?); it stays in ${path} until it does\n`);
  return false;
}
