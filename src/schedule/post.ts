/** The scheduler's sender: one reply to every active group subscribed to the job's content. */
import type { Notifier } from '../services/notifier.ts';
import type { PostFn } from './types.ts';

export function notifierPost(notifier: Notifier): PostFn {
  // The dedupe key is stable across a crashed run's retry, so the outbound queue posts it once.
  return (target, reply, meta) =>
    notifier.toSubscribers(target.subscription, [reply], {
      id: meta.dedupeKey,
      ...(target.county ? { county: target.county } : {}),
    });
}
