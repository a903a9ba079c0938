/** @module One GET of a check: to the resolved address, within a deadline, reading the body only when an expectation needs it. */
import { request as httpRequest, type ClientRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { ioDeadline } from '../io-deadline.js';

/** The most of a body a check reads: expectations look at its start. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** What a GET brought back. */
export interface HttpAnswer {
  status: number;
  /** The body as text (at most MAX_BODY_BYTES), when asked for. */
  body?: string;
  /** True when the body was longer than what was read. */
  truncated?: boolean;
  /** The server certificate's end of validity (https). */
  notAfter?: Date;
}

/** A lookup that answers every name with the address we resolved: the request connects there and resolves nothing itself. */
function pinnedLookup(address: string): LookupFunction {
  const family = isIP(address);
  return (_name, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/** The end of validity of the certificate a TLS socket was shown. */
export function certificateEnd(socket: TLSSocket): Date | undefined {
  const validTo = socket.getPeerCertificate?.()?.valid_to;
  return validTo ? new Date(validTo) : undefined;
}

/** GETs `url` from `address` (Host header and TLS server name stay the URL's); rejects with a TimeoutError after `timeoutMs`. */
export function httpGet(url: URL, address: string, timeoutMs: number, readBody: boolean, tls: RequestOptions = {}): Promise<HttpAnswer> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const options: RequestOptions = { ...tls, method: 'GET', agent: false, lookup: pinnedLookup(address), headers: { 'user-agent': 'uptime-sensor' } };
  return new Promise((resolve, reject) => {
    const request: ClientRequest = send(url, options, (response) => {
      const status = response.statusCode ?? 0;
      const notAfter = url.protocol === 'https:' ? certificateEnd(response.socket as TLSSocket) : undefined;
      const done = (answer: HttpAnswer) => {
        deadline.cancel();
        response.destroy();
        resolve(notAfter ? { ...answer, notAfter } : answer);
      };
      if (!readBody) return done({ status }); // the status is all this check reads
      const chunks: Buffer[] = [];
      let length = 0;
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        length += chunk.length;
        if (length > MAX_BODY_BYTES) done({ status, body: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8'), truncated: true });
      });
      response.on('end', () => done({ status, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', (err) => {
        deadline.cancel();
        reject(err);
      });
    });
    const deadline = ioDeadline(timeoutMs, () => request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' })));
    request.on('error', (err) => {
      deadline.cancel();
      reject(err);
    });
    request.end();
  });
}
