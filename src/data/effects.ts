/**
 * Which messages this process stored something for. The inbound pipeline asks after dispatching a
 * message: a message that stored a report, problem or event is marked done after its answer (the
 * stored effect itself tells a later recovery it was handled); one that stored nothing is marked
 * done before its answer. Repositories note every write that carries a source message id.
 */
export interface EffectLog {
  note(msgId: string | null | undefined): void;
  /** Whether `msgId` stored anything in this process; forgets it. */
  take(msgId: string): boolean;
}

const MAX = 10_000;

export function createEffectLog(): EffectLog {
  const seen = new Set<string>();
  return {
    note(msgId) {
      if (!msgId) return;
      if (seen.size >= MAX) seen.delete(seen.values().next().value!);
      seen.add(msgId);
    },
    take(msgId) {
      return seen.delete(msgId);
    },
  };
}
