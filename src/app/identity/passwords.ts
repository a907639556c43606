import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with the OWASP Password Storage Cheat Sheet's second configuration (m = 19 MiB, t = 2,
 * p = 1). The parameters are stored in each hash, so raising them later re-hashes nothing.
 */
const options = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// An unknown email is checked against this hash so that it takes as long as a wrong password and the
// response time does not tell whether the account exists.
let dummy: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword('ketaclinic-dummy-password-for-timing');
  await verifyPassword(await dummy, password);
  return false;
}
