/** @module Tests of the effective config printout: secrets never shown, everything else as loaded. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { effectiveConfigYaml, redactSecrets } from './effective-config.js';
import { loadConfig } from './load-config.js';

describe('redactSecrets', () => {
  it.each([
    [{ viewer: { auth: { user: 'admin', passwordHash: '$scrypt$x' } } }, { viewer: { auth: { user: 'admin', passwordHash: '***' } } }],
    [{ a: [{ token: 't', keyFile: '/k' }] }, { a: [{ token: '***', keyFile: '/k' }] }],
    [{ smarthost: { user: 'u', password: 'p', host: 'h' } }, { smarthost: { user: 'u', password: '***', host: 'h' } }],
  ])('%j -> %j', (input, expected) => {
    expect(redactSecrets(input)).toEqual(expected);
  });
});

describe('effectiveConfigYaml', () => {
  it('names the environment credentials that are set, the passwords as ***', () => {
    const loaded = loadConfig({ cwd: '/nonexistent', env: { BURNER_EMAIL_ADDRESS: 'me@example.org', BURNER_EMAIL_PASSWORD: 'sekret' } });
    const yaml = effectiveConfigYaml(loaded);
    expect(yaml).toContain('#   BURNER_EMAIL_ADDRESS=me@example.org');
    expect(yaml).toContain('#   BURNER_EMAIL_PASSWORD=***');
    expect(yaml).not.toContain('sekret');
    expect(yaml).toMatch(/^mta:\n  listen: 127\.0\.0\.1:2525$/m);
  });

  it('is a config file that loads back to the same config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uptime-effective-'));
    const first = join(dir, 'first.yaml');
    writeFileSync(first, 'monitor:\n  interval: 3s\n  targets: [{ name: gw, host: 127.0.0.1, probe: tcp, port: 22 }]\nmta:\n  listen: "[::1]:2626"\n');
    const loaded = loadConfig({ cwd: dir, env: {}, flags: { config: first } });
    const second = join(dir, 'second.yaml');
    writeFileSync(second, effectiveConfigYaml(loaded));
    expect(loadConfig({ cwd: dir, env: {}, flags: { config: second } }).config).toEqual(loaded.config);
  });
});
