import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CLI, cleanEnv, workDir } from './helpers/mta-process.js';
import { waitFor } from './helpers/peers.js';

const SCRIPT = '/usr/bin/script'; // util-linux: runs the MTA on a pseudo-terminal
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

const noScript = !existsSync(SCRIPT);
if (noScript) console.warn(`SKIPPED smarthost login prompt test: needs ${SCRIPT} from util-linux for a pseudo-terminal`);

describe.skipIf(noScript)('smarthost login on a terminal', () => {
  it('asks for the user and a hidden password, then starts with them', async () => {
    const cwd = await workDir('mta:\n  listen: "127.0.0.1:0"\n  relay: { mode: smarthost, smarthost: { host: 127.0.0.1, port: 2 } }\n');
    const secret = 'typed-secret-0815';
    const child = spawn(SCRIPT, ['-qec', `exec ${process.execPath} ${CLI} --data-dir data`, '/dev/null'], { cwd, env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    await waitFor(() => output.includes('User name for the smarthost 127.0.0.1:2:'), 'the user prompt');
    child.stdin?.write('tty-user\r');
    await waitFor(() => output.includes('Password for tty-user at 127.0.0.1:2 (not stored):'), 'the password prompt');
    child.stdin?.write(`${secret}\r`);
    await waitFor(() => output.includes('smarthost 127.0.0.1:2 (starttls, AUTH as tty-user)'), 'the start');
    expect(output).toContain('*'.repeat(secret.length));
    expect(output).not.toContain(secret);
  });
});
