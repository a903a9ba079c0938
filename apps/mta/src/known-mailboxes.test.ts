import { describe, expect, it } from 'vitest';
import { loadConfig } from '@uptime/config';
import { knownMailboxes } from './known-mailboxes.js';

describe('knownMailboxes', () => {
  it('takes the local parts of alerts.to and mta.postmaster in local domains, postmaster and mta.mailboxes', () => {
    const { config } = loadConfig({ cwd: '/nonexistent', env: {} });
    config.alerts.to = ['Ops@Lab.Test', 'oncall@elsewhere.example', 'admin@localhost'];
    config.mta.localDomains = ['localhost', 'lab.test'];
    config.mta.postmaster = 'hostmaster@lab.test';
    config.mta.mailboxes = ['noc'];
    expect([...knownMailboxes(config)].sort()).toEqual(['admin', 'hostmaster', 'noc', 'ops', 'postmaster']);
  });
});

describe('knownMailboxes with routes and escalations', () => {
  it('takes the local recipients of alerts.routes and alerts.escalate too', () => {
    const { config } = loadConfig({ cwd: '/nonexistent', env: {} });
    config.alerts.routes = [{ targets: ['tag:core'], to: ['Net-Team@localhost', 'far@elsewhere.example'] }];
    config.alerts.escalate = [{ after: 60_000, to: ['oncall@localhost'] }];
    expect([...knownMailboxes(config)].sort()).toEqual(['admin', 'net-team', 'oncall', 'postmaster']);
  });
});
