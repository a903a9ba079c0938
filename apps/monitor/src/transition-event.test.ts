import { describe, expect, it } from 'vitest';
import type { TargetConfig } from '@uptime/config';
import { ipAddresses, transitionEvent } from './transition-event.js';

const target = (host: string) => ({ name: 'gw', host, probe: 'icmp' }) as TargetConfig;

describe('transitionEvent', () => {
  it('lists the probed IP address in hosts', () => {
    expect(transitionEvent(target('127.0.0.51'), '127.0.0.51', { before: 'up', after: 'down', time: 0 }).hosts).toEqual(['127.0.0.51']);
    expect(transitionEvent(target('::1'), '::1', { before: 'down', after: 'up', time: 0, outageSeconds: 3 }).hosts).toEqual(['::1']);
  });

  it('leaves hosts empty for a name that did not resolve, naming it in the message', () => {
    const event = transitionEvent(target('nowhere.invalid'), 'nowhere.invalid', { before: 'unknown', after: 'down', time: 0 }, 'cannot resolve');
    expect(event.hosts).toEqual([]);
    expect(event.message).toContain('nowhere.invalid');
  });

  it('carries the time of the transition, not the time it is recorded', () => {
    const at = Date.parse('2026-03-01T10:00:00.123Z');
    const event = transitionEvent(target('127.0.0.51'), '127.0.0.51', { before: 'up', after: 'down', time: at });
    expect(Date.parse(event.time as string)).toBe(at);
  });

  it('keeps only IP addresses for MONITOR_STARTED', () => {
    expect(ipAddresses(['127.0.0.51', 'gateway.lab', '::1', 'localhost'])).toEqual(['127.0.0.51', '::1']);
  });
});
