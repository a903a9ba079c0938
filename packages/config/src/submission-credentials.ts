/** @module The submission credentials the monitor and the MTA share: made at first start, kept 0600. */
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DataLayout } from './layout.js';

/** A user name and password for SMTP AUTH against the embedded MTA. */
export interface SubmissionCredentials {
  user: string;
  password: string;
}

/** The user name the generated credentials carry. */
export const SUBMISSION_USER = 'uptime-monitor';

/** Where the credentials live: <dataDir>/secrets/submission.json. */
export function submissionCredentialsPath(layout: DataLayout): string {
  return join(layout.root, 'secrets', 'submission.json');
}

function parse(text: string, path: string): SubmissionCredentials {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not valid JSON; delete it to have new submission credentials made`);
  }
  const { user, password } = (value ?? {}) as Partial<SubmissionCredentials>;
  if (typeof user !== 'string' || !user || typeof password !== 'string' || password.length < 16) {
    throw new Error(`${path} has no valid "user" and "password"; delete it to have new submission credentials made`);
  }
  return { user, password };
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes fresh credentials to a temp file and links it into place; EEXIST means another process won. */
async function create(path: string): Promise<void> {
  const credentials: SubmissionCredentials = { user: SUBMISSION_USER, password: randomBytes(24).toString('base64url') };
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(credentials)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, path); // fails with EEXIST if the file is there: creation is exclusive
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  await fsyncPath(dirname(path));
}

/**
 * Reads <dataDir>/secrets/submission.json, creating it with a random password at first use (file
 * 0600, directory 0700, written durably). Safe when several processes call it at once: all of them
 * get the same credentials.
 */
export async function loadOrCreateSubmissionCredentials(layout: DataLayout): Promise<SubmissionCredentials> {
  const path = submissionCredentialsPath(layout);
  const dir = dirname(path);
  if (await mkdir(dir, { recursive: true, mode: 0o700 })) await fsyncPath(dirname(dir));
  await chmod(dir, 0o700);
  try {
    return parse(await readFile(path, 'utf8'), path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await create(path);
  return parse(await readFile(path, 'utf8'), path);
}
