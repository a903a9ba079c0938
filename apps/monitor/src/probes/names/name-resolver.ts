/**
 * @module Host names to addresses for checks: DNS through c-ares (not libuv's 4-thread pool), answers
 * kept for their TTL, failures for a moment, one query in flight per name, and every wait bounded by
 * the check's timeout.
 */
import { lookup, Resolver } from 'node:dns/promises';
import type { RecordWithTtl } from 'node:dns';
import { statSync } from 'node:fs';
import { HostsFile } from './hosts-file.js';
import { ioDeadline, type IoDeadline } from '../io-deadline.js';

export interface NameResolverOptions {
  /** Name servers to ask ("127.0.0.1:5353"); default: those of /etc/resolv.conf, re-read when it changes. */
  servers?: string[];
  /** The shortest and longest time an answer is kept, whatever its TTL says (default 1 s and 1 h). */
  minTtlMs?: number;
  maxTtlMs?: number;
  /** How long a failed lookup is remembered, so a dead name server is not asked at every check (default 1 s). */
  failureTtlMs?: number;
  /** Read before DNS (default /etc/hosts). */
  hostsFile?: string;
}

/** What is known of a name until `expiresAt` (performance.now() time): its address, or why it has none. */
interface Answer {
  address?: string;
  error?: string;
  expiresAt: number;
}

type DnsError = Error & { code?: string };

const REASONS: Record<string, string> = {
  ENOTFOUND: 'no such name (ENOTFOUND)',
  ENODATA: 'no A or AAAA record (ENODATA)',
  ETIMEOUT: 'the name servers did not answer (ETIMEOUT)',
  ESERVFAIL: 'the name server failed (ESERVFAIL)',
  EREFUSED: 'the name server refused the query (EREFUSED)',
  ECONNREFUSED: 'no name server listening (ECONNREFUSED)',
};

const SYSTEM_RESOLV_CONF = '/etc/resolv.conf';
const RESOLV_CONF_RECHECK_MS = 5000;

/** Resolves names for checks; one instance serves every probe. */
export class NameResolver {
  private resolver: Resolver;
  private readonly hosts: HostsFile;
  private readonly cache = new Map<string, Answer>();
  private readonly inFlight = new Map<string, Promise<Answer>>();
  private readonly minTtlMs: number;
  private readonly maxTtlMs: number;
  private readonly failureTtlMs: number;
  /** Names DNS does not know go to lookup (nsswitch) only with the system's servers: with others (a test's) lookup would ask elsewhere. */
  private readonly useLookup: boolean;
  private resolvConfMtime = -1;
  private resolvConfCheckedAt = -Infinity;

  constructor(private readonly options: NameResolverOptions = {}) {
    this.minTtlMs = options.minTtlMs ?? 1000;
    this.maxTtlMs = options.maxTtlMs ?? 3_600_000;
    this.failureTtlMs = options.failureTtlMs ?? 1000;
    this.useLookup = options.servers === undefined;
    this.hosts = new HostsFile(options.hostsFile);
    this.resolver = this.newResolver();
  }

  /** The address of `name`; rejects with the reason, e.g. "no answer within 300 ms", when there is none in `timeoutMs`. */
  async resolve(name: string, timeoutMs: number): Promise<string> {
    const key = name.toLowerCase().replace(/\.$/, '');
    const fromHosts = this.hosts.addressOf(key);
    if (fromHosts) return fromHosts;
    const cached = this.cache.get(key);
    const answer = cached && cached.expiresAt > performance.now() ? cached : await withTimeout(this.shared(key), timeoutMs);
    if (answer.address === undefined) throw new Error(answer.error);
    return answer.address;
  }

  /** Stops the queries in flight. */
  close(): void {
    this.resolver.cancel();
  }

  /** The query in flight for `name`, started when there is none. */
  private shared(name: string): Promise<Answer> {
    let query = this.inFlight.get(name);
    if (!query) {
      query = this.query(name).finally(() => this.inFlight.delete(name));
      this.inFlight.set(name, query);
    }
    return query;
  }

  private async query(name: string): Promise<Answer> {
    let answer: Answer;
    try {
      const { address, ttlMs } = await this.ask(name);
      answer = { address, expiresAt: performance.now() + Math.min(Math.max(ttlMs, this.minTtlMs), this.maxTtlMs) };
    } catch (err) {
      const { code, message } = err as DnsError;
      answer = { error: (code && REASONS[code]) ?? message, expiresAt: performance.now() + this.failureTtlMs };
    }
    this.cache.set(name, answer);
    return answer;
  }

  /** A, else AAAA; for a name DNS does not know, the system's other sources (e.g. a search domain) through lookup. */
  private async ask(name: string): Promise<{ address: string; ttlMs: number }> {
    const resolver = this.currentResolver();
    let records: RecordWithTtl[];
    try {
      records = await resolver.resolve4(name, { ttl: true });
    } catch (err) {
      if ((err as DnsError).code !== 'ENODATA') return this.lookupOr(name, err as DnsError);
      try {
        records = await resolver.resolve6(name, { ttl: true });
      } catch (err6) {
        return this.lookupOr(name, err6 as DnsError);
      }
    }
    const [first] = records;
    if (!first) return this.lookupOr(name, Object.assign(new Error('no address'), { code: 'ENODATA' }));
    return { address: first.address, ttlMs: Math.min(...records.map((r) => r.ttl)) * 1000 };
  }

  /** After DNS said no such name or record: asks lookup (nsswitch); a name server that failed is the answer itself. */
  private async lookupOr(name: string, dnsError: DnsError): Promise<{ address: string; ttlMs: number }> {
    if (!this.useLookup || (dnsError.code !== 'ENOTFOUND' && dnsError.code !== 'ENODATA')) throw dnsError;
    try {
      return { address: (await lookup(name)).address, ttlMs: this.minTtlMs };
    } catch {
      throw dnsError;
    }
  }

  private newResolver(): Resolver {
    const resolver = new Resolver();
    if (this.options.servers) resolver.setServers(this.options.servers);
    return resolver;
  }

  /** The system's resolvers, made again when /etc/resolv.conf changed (a DHCP lease, a VPN). */
  private currentResolver(): Resolver {
    if (this.options.servers) return this.resolver;
    const now = performance.now();
    if (now - this.resolvConfCheckedAt < RESOLV_CONF_RECHECK_MS) return this.resolver;
    this.resolvConfCheckedAt = now;
    let mtime = -1;
    try {
      mtime = statSync(SYSTEM_RESOLV_CONF).mtimeMs;
    } catch {
      // no resolv.conf: c-ares asks 127.0.0.1
    }
    if (this.resolvConfMtime !== -1 && mtime !== this.resolvConfMtime) this.resolver = this.newResolver();
    this.resolvConfMtime = mtime;
    return this.resolver;
  }
}

/** `promise`, or a rejection "no answer within N ms" when it takes longer. */
async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let deadline: IoDeadline | undefined;
  const late = new Promise<never>((_, reject) => {
    deadline = ioDeadline(timeoutMs, () => reject(new Error(`no answer within ${timeoutMs} ms`)));
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    deadline?.cancel();
  }
}
