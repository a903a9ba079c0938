import { describe, expect, it } from 'vitest';
import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataLayout } from './layout.js';
import { loadOrCreateSubmissionCredentials, submissionCredentialsPath } from './submission-credentials.js';

const freshLayout = async () => dataLayout(join(await mkdtemp(join(tmpdir(), 'creds-')), 'data'));

describe('loadOrCreateSubmissionCredentials', () => {
  it('creates the credentials once, 0600 in a 0700 directory, and returns the same ones after', async () => {
    const layout = await freshLayout();
    const first = await loadOrCreateSubmissionCredentials(layout);
    expect(first.user).toBe('uptime-monitor');
    expect(first.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const path = submissionCredentialsPath(layout);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(layout.root, 'secrets'))).mode & 0o777).toBe(0o700);
    expect(await loadOrCreateSubmissionCredentials(layout)).toEqual(first);
    expect(await readdir(join(layout.root, 'secrets'))).toEqual(['submission.json']);
  });

  it('gives 50 concurrent callers one and the same password', async () => {
    const layout = await freshLayout();
    const all = await Promise.all(Array.from({ length: 50 }, () => loadOrCreateSubmissionCredentials(layout)));
    expect(new Set(all.map((c) => c.password)).size).toBe(1);
    expect(await readdir(join(layout.root, 'secrets'))).toEqual(['submission.json']);
  });

  it('refuses a damaged file with a message that says what to do', async () => {
    const layout = await freshLayout();
    await loadOrCreateSubmissionCredentials(layout);
    await writeFile(submissionCredentialsPath(layout), '{"user":"x"}');
    await expect(loadOrCreateSubmissionCredentials(layout)).rejects.toThrow(/no valid "user" and "password"; delete it/);
  });
});
