// Cards inserted and pulled are noticed by polling only while a signing dialog watches: a change of
// the token list is pushed once, an unchanged list never, and nothing polls once the dialog closed
// or forgot to renew its watch. The token list here is a named fake (FakeTokenList): the polling,
// not PKCS#11, is what is shown; SoftHSM2 tokens are listed for real in sign-judgment.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenWatch } from '../../../src/main/services/signing/token-watch';
import type { TokenList, TokenView } from '../../../src/shared/schemas/signing';

const card = (label: string): TokenView => ({ label, serial: '01', manufacturer: 'Fake', model: 'Fake', loginRequired: true, protectedAuthPath: false, pinState: 'ok' });

/** FakeTokenList: what the reader would report, changed by the test as a card comes and goes. */
class FakeTokenList {
  tokens: TokenView[] = [];
  asked = 0;
  list = async (): Promise<TokenList> => {
    this.asked++;
    return { configured: true, tokens: [...this.tokens], problem: null };
  };
}

let fake: FakeTokenList;
let pushed: TokenList[];
let now: number;
let watch: TokenWatch;
beforeEach(() => {
  vi.useFakeTimers();
  fake = new FakeTokenList();
  pushed = [];
  now = 0;
  watch = new TokenWatch(fake.list, (l) => pushed.push(l), () => now, 2_000);
});
afterEach(() => {
  watch.stop();
  vi.useRealTimers();
});

async function tick(ms: number): Promise<void> {
  now += ms;
  await vi.advanceTimersByTimeAsync(ms);
}

describe('the token watch', () => {
  it('pushes a card inserted and a card pulled, once each, only while watched', async () => {
    await tick(10_000);
    expect(fake.asked).toBe(0); // nobody watching: never polled

    // What signing.watchTokens does: watch, and answer the list as it stands.
    watch.setWatching(true);
    watch.noted(await fake.list());
    await tick(2_000);
    expect(pushed).toEqual([]); // the dialog already has this list
    fake.tokens = [card('juge-alaoui')];
    await tick(2_000);
    expect(pushed.map((l) => l.tokens.map((t) => t.label))).toEqual([['juge-alaoui']]);
    await tick(6_000);
    expect(pushed).toHaveLength(1);
    fake.tokens = [];
    await tick(2_000);
    expect(pushed.map((l) => l.tokens.length)).toEqual([1, 0]);

    watch.setWatching(false);
    const asked = fake.asked;
    fake.tokens = [card('greffe')];
    await tick(10_000);
    expect(fake.asked).toBe(asked);
    expect(pushed).toHaveLength(2);
  });

  it('stops by itself when a dialog does not renew its watch within five minutes', async () => {
    watch.setWatching(true);
    await tick(4 * 60_000);
    watch.setWatching(true); // renewed
    await tick(4 * 60_000);
    expect(watch.watching).toBe(true);
    await tick(2 * 60_000);
    expect(watch.watching).toBe(false);
  });
});
