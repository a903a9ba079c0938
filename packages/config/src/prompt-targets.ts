/** @module Asks for target addresses on a terminal when none are configured. */
import { input } from '@inquirer/prompts';
import { isIP } from 'node:net';

/** Splits an answer into addresses and says what is wrong with it, if anything. */
export function parseTargetAnswer(answer: string): { addresses: string[]; problem?: string } {
  const addresses = answer.split(/[\s,]+/).filter(Boolean);
  if (addresses.length === 0) return { addresses, problem: 'Enter at least one IP address.' };
  const bad = addresses.find((a) => !isIP(a));
  if (bad) return { addresses, problem: `"${bad}" is not an IPv4 or IPv6 address; try again.` };
  return { addresses };
}

/** Asks for one or more target IP addresses until every one given is valid. */
export async function promptTargets(): Promise<string[]> {
  const answer = await input({
    message: 'No targets are configured. Target IP address(es) to monitor, separated by spaces:',
    validate: (value) => parseTargetAnswer(value).problem ?? true,
  });
  return parseTargetAnswer(answer).addresses;
}
