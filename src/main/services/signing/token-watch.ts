// Card insertion and removal, noticed by polling (PKCS#11 has no portable event we can rely on
// across vendor drivers, and C_WaitForSlotEvent blocks the token service): the token list is asked
// every two seconds, only while someone has a signing dialog open, and pushed to the renderer when
// it changed. A dialog left open without renewing its watch stops the polling after five minutes,
// so a closed window never keeps a driver busy.
import type { TokenList } from '../../../shared/schemas/signing';

export const TOKEN_POLL_MS = 2_000;
const WATCH_EXPIRES_MS = 5 * 60_000;

export class TokenWatch {
  private timer: NodeJS.Timeout | null = null;
  private expires = 0;
  private last: string | null = null;
  private polling = false;

  constructor(
    private readonly list: () => Promise<TokenList>,
    private readonly changed: (list: TokenList) => void,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = TOKEN_POLL_MS,
  ) {}

  get watching(): boolean {
    return this.timer !== null;
  }

  /** A dialog opened (or renewed its watch): poll; closed: stop. */
  setWatching(on: boolean): void {
    if (!on) {
      this.stop();
      return;
    }
    this.expires = this.now() + WATCH_EXPIRES_MS;
    if (this.timer) return;
    this.last = null;
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
  }

  /** The list as it stands, remembered as what the renderer was last told. */
  noted(list: TokenList): TokenList {
    this.last = JSON.stringify(list);
    return list;
  }

  private async poll(): Promise<void> {
    if (this.now() > this.expires) {
      this.stop();
      return;
    }
    if (this.polling) return;
    this.polling = true;
    try {
      const list = await this.list();
      const text = JSON.stringify(list);
      if (text !== this.last && this.timer) {
        this.last = text;
        this.changed(list);
      }
    } finally {
      this.polling = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
