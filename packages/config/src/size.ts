/** @module Sizes in the config: "50MB", "512KB", "1GB" (powers of 1024) or an integer of bytes. */

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** Parses a size to bytes; returns undefined when the value is not a size. */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?i?b)?\s*$/i.exec(value);
  if (!match) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase().replace('i', '');
  const bytes = Math.round(Number(match[1]) * (UNITS[unit] ?? 1));
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}
