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
