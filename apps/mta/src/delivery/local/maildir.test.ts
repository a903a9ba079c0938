import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { deliverToMaildir } from './maildir.js';

const tempMailRoot = async () => join(await mkdtemp(join(tmpdir(), 'maildir-')), 'mail');

describe('deliverToMaildir', () => {
  it('creates the mailbox and lands the exact bytes in new/, leaving tmp/ empty', async () => {
    const root = await tempMailRoot();
    const data = Buffer.concat([Buffer.from('Subject: hi\r\n\r\n'), randomBytes(4096), Buffer.from('\r\n')]);
    const { id, path } = await deliverToMaildir(root, 'admin', data);
    expect(path).toBe(join(root, 'admin', 'new', id));
    expect(basename(path)).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(await readFile(path)).toEqual(data);
    expect((await readdir(join(root, 'admin'))).sort()).toEqual(['cur', 'new', 'tmp']);
    expect(await readdir(join(root, 'admin', 'tmp'))).toEqual([]);
    expect(await readdir(join(root, 'admin', 'cur'))).toEqual([]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('gives 1,000 parallel deliveries 1,000 distinct files', async () => {
    const root = await tempMailRoot();
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => deliverToMaildir(root, 'bulk', Buffer.from(`message ${i}\r\n`))),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1000);
    expect((await readdir(join(root, 'bulk', 'new'))).length).toBe(1000);
    expect(await readdir(join(root, 'bulk', 'tmp'))).toEqual([]);
    const sample = results[537];
    expect(sample && (await readFile(sample.path, 'utf8'))).toBe('message 537\r\n');
  });

  it('refuses a mailbox name that could leave the mail directory', async () => {
    const root = await tempMailRoot();
    for (const bad of ['..', '../etc', 'a/b', '.hidden', '']) {
      await expect(deliverToMaildir(root, bad, Buffer.from('x'))).rejects.toThrow(/not a safe mailbox name/);
    }
  });
});
