import { describe, expect, it } from 'vitest';
import { MailStore } from '../mail-store/mail-store.js';
import { tempDataDir } from '../test-support/maildir-fixture.js';
import { LiveHub } from './live-hub.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('LiveHub', () => {
  it('runs one polling loop after a reconnect during a tick, and none after the last listener leaves', async () => {
    const dir = tempDataDir();
    try {
      const store = new MailStore(dir.layout.mail);
      const refresh = store.index.refresh.bind(store.index);
      let inFlight = 0;
      let maxInFlight = 0;
      let calls = 0;
      let slowMs = 0;
      store.index.refresh = async () => {
        calls += 1;
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          await sleep(slowMs);
          return await refresh();
        } finally {
          inFlight -= 1;
        }
      };
      const hub = new LiveHub({ store, eventsDir: dir.layout.events, statusFile: dir.layout.statusFile, intervalMs: 10 });
      const stop = hub.subscribe(() => undefined);
      await sleep(50);
      slowMs = 100; // the next tick is still running when the listener leaves and a new one comes
      const busy = calls;
      while (calls === busy) await sleep(1);
      stop();
      const stopAgain = hub.subscribe(() => undefined);
      slowMs = 40;
      await sleep(250); // the old tick has ended (and, before the fix, started a second loop)
      maxInFlight = 0;
      await sleep(600);
      expect(maxInFlight).toBe(1);
      stopAgain();
      await sleep(100);
      const after = calls;
      await sleep(200);
      expect(calls).toBe(after);
    } finally {
      dir.remove();
    }
  });
});
