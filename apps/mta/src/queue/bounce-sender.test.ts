import { describe, expect, it } from 'vitest';
import { bounceRecipient, type BounceSettings } from './bounce-sender.js';

const settings: BounceSettings = { hostname: 'sensor.lab', localDomains: ['localhost'], postmaster: 'admin@localhost', mailboxes: new Set(['admin', 'uptime']), relayEnabled: true };

describe('bounceRecipient', () => {
  it.each([
    ['uptime@localhost', false, settings, 'uptime@localhost'],
    ['stranger@localhost', true, settings, 'admin@localhost'],
    ['sensor1@central.test', true, settings, 'sensor1@central.test'],
    ['someone@elsewhere.test', false, settings, 'admin@localhost'],
    ['sensor1@central.test', true, { ...settings, relayEnabled: false }, 'admin@localhost'],
    ['user%other@central.test', true, settings, 'admin@localhost'],
  ])('sends the DSN for %s (authenticated: %s) to the right place', (sender, authenticated, s, to) => {
    expect(bounceRecipient(sender, s, authenticated).address).toBe(to);
  });
});
