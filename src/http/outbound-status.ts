/**
 * The outbound side of /readyz: how many messages wait to be sent, and which groups' webhooks WeCom
 * rejected (93000) so that nothing reaches them until the key is replaced. Names only: a key is a
 * credential.
 */
import type { Data } from '../data/index.ts';
import type { Outbound } from '../outbound/outbound.ts';

export type OutboundStatus = {
  outbound: {
    /** Messages waiting, delayed (rate limit, retry) or being sent. */
    pending: number | null;
    /** Groups whose webhook key WeCom rejected, with when. */
    brokenWebhooks: Array<{ group: string; since: string }>;
  };
};

export async function outboundStatus(
  outbound: Pick<Outbound, 'pending'>,
  data: Pick<Data, 'groups'>,
): Promise<OutboundStatus> {
  const [pending, broken] = await Promise.all([
    outbound.pending().catch(() => null),
    data.groups.broken().then((gs) => gs.sort((a, b) => a.name.localeCompare(b.name))),
  ]);
  return {
    outbound: {
      pending,
      brokenWebhooks: broken.map((g) => ({
        group: g.name,
        since: (g.webhookBrokenAt as Date).toISOString(),
      })),
    },
  };
}
