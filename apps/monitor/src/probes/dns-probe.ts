/** @module DNS probe: asks the server `host` for `query`/`type`; up when it answers (with expect.addresses, those addresses). */
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { TargetConfig } from '@uptime/config';
import type { Probe, ProbeResult } from './probe.js';
import { resolveForCheck } from './resolve-address.js';
import { ioDeadline, type IoDeadline } from './io-deadline.js';

type RecordType = NonNullable<TargetConfig['type']>;

/** What an error code of node:dns means in a check's reason. */
const DNS_ERRORS: Record<string, string> = {
  ESERVFAIL: 'the server failed (SERVFAIL)',
  ENOTFOUND: 'no such name (NXDOMAIN)',
  ENODATA: 'no record of that type',
  EREFUSED: 'the server refused the query (REFUSED)',
  ECONNREFUSED: 'the server refused the connection',
  EFORMERR: 'the server found the query malformed (FORMERR)',
  EBADRESP: 'a malformed answer',
};

/** Asks `resolver` and gives each answer as one line of text (addresses, "10 mx1.lab.test", TXT strings joined). */
async function ask(resolver: Resolver, type: RecordType, query: string): Promise<string[]> {
  switch (type) {
    case 'A':
      return resolver.resolve4(query);
    case 'AAAA':
      return resolver.resolve6(query);
    case 'MX':
      return (await resolver.resolveMx(query)).map((mx) => `${mx.priority} ${mx.exchange}`);
    case 'TXT':
      return (await resolver.resolveTxt(query)).map((parts) => parts.join(''));
    case 'CNAME':
      return resolver.resolveCname(query);
    case 'PTR':
      return isIP(query) ? resolver.reverse(query) : resolver.resolvePtr(query);
  }
}

/** The server as node:dns takes it: "127.0.0.1:5353", "[::1]:5353". */
const serverOf = (address: string, port: number) => (isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`);

/** Creates the DNS probe. */
export function createDnsProbe(): Probe {
  return {
    kind: 'dns',
    async check(target: TargetConfig, timeoutMs: number): Promise<ProbeResult> {
      const deadline = performance.now() + timeoutMs;
      const { address, failed } = await resolveForCheck(target.host, timeoutMs);
      if (failed) return failed;
      const type = target.type ?? 'A';
      const query = target.query ?? '';
      const started = performance.now();
      // c-ares's own time-out comes later: the deadline below decides, after reading what has come
      const resolver = new Resolver({ timeout: Math.max(Math.ceil(deadline - started), 1) + 1000, tries: 1 });
      resolver.setServers([serverOf(address, target.port ?? 53)]);
      let expiry: IoDeadline | undefined;
      const timedOut = new Promise<never>((_resolve, reject) => {
        expiry = ioDeadline(Math.max(deadline - started, 1), () => reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })));
      });
      try {
        const answers = await Promise.race([ask(resolver, type, query), timedOut]);
        const rttMs = performance.now() - started;
        const missing = (target.expect?.addresses ?? []).filter((want) => !answers.includes(want));
        if (missing.length > 0) return { ok: false, address, rttMs, error: `expected ${type} ${query} to answer ${target.expect?.addresses?.join(', ')}, got ${answers.join(', ') || 'nothing'}` };
        return { ok: true, address, rttMs };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? '';
        const why = code === 'ETIMEOUT' ? `no answer within ${timeoutMs} ms` : (DNS_ERRORS[code] ?? (err as Error).message);
        return { ok: false, address, error: `${type} ${query}: ${why}` };
      } finally {
        expiry?.cancel();
        resolver.cancel();
      }
    },
    close() {},
  };
}
