import { describe, expect, it } from 'vitest';
import { smarthostCredentials } from './smarthost-credentials.js';

const base = { smarthost: 'smtp.example.org:587', interactive: false };

describe('smarthostCredentials', () => {
  it('prefers SMTP_USERNAME/SMTP_PASSWORD, then BURNER_EMAIL_*, then the configured user', async () => {
    const env = { SMTP_USERNAME: 'smtp-user', SMTP_PASSWORD: 'p1', BURNER_EMAIL_ADDRESS: 'burner@example.org', BURNER_EMAIL_PASSWORD: 'p2' };
    expect(await smarthostCredentials({ ...base, env })).toEqual({ user: 'smtp-user', password: 'p1' });
    expect(await smarthostCredentials({ ...base, env: { BURNER_EMAIL_ADDRESS: 'burner@example.org', BURNER_EMAIL_PASSWORD: 'p2' } })).toEqual({ user: 'burner@example.org', password: 'p2' });
    expect(await smarthostCredentials({ ...base, env: { SMTP_PASSWORD: 'p3' }, configUser: 'apikey' })).toEqual({ user: 'apikey', password: 'p3' });
  });

  it('fails without a terminal, naming the variables to set', async () => {
    await expect(smarthostCredentials({ ...base, env: { SMTP_USERNAME: 'only-user' } })).rejects.toMatchObject({
      code: 'MTA_NO_CREDENTIALS',
      message: expect.stringMatching(/smtp\.example\.org:587 needs a login: set SMTP_USERNAME and SMTP_PASSWORD \(or BURNER_EMAIL_ADDRESS and BURNER_EMAIL_PASSWORD\)/),
    });
  });
});
