import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser, deleteUser, UserStore, usersFilePath } from './user-store.js';

describe('UserStore', () => {
  it('accepts the submission credentials and added users, and keeps only hashes (0600)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'users-'));
    const store = new UserStore(root, { user: 'uptime-monitor', password: 'generated-password-123' });
    expect(await store.verify('uptime-monitor', 'generated-password-123')).toBe(true);
    expect(await store.verify('uptime-monitor', 'generated-password-124')).toBe(false);
    expect(await store.verify('alice', 'alice-password')).toBe(false);
    await addUser(root, 'alice', 'alice-password');
    expect(await store.verify('alice', 'alice-password')).toBe(true);
    expect(await store.verify('alice', 'Alice-password')).toBe(false);
    const file = await readFile(usersFilePath(root), 'utf8');
    expect(file).not.toContain('alice-password');
    expect((await stat(usersFilePath(root))).mode & 0o777).toBe(0o600);
    expect(await deleteUser(root, 'alice')).toBe(true);
    expect(await store.verify('alice', 'alice-password')).toBe(false);
  });

  it('refuses bad names and short passwords', async () => {
    const root = await mkdtemp(join(tmpdir(), 'users-'));
    await expect(addUser(root, 'a b', 'long-enough')).rejects.toThrow(/is not a user name/);
    await expect(addUser(root, 'bob', 'short')).rejects.toThrow(/too short/);
  });
});
