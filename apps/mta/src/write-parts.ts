/** @module Writing several buffers to a file with as few system calls as the kernel allows (writev), the rest again after a short write. */
import type { FileHandle } from 'node:fs/promises';

/** Writes `parts` one after the other from `position` (the current file position when null); resolves once every byte is written. */
export async function writeParts(handle: FileHandle, parts: readonly Buffer[], position: number | null = null): Promise<number> {
  let rest = parts.filter((part) => part.length > 0);
  let written = 0;
  while (rest.length > 0) {
    const { bytesWritten } = await handle.writev(rest, position === null ? undefined : position + written);
    written += bytesWritten;
    rest = skip(rest, bytesWritten);
  }
  return written;
}

/** The parts left after the first `bytes` of them. */
function skip(parts: Buffer[], bytes: number): Buffer[] {
  let i = 0;
  let left = bytes;
  while (i < parts.length && left >= (parts[i] as Buffer).length) left -= (parts[i++] as Buffer).length;
  const rest = parts.slice(i);
  if (left > 0 && rest.length > 0) rest[0] = (rest[0] as Buffer).subarray(left);
  return rest;
}
