/** @module Who may AUTH: the shared submission credentials, plus users added with `uptime-mta user add` (scrypt hashes, 0600). */
import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurable } from '@uptime/durable-fs';
import type { SubmissionCredentials } from '@uptime/config';
import { MTA_ERROR_CODES, MtaError } from '../errors.js';

/** One stored user: an scrypt hash of the password, never the password. */
interface StoredUser {
  salt: string;
  hash: string;
  /** scrypt cost parameter. */
  N: number;
  added: string;
}

type UserFile = { users: Record<string, StoredUser> };

const USER_NAME = /^[A-Za-z0-9._@+-]{1,64}$/;
const COST = 16384;

function scrypt(password: string, salt: Buffer, N: number): Promise<Buffer> {
  const options: ScryptOptions = { N, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCallback(password, salt, 32, options, (err, key) => (err ? reject(err) : resolve(key))));
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** <dataDir>/secrets/mta-users.json */
export function usersFilePath(root: string): string {
  return join(root, 'secrets', 'mta-users.json');
}

/** Reads the users file; an absent file has no users. */
export async function readUsers(root: string): Promise<UserFile> {
  try {
    const parsed = JSON.parse(await readFile(usersFilePath(root), 'utf8')) as UserFile;
    return { users: parsed.users ?? {} };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { users: {} };
    throw err;
  }
}

async function writeUsers(root: string, file: UserFile): Promise<void> {
  await mkdir(join(root, 'secrets'), { recursive: true, mode: 0o700 });
  await writeFileDurable(usersFilePath(root), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
}

/** Adds or replaces a user; the password is kept only as an scrypt hash. */
export async function addUser(root: string, name: string, password: string): Promise<void> {
  if (!USER_NAME.test(name)) throw new MtaError(MTA_ERROR_CODES.BAD_USER, `"${name}" is not a user name (1-64 of A-Z a-z 0-9 . _ @ + -)`);
  if (password.length < 8) throw new MtaError(MTA_ERROR_CODES.BAD_USER, 'the password is too short (at least 8 characters)');
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, COST);
  const file = await readUsers(root);
  file.users[name] = { salt: salt.toString('base64'), hash: hash.toString('base64'), N: COST, added: new Date().toISOString() };
  await writeUsers(root, file);
}

/** Removes a user; false when there was none of that name. */
export async function deleteUser(root: string, name: string): Promise<boolean> {
  const file = await readUsers(root);
  if (!file.users[name]) return false;
  delete file.users[name];
  await writeUsers(root, file);
  return true;
}

/** Checks AUTH credentials against the submission credentials and the users file (re-read when it changes). */
export class UserStore {
  private cache?: { mtimeMs: number; file: UserFile };

  constructor(
    private readonly root: string,
    private readonly submission?: SubmissionCredentials,
  ) {}

  /** True when `user` and `password` match; compares in constant time. */
  async verify(user: string, password: string): Promise<boolean> {
    const sub = this.submission;
    if (sub && user === sub.user) return timingSafeEqual(digest(password), digest(sub.password));
    const stored = (await this.users()).users[user];
    if (!stored) return false;
    const hash = await scrypt(password, Buffer.from(stored.salt, 'base64'), stored.N);
    const expected = Buffer.from(stored.hash, 'base64');
    return expected.length === hash.length && timingSafeEqual(hash, expected);
  }

  private async users(): Promise<UserFile> {
    const mtimeMs = await stat(usersFilePath(this.root)).then(
      (s) => s.mtimeMs,
      () => -1,
    );
    if (mtimeMs === -1) return { users: {} };
    if (this.cache?.mtimeMs !== mtimeMs) this.cache = { mtimeMs, file: await readUsers(this.root) };
    return this.cache.file;
  }
}
