import { describe, expect, it } from 'vitest';
import type { FlappingEvent, HostDownEvent } from '@uptime/events';
import { composeFlapping, composeRepeat } from './policy-messages.js';

const options = { from: 'uptime@localhost', to: ['admin@localhost'], hostname: 'sensor.lab', sensor: 's', viewerBase: 'http://127.0.0.1:8025' };
const down: HostDownEvent = { id: 'e1', time: '2026-12-07T10:00:00.000+00:00', code: 'HOST_DOWN', hosts: ['192.0.2.1'], message: 'gw is down.', target: 'gw', before: 'up', after: 'down' };

describe('composeFlapping', () => {
  it('says FLAPPING in the subject, the percent in the body, links the status', () => {
    const event: FlappingEvent = { id: 'f1', time: down.time, code: 'FLAPPING_STARTED', hosts: ['192.0.2.1'], message: 'gw is flapping.', target: 'gw', percent: 35.53 };
    const mail = composeFlapping(event, options, '192.0.2.1');
    expect(mail.subject).toBe('[uptime] gw 192.0.2.1 is FLAPPING');
    expect(mail.text).toContain('35.53% (weighted) over the last 21 checks');
    expect(mail.text).toContain('Status:   http://127.0.0.1:8025/status#target-');
    expect(mail.headers['X-Uptime-Event-Id']).toBe('f1');
  });
});

describe('composeRepeat', () => {
  it.each<[string, Parameters<typeof composeRepeat>[3], string, string]>([
    ['a reminder', { kind: 'reminder', count: 2 }, '[uptime] gw 192.0.2.1 is DOWN (reminder)', '<e1.reminder-2@sensor.lab>'],
    ['an escalation', { kind: 'escalated', step: 0 }, '[uptime] gw 192.0.2.1 is DOWN (escalated)', '<e1.escalated-0@sensor.lab>'],
  ])('%s: the DOWN email with its subject marked and a Message-ID of its own', (_what, repeat, subject, messageId) => {
    const mail = composeRepeat(down, options, '192.0.2.1', repeat, '1 h');
    expect(mail.subject).toBe(subject);
    expect(mail.messageId).toBe(messageId);
    expect(mail.headers['X-Uptime-Event-Id']).toBe('e1');
    expect(mail.text).toMatch(/still down \(for 1 h\) and not acknowledged/);
    expect(mail.text).toContain('?ack=gw');
  });
});
