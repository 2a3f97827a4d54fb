// Windows that share the store agree on one renewer: each writes its claim, waits a
// moment, and the one whose claim is read back renews. The others wait for its result
// to appear in the store. No `vscode` import.
import { Keychain } from './keychain';

/** How long windows take to agree on the one that renews, and how long the others wait for its result. */
export const CLAIM_SETTLE_MS = 300;
const CLAIM_WAIT_MS = 15_000;

export interface ClaimContext {
  keychain: Keychain;
  /** This window, in renewal claims. */
  id: string;
  sleep(ms: number): Promise<void>;
}

/** True when this window is the one to renew `token`. Without a store to agree through, it is. */
export async function winRenewalClaim(ctx: ClaimContext, token: string): Promise<boolean> {
  try {
    await ctx.keychain.claimRenewal(ctx.id, token);
    await ctx.sleep(CLAIM_SETTLE_MS);
    const owner = await ctx.keychain.renewalOwner(token);
    return owner === undefined || owner === ctx.id;
  } catch {
    return true; // no store to agree through: renew
  }
}

/**
 * Waits until the store holds another session than the one with `token` (`sync` adopts
 * what the store holds and returns this window's session); true when one was adopted.
 */
export async function waitForStoreChange(ctx: ClaimContext, token: string, sync: () => Promise<{ token: string } | undefined>): Promise<boolean> {
  for (let waited = 0; waited < CLAIM_WAIT_MS; waited += CLAIM_SETTLE_MS) {
    const session = await sync();
    if (session?.token !== token) return session !== undefined;
    await ctx.sleep(CLAIM_SETTLE_MS);
  }
  return false;
}
