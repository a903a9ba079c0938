import { describe, expect, it } from 'vitest';
import type { HostDownEvent, HostUpEvent } from '@uptime/events';
import { composeAlert, formatDuration } from './alert-message.js';

const down: HostDownEvent = {
  id: '20261121T100000.000Z-monitor-1',
  time: '2026-11-21T10:00:00.000+00:00',
  code: 'HOST_DOWN',
  hosts: ['192.0.2.1'],
  message: 'gateway (192.0.2.1) is down.',
  target: 'gateway',
  before: 'up',
  after: 'down',
};

describe('composeAlert', () => {
  it('has the subject, body and header of the contract for DOWN', () => {
    const mail = composeAlert(down, { from: 'uptime@localhost', to: ['admin@localhost'], hostname: 'sensor.lab', sensor: 'lab-b' });
    expect(mail.subject).toBe('[uptime] gateway 192.0.2.1 is DOWN');
    expect(mail.headers['X-Uptime-Event-Id']).toBe(down.id);
    expect(mail.headers['X-Uptime-Sensor']).toBe('lab-b');
    expect(mail.text).toContain('Sensor:   lab-b\n');
    expect(mail.messageId).toBe(`<${down.id}@sensor.lab>`);
    expect(mail.text).toContain('gateway');
    expect(mail.text).toContain('Address:  192.0.2.1');
    expect(mail.text).toContain('up -> down');
    expect(mail.text).toContain('2026-11-21T10:00:00.000+00:00');
    expect(mail.text).toContain(`HOST_DOWN (id ${down.id})`);
    expect(mail.text).not.toContain('Outage');
  });

  it('states the outage for UP and escapes the target name in HTML', () => {
    const up: HostUpEvent = { ...down, code: 'HOST_UP', before: 'down', after: 'up', outageSeconds: 3723, target: '<b>lab</b>' };
    const mail = composeAlert(up, { from: 'uptime@localhost', to: ['admin@localhost'], hostname: 'sensor.lab', sensor: '<i>s</i>' });
    expect(mail.subject).toBe('[uptime] <b>lab</b> 192.0.2.1 is UP');
    expect(mail.text).toContain('Outage:   1 h 2 min 3 s (3723 seconds)');
    expect(mail.html).toContain('&lt;b&gt;lab&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>lab</b>');
    expect(mail.html).toContain('<th align="left">Sensor</th><td>&lt;i&gt;s&lt;/i&gt;</td>');
  });

  it('formats durations', () => {
    expect(formatDuration(0.4)).toBe('0 s');
    expect(formatDuration(61)).toBe('1 min 1 s');
  });

  it('links to the viewer: the status row, and for a DOWN the page to acknowledge it', () => {
    const options = { from: 'uptime@localhost', to: ['admin@localhost'], hostname: 'sensor.lab', sensor: 's', viewerBase: 'https://sensor.lab' };
    const mail = composeAlert(down, options);
    const status = `https://sensor.lab/status#target-${Buffer.from('gateway').toString('base64url')}`;
    expect(mail.text).toContain(`Status:   ${status}\nAck:      https://sensor.lab/status?ack=gateway`);
    expect(mail.html).toContain(`<a href="https://sensor.lab/status?ack=gateway">`);
    const up = composeAlert({ ...down, code: 'HOST_UP', before: 'down', after: 'up' } as HostUpEvent, options);
    expect(up.text).toContain(`Status:   ${status}`);
    expect(up.text).not.toContain('?ack=');
    expect(composeAlert(down, { ...options, viewerBase: undefined }).text).not.toContain('https://');
  });
});
