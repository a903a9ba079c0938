import { describe, expect, it } from 'vitest';
import { targetLinks, viewerBase } from './viewer-links.js';

describe('viewerBase', () => {
  it.each<[string, { url: string; listen: { host: string; port: number } }, string | undefined]>([
    ['viewer.url set', { url: 'https://sensor.lab/uptime', listen: { host: '0.0.0.0', port: 8025 } }, 'https://sensor.lab/uptime'],
    ['unset, loopback listen', { url: 'http://127.0.0.1:8025', listen: { host: '127.0.0.1', port: 8025 } }, 'http://127.0.0.1:8025'],
    ['unset, ::1', { url: 'http://[::1]:8025', listen: { host: '::1', port: 8025 } }, 'http://[::1]:8025'],
    ['unset, listening on every address: no link', { url: 'http://0.0.0.0:8025', listen: { host: '0.0.0.0', port: 8025 } }, undefined],
  ])('%s', (_what, viewer, expected) => {
    expect(viewerBase(viewer)).toBe(expected);
  });
});

describe('targetLinks', () => {
  it('links the status row and the acknowledge page, the name encoded', () => {
    expect(targetLinks('https://sensor.lab', 'core switch/1')).toEqual({
      status: `https://sensor.lab/status#target-${Buffer.from('core switch/1').toString('base64url')}`,
      acknowledge: 'https://sensor.lab/status?ack=core%20switch%2F1',
    });
  });
});
