import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash.js';

const FAST = { ln: 10, r: 8, p: 1 };

describe('password hashes', () => {
  it('hashes with a random salt into a self-describing string, and verifies', async () => {
    const a = await hashPassword('correct horse', FAST);
    const b = await hashPassword('correct horse', FAST);
    expect(a).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horse ', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('uses the default cost, and refuses hashes it cannot trust', async () => {
    expect(await hashPassword('x')).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$/);
    for (const bad of ['', 'hunter2', '$scrypt$ln=30,r=8,p=1$AAAA$BBBB', '$scrypt$ln=4,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$BBBB', '$bcrypt$x']) {
      expect(await verifyPassword('x', bad), bad).toBe(false);
    }
  });
});
