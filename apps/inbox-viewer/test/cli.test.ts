import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, killAll, launch, workDir } from './launch.js';

const run = promisify(execFile);

afterEach(killAll);

describe('uptime-inbox-viewer', () => {
  it('prints help with the shared options', async () => {
    const { stdout } = await run(process.execPath, [CLI, '--help']);
    expect(stdout).toContain('--config <file>');
    expect(stdout).toContain('--data-dir <dir>');
  });

  it('serves on viewer.listen, registers itself and stops cleanly on SIGINT and SIGTERM', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const cwd = await workDir('127.0.0.1:0');
      const viewer = launch(cwd);
      const url = await viewer.listening;
      const record = join(cwd, 'data', 'run', 'viewer.json');
      expect(JSON.parse(readFileSync(record, 'utf8'))).toMatchObject({ part: 'viewer', pid: viewer.child.pid, listen: url.slice('http://'.length) });
      const health = await fetch(`${url}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, parts: { viewer: { up: true } } });
      const keepAlive = await fetch(`${url}/`); // leaves an idle keep-alive connection open
      expect(keepAlive.headers.get('content-security-policy')).toContain("default-src 'none'");
      viewer.child.kill(signal);
      expect(await viewer.exited, signal).toBe(0);
      expect(existsSync(record)).toBe(false);
    }
  });

  it('exits 1 naming viewer.listen when the address is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const viewer = launch(await workDir(`127.0.0.1:${port}`));
      expect(await viewer.exited).toBe(1);
      expect(viewer.output().stderr).toMatch(new RegExp(`viewer: cannot listen on 127\\.0\\.0\\.1:${port} \\(viewer\\.listen\\): the address is already in use`));
    } finally {
      taken.close();
    }
  });

  it('exits 2 naming the key of a bad viewer.listen', async () => {
    const viewer = launch(await workDir('localhost:99999'));
    expect(await viewer.exited).toBe(2);
    expect(viewer.output().stderr).toContain('viewer.listen: "localhost:99999" is not an address:port');
  });

  it('refuses to listen beyond loopback without viewer.auth, exit 2 naming the key', async () => {
    const viewer = launch(await workDir('0.0.0.0:0'));
    expect(await viewer.exited).toBe(2);
    expect(viewer.output().stderr).toMatch(/viewer\.auth: is required when viewer\.listen \(0\.0\.0\.0\) is not a loopback address/);
  });

  it('hash-password prints a hash of the password on stdin that viewer.auth accepts', async () => {
    const child = execFile(process.execPath, [CLI, 'hash-password']);
    child.stdin?.end('correct horse battery\n');
    const out = await new Promise<string>((resolve) => {
      let text = '';
      child.stdout?.on('data', (c: Buffer) => (text += c.toString()));
      child.on('exit', () => resolve(text));
    });
    const hash = out.trim();
    expect(hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(out).not.toContain('correct horse');
    const cwd = await workDir('127.0.0.1:0', `  auth: { user: admin, passwordHash: "${hash}" }\n`);
    const url = await launch(cwd).listening;
    expect((await fetch(`${url}/api/health`)).status).toBe(401);
    const auth = `Basic ${Buffer.from('admin:correct horse battery').toString('base64')}`;
    expect((await fetch(`${url}/api/health`, { headers: { Authorization: auth } })).status).toBe(200);
  });

  it('hash-password fails without a password', async () => {
    const child = execFile(process.execPath, [CLI, 'hash-password']);
    child.stdin?.end('');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
  });
});
