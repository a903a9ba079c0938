/** @module A target's http `expect` against what came: the first expectation that failed, said with what came instead. */
import { JSONPath } from 'jsonpath-plus';
import type { TargetConfig } from '@uptime/config';
import type { HttpAnswer } from './http-get.js';

type Expect = NonNullable<TargetConfig['expect']>;

/** How much of a body a reason quotes. */
const QUOTE_CHARS = 80;

const quote = (text: string) => JSON.stringify(text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}...` : text);

/** True when `status` is one of `patterns` ("200", "2xx", "20x"). */
export function statusMatches(status: number, patterns: readonly string[]): boolean {
  const code = String(status);
  return patterns.some((p) => p.length === 3 && [...p].every((c, i) => c === 'x' || c === code[i]));
}

/** True when an expectation needs the body. */
export function needsBody(expect: Expect | undefined): boolean {
  return expect?.body !== undefined || expect?.json !== undefined;
}

function jsonFailure(json: NonNullable<Expect['json']>, answer: HttpAnswer): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(answer.body ?? '');
  } catch {
    return `expected JSON with ${json.path} = ${JSON.stringify(json.equals)}, got a body that is not JSON${answer.truncated ? ' (longer than 1 MiB)' : ''}: ${quote(answer.body ?? '')}`;
  }
  // eval: false: a path from the config never runs script
  const found: unknown[] = JSONPath({ path: json.path, json: doc as object, eval: false, wrap: true });
  if (found.length === 0) return `expected ${json.path} = ${JSON.stringify(json.equals)}, got no value at ${json.path}`;
  if (found.some((value) => value === json.equals)) return undefined;
  return `expected ${json.path} = ${JSON.stringify(json.equals)}, got ${found.map((v) => JSON.stringify(v)).join(', ')}`;
}

/** The reason the answer fails the target's expectations (status, body, json, maxResponseTime in this order), or undefined when it passes. */
export function expectationFailure(expect: Expect | undefined, answer: HttpAnswer, rttMs: number): string | undefined {
  if (expect?.status) {
    if (!statusMatches(answer.status, expect.status)) return `expected status ${expect.status.join(' or ')}, got ${answer.status}`;
  } else if (answer.status >= 500) {
    return `HTTP ${answer.status}`;
  }
  if (expect?.body !== undefined && !(answer.body ?? '').includes(expect.body)) {
    return `expected the body to contain ${JSON.stringify(expect.body)}, got ${quote(answer.body ?? '')}`;
  }
  if (expect?.json) {
    const failure = jsonFailure(expect.json, answer);
    if (failure) return failure;
  }
  if (expect?.maxResponseTime !== undefined && rttMs > expect.maxResponseTime) {
    return `expected a response within ${expect.maxResponseTime} ms, took ${Math.round(rttMs)} ms`;
  }
  return undefined;
}
