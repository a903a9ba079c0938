/** @module HTTP probe: up when a GET of the URL answers with a status below 500 within the timeout. */
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { TargetConfig } from '@uptime/config';
import type { Probe, ProbeResult } from './probe.js';
import { resolveForCheck } from './resolve-address.js';
import type { NameResolver } from './names/name-resolver.js';

/** A lookup that answers every name with the address we resolved: the request connects there and resolves nothing itself. */
function pinnedLookup(address: string): LookupFunction {
  const family = isIP(address);
  return (_name, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/** GETs `url` from `address` (Host header and TLS server name stay the URL's); resolves at the response headers. */
function get(url: URL, address: string, timeoutMs: number): Promise<IncomingMessage> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const options: RequestOptions = { method: 'GET', agent: false, lookup: pinnedLookup(address), headers: { 'user-agent': 'uptime-sensor' } };
  return new Promise((resolve, reject) => {
    const request: ClientRequest = send(url, options, (response) => {
      clearTimeout(timer);
      response.destroy(); // the status is all a check reads
      resolve(response);
    });
    const timer = setTimeout(() => request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs);
    request.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    request.end();
  });
}

/** Creates the HTTP(S) GET probe, names resolved by the system's name servers. */
export function createHttpProbe(): Probe {
  return createHttpProbeWith();
}

/** The HTTP(S) GET probe with `names` resolving host names (a test's name server); default the system's. */
export function createHttpProbeWith(names?: NameResolver): Probe {
  return {
    kind: 'http',
    async check(target: TargetConfig, timeoutMs: number): Promise<ProbeResult> {
      const deadline = performance.now() + timeoutMs;
      const { address, failed } = await resolveForCheck(target.host, timeoutMs, names);
      if (failed) return failed;
      const started = performance.now();
      try {
        const response = await get(new URL(target.url ?? `http://${target.host}/`), address, Math.max(deadline - started, 1));
        const rttMs = performance.now() - started;
        const status = response.statusCode ?? 0;
        if (status >= 500) return { ok: false, address, rttMs, error: `HTTP ${status}` };
        return { ok: true, address, rttMs };
      } catch (err) {
        const e = err as Error;
        return { ok: false, address, error: e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : e.message };
      }
    },
    close() {},
  };
}
