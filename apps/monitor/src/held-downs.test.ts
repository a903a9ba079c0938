import { describe, expect, it } from 'vitest';
import type { HostDownEvent, HostUpEvent, Suppression } from '@uptime/events';
import { HeldDowns } from './held-downs.js';

const down = (target: string, suppressed?: Suppression): HostDownEvent => ({ id: `d-${target}`, time: '2026-12-07T10:00:00Z', code: 'HOST_DOWN', hosts: [], message: '', target, before: 'up', after: 'down', ...(suppressed ? { suppressed } : {}) });
const up = (target: string): HostUpEvent => ({ id: `u-${target}`, time: '2026-12-07T10:01:00Z', code: 'HOST_UP', hosts: [], message: '', target, before: 'down', after: 'up' });

function lab(status: Record<string, boolean | undefined>, holding: Set<string>) {
  const sent: string[] = [];
  const held = new HeldDowns({
    holds: (name) => holding.has(name),
    isDown: (name) => status[name],
    sendDown: async (event) => void sent.push(event.target),
    onProblem: () => undefined,
  });
  return { held, sent };
}

describe('HeldDowns', () => {
  it('sends the DOWN of a target still down once nothing holds it; none for one that came back or is not held', async () => {
    const holding = new Set(['a', 'b', 'c']);
    const { held, sent } = lab({ a: true, b: false, c: true, d: true, e: true }, holding);
    held.noted(down('a', 'maintenance'), '127.0.0.1');
    held.noted(down('b', 'silence'), '127.0.0.2');
    held.noted(down('c', 'silence'), '127.0.0.3');
    held.noted(down('d'), '127.0.0.4'); // sent when it happened
    held.noted(down('e', 'acknowledged'), '127.0.0.5'); // an acknowledgement is not ended by time
    held.noted(up('b'), '127.0.0.2');
    await held.release();
    expect(sent).toEqual([]); // still held
    holding.clear();
    await held.release();
    expect(sent).toEqual(['a', 'c']);
    await held.release();
    expect(sent).toEqual(['a', 'c']); // once
  });

  it('keeps a target whose status is not known yet (not checked since the start), and survives a restart', async () => {
    const status: Record<string, boolean | undefined> = { a: undefined };
    const first = lab(status, new Set(['a']));
    first.held.noted(down('a', 'silence'), '127.0.0.1');
    const second = lab(status, new Set());
    second.held.restore([...first.held.entries(), { junk: true }]);
    await second.held.release();
    expect(second.sent).toEqual([]);
    status.a = true;
    await second.held.release();
    expect(second.sent).toEqual(['a']);
  });
});
