/** @module Reading and checking query parameters; a bad one is a 400 that names it. */
import { HTTPException } from 'hono/http-exception';

/** A 400 that names the parameter and says what a good value is. */
export function badParam(name: string, value: string, expected: string): HTTPException {
  return new HTTPException(400, { message: `${name}: ${JSON.stringify(value)} is not ${expected}` });
}

/** An optional whole-number parameter within [min, max]; the default when absent or empty. */
export function intParam(value: string | undefined, name: string, range: { min: number; max: number; fallback: number }): number {
  if (value === undefined || value === '') return range.fallback;
  const n = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw badParam(name, value, `a whole number from ${range.min} to ${range.max}`);
  }
  return n;
}

/** An optional text parameter; undefined when absent or blank. */
export function textParam(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
