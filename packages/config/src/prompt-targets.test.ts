import { describe, expect, it } from 'vitest';
import { parseTargetAnswer } from './prompt-targets.js';

describe('parseTargetAnswer', () => {
  it('accepts IPv4 and IPv6 addresses separated by spaces or commas', () => {
    expect(parseTargetAnswer(' 127.0.0.1, ::1  127.0.0.51 ')).toEqual({ addresses: ['127.0.0.1', '::1', '127.0.0.51'] });
  });

  it('names the first invalid address, and asks for at least one', () => {
    expect(parseTargetAnswer('127.0.0.1 10.0.0.300').problem).toBe('"10.0.0.300" is not an IPv4 or IPv6 address; try again.');
    expect(parseTargetAnswer('   ').problem).toBe('Enter at least one IP address.');
  });
});
