import { hash, verify } from '@node-rs/argon2'

// OWASP's argon2id baseline (m = 19 MiB, t = 2, p = 1). Hashing runs on libuv's thread pool, off the event loop.
const params = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, params)
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    // Same work for unknown accounts, so response time does not reveal which e-mail addresses exist.
    await hash(password, params)
    return false
  }
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
}
