// How passwords are hashed, wherever they are: the desk (main) and the server verify the same
// users' hashes, so both use these argon2id parameters. The hashing library stays out of shared.

/** OWASP Password Storage Cheat Sheet, argon2id: m=19 MiB (in KiB), t=2, p=1. */
export const ARGON2ID_PARAMETERS = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;
