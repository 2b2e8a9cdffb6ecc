// Access tokens: JWT (jose, HS256 with the configured secret), with issuer, audience and a short
// expiry; claims sub (user), court, roles, device, sid (the session it was issued for). Verification accepts HS256 only, checks the
// signature, iss, aud and exp, and parses the claims; anything else is NOT_AUTHENTICATED.
import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { AppError } from '../../shared/errors';
import { accessTokenClaimsSchema, type AccessTokenClaims } from '../../shared/schemas/server-auth';
import type { ServerConfig } from '../config';

export interface AccessTokens {
  /** A signed token for these claims and how many seconds it lasts. */
  sign(claims: AccessTokenClaims, now: Date): Promise<{ token: string; expiresIn: number }>;
  /** The claims of a valid token; NOT_AUTHENTICATED (expired or invalid) otherwise. */
  verify(token: string, now: Date): Promise<AccessTokenClaims>;
}

export function accessTokens(jwt: ServerConfig['jwt']): AccessTokens {
  const key = new TextEncoder().encode(jwt.secret.reveal());
  return {
    async sign(claims, now) {
      const iat = Math.floor(now.getTime() / 1000);
      const token = await new SignJWT({ court: claims.court, roles: claims.roles, device: claims.device, sid: claims.sid })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuer(jwt.issuer)
        .setAudience(jwt.audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + jwt.accessTokenTtlSeconds)
        .setJti(randomUUID())
        .sign(key);
      return { token, expiresIn: jwt.accessTokenTtlSeconds };
    },
    async verify(token, now) {
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: jwt.issuer,
          audience: jwt.audience,
          currentDate: now,
          requiredClaims: ['exp', 'iat', 'sub'],
        }));
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw new AppError('NOT_AUTHENTICATED', 'errors.auth.tokenExpired');
        throw new AppError('NOT_AUTHENTICATED', 'errors.auth.tokenInvalid');
      }
      const claims = accessTokenClaimsSchema.safeParse(payload);
      if (!claims.success) throw new AppError('NOT_AUTHENTICATED', 'errors.auth.tokenInvalid');
      return claims.data;
    },
  };
}
