// The signed-in user's session with the server, kept in memory only (ARCHITECTURE §7): the access
// token for sync requests and the refresh token that gets the next pair shortly before it expires.
// Each refresh token is spent once (the server rotates them and treats a second use as a replay),
// so refreshes are serialized here. A refresh the server refuses ends the session: the desk keeps
// working and syncs again after the next online sign-in.
import { AppError } from '../../../shared/errors';
import type { DeviceCredential, TokenResponse } from '../../../shared/schemas/server-auth';
import { logoutOnline, refreshSession } from './server-client';

/** Refresh this long before the access token expires, so a request never leaves with a dead one. */
const REFRESH_MARGIN_MS = 30_000;

export class ServerSession {
  private tokens: TokenResponse;
  private expiresAt: number;
  private refreshing: Promise<void> | null = null;
  private ended = false;

  constructor(
    readonly serverUrl: string,
    private readonly device: DeviceCredential,
    tokens: TokenResponse,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = tokens;
    this.expiresAt = now() + tokens.expiresIn * 1000;
  }

  get userId(): string {
    return this.tokens.userId;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** A live access token, refreshed first when it is about to expire. */
  async accessToken(): Promise<string> {
    if (this.ended) throw new AppError('NOT_AUTHENTICATED', 'errors.sync.sessionEnded');
    if (this.now() >= this.expiresAt - REFRESH_MARGIN_MS) {
      this.refreshing ??= this.refresh().finally(() => {
        this.refreshing = null;
      });
      await this.refreshing;
    }
    return this.tokens.accessToken;
  }

  private async refresh(): Promise<void> {
    try {
      const next = await refreshSession(this.serverUrl, this.tokens.refreshToken, this.device);
      this.tokens = next;
      this.expiresAt = this.now() + next.expiresIn * 1000;
    } catch (err) {
      // No answer: try again next round. A refusal (revoked, expired, user deactivated): over.
      if (err instanceof AppError && err.code === 'SERVICE_UNAVAILABLE') throw err;
      this.ended = true;
      throw new AppError('NOT_AUTHENTICATED', 'errors.sync.sessionEnded', { cause: err });
    }
  }

  /** Forgets the tokens and tells the server (best effort). */
  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await logoutOnline(this.serverUrl, this.tokens.accessToken, this.tokens.refreshToken);
  }
}
