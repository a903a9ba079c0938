/** @module The smarthost login for a command that delivers: asked for only in smarthost mode with auth on. */
import type { LoadedConfig } from '@uptime/config';
import { smarthostCredentials, type SmarthostCredentials } from '../delivery/relay/smarthost-credentials.js';
import { MtaError } from '../errors.js';
import { fail } from './console-log.js';

/** The credentials the relay needs, or undefined when it needs none; exits naming the variables when they cannot be had. */
export async function credentialsFor({ config, env }: LoadedConfig): Promise<SmarthostCredentials | undefined> {
  const { relay } = config.mta;
  if (relay.mode !== 'smarthost' || !relay.smarthost.auth) return undefined;
  try {
    return await smarthostCredentials({
      env,
      configUser: relay.smarthost.user,
      smarthost: `${relay.smarthost.host}:${relay.smarthost.port}`,
      interactive: Boolean(process.stdin.isTTY), // the appliance pipes stdout but passes the terminal on stdin
    });
  } catch (err) {
    if (err instanceof MtaError) fail(err.message);
    if ((err as Error).name === 'ExitPromptError') fail('no smarthost login given', 130);
    throw err;
  }
}
