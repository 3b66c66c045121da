/** Webhook signature tokens already accepted (Mailgun's replay check). */
import { and, eq, lt } from 'drizzle-orm';
import type { Database } from './database.js';
import { espSignatureTokens } from './schema.js';

export type TokenUse = 'first' | 'same-body' | 'replayed';

/**
 * Records the first use of `token` with a body; the same token again with the same body is a
 * retry (`same-body`), with another body a replay (`replayed`). Tokens seen before `forgetBefore`
 * are deleted first: past the signature window they could not verify anyway.
 */
export async function recordSignatureToken(
  db: Database,
  use: { provider: string; token: string; bodySha256: string; at: Date; forgetBefore: Date },
): Promise<TokenUse> {
  await db
    .delete(espSignatureTokens)
    .where(
      and(
        eq(espSignatureTokens.provider, use.provider),
        lt(espSignatureTokens.seenAt, use.forgetBefore),
      ),
    );
  const inserted = await db
    .insert(espSignatureTokens)
    .values({
      provider: use.provider,
      token: use.token,
      bodySha256: use.bodySha256,
      seenAt: use.at,
    })
    .onConflictDoNothing()
    .returning({ token: espSignatureTokens.token });
  if (inserted.length > 0) return 'first';
  const rows = await db
    .select({ bodySha256: espSignatureTokens.bodySha256 })
    .from(espSignatureTokens)
    .where(
      and(eq(espSignatureTokens.provider, use.provider), eq(espSignatureTokens.token, use.token)),
    );
  return rows[0]?.bodySha256 === use.bodySha256 ? 'same-body' : 'replayed';
}
