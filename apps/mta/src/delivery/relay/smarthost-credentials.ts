/** @module The smarthost login: from SMTP_USERNAME/SMTP_PASSWORD or BURNER_EMAIL_*, else asked on the terminal; never written anywhere. */
import { input, password } from '@inquirer/prompts';
import { MTA_ERROR_CODES, MtaError } from '../../errors.js';

/** A login for the smarthost, held in memory only. */
export interface SmarthostCredentials {
  user: string;
  password: string;
}

/** Where the credentials may come from. */
export interface CredentialSources {
  env: Record<string, string | undefined>;
  /** mta.relay.smarthost.user */
  configUser?: string;
  /** "smtp.example.org:587", for the prompt and the error. */
  smarthost: string;
  /** True when stdin and stdout are a terminal. */
  interactive: boolean;
}

/**
 * SMTP_USERNAME/SMTP_PASSWORD win, then BURNER_EMAIL_ADDRESS/BURNER_EMAIL_PASSWORD (no prompt when
 * both are set), then mta.relay.smarthost.user; what is missing is asked on a terminal (the password
 * hidden). Without a terminal it throws, naming the variables to set.
 */
export async function smarthostCredentials(sources: CredentialSources): Promise<SmarthostCredentials> {
  const { env } = sources;
  let user = env.SMTP_USERNAME || env.BURNER_EMAIL_ADDRESS || sources.configUser;
  let pass = env.SMTP_PASSWORD || env.BURNER_EMAIL_PASSWORD;
  if (user && pass) return { user, password: pass };
  if (!sources.interactive) {
    throw new MtaError(
      MTA_ERROR_CODES.NO_CREDENTIALS,
      `the smarthost ${sources.smarthost} needs a login: set SMTP_USERNAME and SMTP_PASSWORD (or BURNER_EMAIL_ADDRESS and BURNER_EMAIL_PASSWORD) in the environment or .env, or start on a terminal to be asked`,
    );
  }
  user ||= await input({ message: `User name for the smarthost ${sources.smarthost}:`, validate: (v) => (v.trim() ? true : 'Enter the user name.') });
  pass ||= await password({ message: `Password for ${user.trim()} at ${sources.smarthost} (not stored):`, mask: '*', validate: (v) => (v ? true : 'Enter the password.') });
  return { user: user.trim(), password: pass };
}
